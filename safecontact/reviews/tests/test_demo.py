from django.core import mail
from django.utils import timezone

from safecontact.accounts.models import Organisation
from safecontact.notifications.tests.helpers import forget_staff_emails_so_far
from safecontact.reviews import selectors, services
from safecontact.shell.demo import seed_demo


def test_demo_has_a_review_due_and_one_overdue_that_the_daily_run_escalates(db, django_capture_on_commit_callbacks):
    seed_demo()
    seed_demo()
    council, today = Organisation.objects.get(slug="demo"), timezone.localdate()
    assert selectors.overdue_measures(council=council, today=today).count() == 1
    assert selectors.due_measures(council=council, today=today).count() == 2
    forget_staff_emails_so_far()  # the demo's own notifications (reports, appeals)
    with django_capture_on_commit_callbacks(execute=True):
        counts = services.reviews_daily(today=today)
    assert counts["escalations_sent"] == 1 and counts["reminders_sent"] == 1 and counts["errors"] == 0
    assert {m.subject for m in mail.outbox} == {"A register entry you own is due for review", "A register entry's review is overdue"}
