from datetime import date, timedelta

import pytest
from django.utils import timezone

from safecontact.access.policy import Role
from safecontact.governance import services
from safecontact.register.models import Measure
from safecontact.register.tests import builders as b
from safecontact.reviews.services import review_complete


@pytest.fixture
def officer(user_with_role):
    return user_with_role(Role.REGISTER_OFFICER, full_name="Olivia Officer")


@pytest.fixture
def member(user_with_role):
    return user_with_role(Role.GOVERNANCE_MEMBER, full_name="Grace Member")


@pytest.fixture
def flagged(council):
    home = b.address(council, line1="12 Mill Lane", postcode="GL50 1PQ", uprn="100120001234")
    return b.person(council, given="William", family="Harrington", dob=date(1971, 3, 14), at=home)


@pytest.fixture
def marker(council, user_with_role, flagged):
    return b.live_marker(council, user_with_role, subject=flagged)


def recommend_removal(measure, officer):
    return review_complete(actor=officer, measure=measure, outcome="recommend_removal",
                           reasons="No incident in the last year; the customer has engaged well.")


def make_overdue(measure, days=60):
    today = timezone.localdate()
    Measure.objects.filter(pk=measure.pk).update(approved_on=today - timedelta(days=days + 200), review_due=today - timedelta(days=days))
    measure.refresh_from_db()
    return measure


def make_long_lived(measure, years=3):
    Measure.objects.filter(pk=measure.pk).update(starts_on=timezone.localdate() - timedelta(days=365 * years))
    measure.refresh_from_db()
    return measure


@pytest.fixture
def meeting(council, officer, member):
    return services.meeting_create(actor=officer, council=council, held_on=timezone.localdate(), members_present=[member])
