"""The daily run as cron or the worker runs it (`run_daily`), on a frozen clock: a marker approved on
12 January is reminded on 12 June and 5 July, escalated once overdue; a marker ended today is disposed
by the first run after its six months and by none before; running twice does nothing the second time."""

from datetime import date

from django.core import mail

from safecontact.register.models import Measure
from safecontact.retention.tests.helpers import at, ended_measure
from safecontact.reviews.tests.helpers import approved_marker, on
from safecontact.shell.jobs import run_daily


def _run(day: date, captured):
    with on(day, hour=2), captured(execute=True):
        return run_daily(today=day)


def test_reminders_escalation_and_disposal_through_the_daily_run(council, user_with_role, django_capture_on_commit_callbacks):
    approved_marker(council, user_with_role, given="Ifor", family="Bowen")  # approved 12 January 2026: review due 12 July
    with at(date(2026, 1, 12)):
        removed = ended_measure(council, user_with_role, with_letter=False, with_attachment=False)
    counts = lambda run: {k: v for k, v in run.counts.items() if v}  # noqa: E731

    assert counts(_run(date(2026, 6, 11), django_capture_on_commit_callbacks)) == {}
    # The reminder is queued by the reviews step and sent by the emails step at the end of the same run.
    assert counts(_run(date(2026, 6, 12), django_capture_on_commit_callbacks)) == {"reviews.reminders_sent": 1, "staff_emails.sent": 1}
    assert counts(_run(date(2026, 6, 12), django_capture_on_commit_callbacks)) == {}  # the same day again: nothing
    assert counts(_run(date(2026, 7, 5), django_capture_on_commit_callbacks)) == {"reviews.reminders_sent": 1, "staff_emails.sent": 1}
    assert counts(_run(date(2026, 7, 11), django_capture_on_commit_callbacks)) == {}  # ended 12 January: kept to 12 July
    assert Measure.objects.filter(pk=removed.pk).exists()
    assert counts(_run(date(2026, 7, 12), django_capture_on_commit_callbacks)) == {
        "retention.case": 1, "retention.ended_measure": 1, "retention.incident": 1, "retention.person": 1}
    assert not Measure.objects.filter(pk=removed.pk).exists()
    assert counts(_run(date(2026, 7, 12), django_capture_on_commit_callbacks)) == {}
    assert counts(_run(date(2026, 7, 26), django_capture_on_commit_callbacks)) == {}  # due 12 July + 14 days' grace
    assert counts(_run(date(2026, 7, 27), django_capture_on_commit_callbacks)) == {"reviews.escalations_sent": 1, "staff_emails.sent": 1}
    assert counts(_run(date(2026, 7, 28), django_capture_on_commit_callbacks)) == {}
    assert len(mail.outbox) == 3 and all("Ifor" not in m.body and "Bowen" not in m.body for m in mail.outbox)
