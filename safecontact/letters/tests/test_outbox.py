"""Delivery failures keep the letter queued and retry it; a worker that dies after claiming leaves it
to the next worker once the lease expires; each send carries the letter's UUID."""

from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from safecontact.audit.models import AuditEvent
from safecontact.letters import services
from safecontact.letters.models import Event, Letter
from safecontact.letters.services import outbox
from safecontact.letters.tests.factories import live_restriction


@pytest.fixture
def issued(council, user_with_role):
    """An email letter issued but not yet processed (the background task is not run)."""
    measure, officer, *_ = live_restriction(council, user_with_role)
    letter = services.letter_prepare(actor=officer, council=council, event=Event.CONTACT_RESTRICTION, person=measure.person, measure=measure)
    return services.letter_issue(actor=officer, letter=letter, channel="email", address_confirmed=True, recipient_email="william@example.org")


def test_failure_keeps_the_letter_queued_and_it_is_sent_once_when_the_backend_recovers(issued):
    with mock.patch("safecontact.letters.delivery.EmailMessage.send", side_effect=ConnectionRefusedError("smtp down")):
        assert outbox.letters_deliver_due() == 0
    issued.refresh_from_db()
    assert issued.status == Letter.Status.QUEUED and issued.attempts == 1 and issued.last_error == "ConnectionRefusedError"
    assert issued.claimed_at is None and issued.next_attempt_at > timezone.now()
    assert outbox.letters_deliver_due() == 0  # not due yet: backing off
    with time_machine.travel(timezone.now() + timedelta(minutes=5), tick=False):
        call_command("send_letters")
        call_command("send_letters")
    issued.refresh_from_db()
    assert issued.status == Letter.Status.SENT and issued.attempts == 2
    assert len(mail.outbox) == 1
    types = list(AuditEvent.objects.filter(subject_id=str(issued.pk)).values_list("event_type", flat=True))
    assert types.count("letter.delivery_failed") == 1 and types.count("letter.sent") == 1


def test_a_letter_that_keeps_failing_is_marked_failed_and_can_be_tried_again(issued, council, user_with_role):
    now = timezone.now()
    with mock.patch("safecontact.letters.delivery.EmailMessage.send", side_effect=OSError("down")):
        for attempt in range(outbox.MAX_ATTEMPTS):
            with time_machine.travel(now + timedelta(hours=attempt * 2), tick=False):
                outbox.letters_deliver_due()
    issued.refresh_from_db()
    assert issued.status == Letter.Status.FAILED and issued.attempts == outbox.MAX_ATTEMPTS
    from safecontact.access.policy import Role

    services.letter_requeue(actor=user_with_role(Role.REGISTER_OFFICER), letter=issued)
    assert outbox.letters_deliver_due() == 1
    issued.refresh_from_db()
    assert issued.status == Letter.Status.SENT and len(mail.outbox) == 1


def test_a_worker_killed_after_claiming_leaves_the_letter_to_the_next_worker(issued):
    assert outbox.letter_claim(letter_id=issued.pk, worker="worker-a")
    # worker-a dies here. Another worker cannot take the letter while the lease holds…
    assert outbox.letters_deliver_due(worker="worker-b") == 0
    assert not outbox.letter_claim(letter_id=issued.pk, worker="worker-b")
    assert len(mail.outbox) == 0
    # …and takes it once the lease has expired.
    with time_machine.travel(timezone.now() + outbox.LEASE + timedelta(seconds=1), tick=False):
        assert outbox.letters_deliver_due(worker="worker-b") == 1
    issued.refresh_from_db()
    assert issued.status == Letter.Status.SENT and len(mail.outbox) == 1
    # worker-a's late result is not recorded over worker-b's.
    assert not outbox.letter_send_claimed(letter_id=issued.pk, worker="worker-a")
    assert len(mail.outbox) == 1


def test_two_workers_never_both_claim_a_letter(issued):
    assert outbox.letter_claim(letter_id=issued.pk, worker="one")
    assert not outbox.letter_claim(letter_id=issued.pk, worker="two")


def test_notify_letters_carry_the_letter_uuid_as_reference(council, user_with_role, monkeypatch):
    measure, officer, *_ = live_restriction(council, user_with_role)
    letter = services.letter_prepare(actor=officer, council=council, event=Event.CONTACT_RESTRICTION, person=measure.person, measure=measure)
    letter = services.letter_issue(actor=officer, letter=letter, channel="notify", address_confirmed=True)
    monkeypatch.setenv("NOTIFY_API_KEY", "test-key")
    with mock.patch("notifications_python_client.notifications.NotificationsAPIClient") as client_class:
        client_class.return_value.send_precompiled_letter_notification.return_value = {"id": "notify-123", "reference": str(letter.pk)}
        assert outbox.letters_deliver_due() == 1
    kwargs = client_class.return_value.send_precompiled_letter_notification.call_args.kwargs
    assert kwargs["reference"] == str(letter.pk) and kwargs["pdf_file"].read() == bytes(letter.pdf)
    letter.refresh_from_db()
    assert letter.status == Letter.Status.SENT and letter.provider_reference == "notify-123"


def test_without_a_notify_key_the_letter_stays_queued(council, user_with_role, monkeypatch):
    monkeypatch.delenv("NOTIFY_API_KEY", raising=False)
    measure, officer, *_ = live_restriction(council, user_with_role)
    letter = services.letter_prepare(actor=officer, council=council, event=Event.CONTACT_RESTRICTION, person=measure.person, measure=measure)
    letter = services.letter_issue(actor=officer, letter=letter, channel="notify", address_confirmed=True)
    outbox.letters_deliver_due()
    letter.refresh_from_db()
    assert letter.status == Letter.Status.QUEUED and "Notify" in letter.last_error
