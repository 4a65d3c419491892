"""Telling the customer (domain R37): live entries whose customer has not been told, decisions not to tell
whose reconsider date has come, the home page tasks that show them, and the daily run's reminder."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from safecontact.access.policy import Role
from safecontact.audit.models import AuditEvent
from safecontact.core.contributions import daily_steps
from safecontact.letters import selectors, services
from safecontact.letters.models import Event
from safecontact.letters.services.reconsider import notify_reconsider_daily
from safecontact.letters.tests.factories import live_restriction
from safecontact.reviews.tests.helpers import on

NOT_TOLD = "Live entries: the customer has not been told"
RECONSIDER = "Decisions not to tell the customer due for reconsideration"


@pytest.fixture
def restriction(council, user_with_role):
    return live_restriction(council, user_with_role)


def withhold(measure, approver, *, days=10):
    reconsider_on = timezone.localdate() + timedelta(days=days)
    services.measure_notification_decide(actor=approver, measure=measure, notify=False, reasons="Risk to the officer's family",
                                         reconsider_on=reconsider_on)
    return reconsider_on


def not_told(council):
    return list(selectors.measures_not_told(council=council))


def due(council, today):
    return list(selectors.measures_reconsider_due(council=council, today=today))


# --- the selector ---
def test_a_live_entry_with_no_letter_and_no_decision_is_not_told(restriction, council):
    measure, *_ = restriction
    assert not_told(council) == [measure]
    assert due(council, timezone.localdate() + timedelta(days=365)) == []


def test_a_draft_letter_does_not_tell_the_customer_but_an_issued_one_does(restriction, council):
    measure, officer, *_ = restriction
    letter = services.letter_prepare(actor=officer, council=council, event=Event.CONTACT_RESTRICTION, person=measure.person, measure=measure)
    assert not_told(council) == [measure]
    services.letter_issue(actor=officer, letter=letter, channel="post", address_confirmed=True)
    assert not_told(council) == []


def test_a_letter_of_another_kind_does_not_tell_the_customer_about_the_entry(restriction, council):
    measure, officer, *_ = restriction
    letter = services.letter_prepare(actor=officer, council=council, event=Event.FORMAL_WARNING, person=measure.person, measure=measure)
    services.letter_issue(actor=officer, letter=letter, channel="post", address_confirmed=True)
    assert not_told(council) == [measure]


def test_a_decision_not_to_tell_leaves_the_list_until_its_reconsider_date(restriction, council):
    measure, _, approver, _ = restriction
    reconsider_on = withhold(measure, approver)
    assert not_told(council) == []
    assert due(council, reconsider_on - timedelta(days=1)) == []
    assert due(council, reconsider_on) == [measure] and due(council, reconsider_on + timedelta(days=5)) == [measure]


def test_a_decision_to_tell_after_all_puts_the_entry_back_until_the_letter_goes(restriction, council):
    measure, _, approver, _ = restriction
    reconsider_on = withhold(measure, approver)
    services.measure_notification_decide(actor=approver, measure=measure, notify=True)
    assert not_told(council) == [measure] and due(council, reconsider_on) == []


def test_another_councils_entries_are_not_listed(restriction, other_council):
    assert not_told(other_council) == []


@pytest.mark.parametrize("role", [Role.STAFF, Role.APPEALS_OFFICER, Role.PARTNER, Role.DPO])
def test_roles_without_the_follow_up_see_nothing(restriction, council, user_with_role, role):
    assert list(selectors.measures_not_told_for(actor=user_with_role(role), council=council)) == []


# --- the home page and the list ---
@pytest.mark.parametrize("role", [Role.REGISTER_OFFICER, Role.REGISTER_MANAGER, Role.DECISION_MAKER])
def test_those_who_tell_the_customer_see_the_tasks(restriction, council, user_with_role, client_for, role):
    measure, _, approver, _ = restriction
    user = user_with_role(role)
    client = client_for(user)
    home = client.get(reverse("core:home")).content.decode()
    assert NOT_TOLD in home and RECONSIDER not in home
    page = client.get(reverse("letters:not_told")).content.decode()
    assert measure.reference in page and "William Harrington" in page
    reconsider_on = withhold(measure, approver)
    with on(reconsider_on):  # signed in on the day: a session from ten days before has expired
        client = client_for(user)
        home = client.get(reverse("core:home")).content.decode()
        assert NOT_TOLD not in home and RECONSIDER in home
        page = client.get(reverse("letters:not_told")).content.decode()
    assert measure.reference in page and reconsider_on.strftime("%-d %b %Y") in page and "Dafydd Morgan" in page


@pytest.mark.parametrize("role", [Role.STAFF, Role.APPEALS_OFFICER, Role.HS_ADVISER])
def test_others_do_not_see_the_tasks(restriction, council, user_with_role, client_for, role):
    client = client_for(user_with_role(role))
    assert NOT_TOLD not in client.get(reverse("core:home")).content.decode()
    assert client.get(reverse("letters:not_told")).status_code in (403, 404)


# --- the daily run ---
def test_the_daily_run_includes_the_reconsider_step():
    assert ("notify_reconsider", "safecontact.letters.services.reconsider.notify_reconsider_daily") in daily_steps()


def test_the_reminder_goes_once_when_the_reconsider_date_arrives(restriction, council, django_capture_on_commit_callbacks):
    measure, _, approver, _ = restriction
    reconsider_on = withhold(measure, approver)
    mail.outbox.clear()

    def run(day):
        with django_capture_on_commit_callbacks(execute=True):
            return notify_reconsider_daily(today=day)

    assert run(reconsider_on - timedelta(days=1)) == {"reconsider_reminders_sent": 0, "errors": 0}
    assert mail.outbox == []
    assert run(reconsider_on) == {"reconsider_reminders_sent": 1, "errors": 0}
    assert run(reconsider_on) == {"reconsider_reminders_sent": 0, "errors": 0}  # the same day again: nothing
    assert run(reconsider_on + timedelta(days=1))["reconsider_reminders_sent"] == 0
    # The owner (the proposing officer) and the decision-maker, each with a link they can open; no personal data.
    assert sorted(address for m in mail.outbox for address in m.to) == sorted([approver.email, measure.owner.email])
    links = {m.to[0]: m.body for m in mail.outbox}
    assert reverse("letters:notify_decision", kwargs={"measure_id": measure.pk}) in links[approver.email]
    assert reverse("register:measure_detail", kwargs={"id": measure.pk}) in links[measure.owner.email]
    assert all("William" not in m.body and "Harrington" not in m.body and measure.reference not in m.body for m in mail.outbox)
    event = AuditEvent.objects.get(event_type="measure.notification_reconsider_due", subject_id=str(measure.pk))
    assert event.actor_type == AuditEvent.ActorType.SYSTEM and event.data["reconsider_on"] == reconsider_on.isoformat()
    assert event.data["recipients"] == 2


def test_a_new_decision_not_to_tell_earns_a_new_reminder(restriction, council, django_capture_on_commit_callbacks):
    measure, _, approver, _ = restriction
    first = withhold(measure, approver)
    assert notify_reconsider_daily(today=first)["reconsider_reminders_sent"] == 1
    second = withhold(measure, approver, days=20)
    assert notify_reconsider_daily(today=first)["reconsider_reminders_sent"] == 0
    assert notify_reconsider_daily(today=second)["reconsider_reminders_sent"] == 1
    assert notify_reconsider_daily(today=second)["reconsider_reminders_sent"] == 0


def test_a_decision_to_tell_stops_the_reminder(restriction, council):
    measure, _, approver, _ = restriction
    reconsider_on = withhold(measure, approver)
    services.measure_notification_decide(actor=approver, measure=measure, notify=True)
    assert notify_reconsider_daily(today=reconsider_on)["reconsider_reminders_sent"] == 0
