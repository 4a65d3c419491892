"""Demo reviews: one entry due for review within the week and one overdue (escalated by the first
daily run), so "Your reviews", "Reviews due" and the register's "Review overdue" tag show something. Idempotent."""

from datetime import timedelta

from django.utils import timezone

from safecontact.accounts.models import Organisation
from safecontact.register.models import LIVE_STATUSES, Measure
from safecontact.reviews.models import ReviewSettings


def seed_reviews(*, council: Organisation) -> None:
    if ReviewSettings.objects.filter(council=council).exists():
        return
    ReviewSettings.objects.create(council=council)
    today = timezone.localdate()
    live = Measure.objects.filter(council=council, status__in=LIVE_STATUSES, person__isnull=False)
    due = live.filter(person__family_name="Harrington").first()
    if due is not None:
        Measure.objects.filter(pk=due.pk).update(review_due=today + timedelta(days=6))
    overdue = live.filter(person__family_name="McAllister").first()
    if overdue is not None:  # approved seven months ago, review missed: the limit still holds (review - approval <= 366 days)
        Measure.objects.filter(pk=overdue.pk).update(approved_on=today - timedelta(days=210), starts_on=today - timedelta(days=210),
                                                     review_due=today - timedelta(days=28))
