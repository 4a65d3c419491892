"""The outbox of emails to staff: written in the caller's transaction, sent once, retried with backoff, given up
on visibly, and taken over when a sender dies holding a claim."""

import smtplib
from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from safecontact.audit.models import AuditEvent
from safecontact.core import outbox as core_outbox
from safecontact.core.contributions import daily_steps
from safecontact.notifications import outbox
from safecontact.notifications.models import StaffEmail
from safecontact.notifications.services import staff_email_queue

SEND = "safecontact.notifications.outbox.EmailMessage.send"


def queue(council, key="", recipients=("morgan@testshire.gov.uk",), path="/incidents/triage/"):
    return staff_email_queue(council=council, recipients=list(recipients), subject="An incident report is waiting for your triage",
                             path=path, key=key)


def events(event_type, email):
    return AuditEvent.objects.filter(event_type=event_type, subject_id=str(email.pk))


def later(minutes):
    return time_machine.travel(timezone.now() + timedelta(minutes=minutes), tick=False)


def test_queueing_writes_a_link_only_email_in_the_callers_transaction(council):
    with pytest.raises(RuntimeError), transaction.atomic():
        queue(council, key="rolled-back")
        raise RuntimeError("the caller's change fails")
    assert not StaffEmail.objects.exists()  # no event, no email
    email = queue(council, recipients=["b@x.gov.uk", "a@x.gov.uk", "a@x.gov.uk", ""])
    assert email.recipients == ["a@x.gov.uk", "b@x.gov.uk"] and email.status == StaffEmail.Status.PENDING
    assert email.body.startswith("An incident report is waiting for your triage.\n\nOpen it here: http")
    assert "/incidents/triage/" in email.body and "Sign in to Safe Contact" in email.body
    assert queue(council, recipients=[]) is None


def test_one_event_queues_one_email_however_often_it_is_queued(council):
    first = queue(council, key="review-reminder:1")
    assert queue(council, key="review-reminder:1") == first
    assert StaffEmail.objects.count() == 1


def test_an_email_is_sent_once_marked_sent_and_audited(council):
    email = queue(council)
    assert outbox.staff_emails_deliver_due() == 1
    assert outbox.staff_emails_deliver_due() == 0  # a second run sends nothing
    (message,) = mail.outbox
    assert message.to == ["morgan@testshire.gov.uk"] and message.extra_headers["Message-ID"] == f"<{email.pk}@staff-email.safecontact>"
    email.refresh_from_db()
    assert email.status == StaffEmail.Status.SENT and email.sent_at and email.attempts == 1 and email.claimed_by == ""
    assert events("staff_email.sent", email).get().actor_type == "system"


def test_a_failed_send_waits_longer_each_time_and_is_sent_once_the_server_is_back(council):
    email = queue(council)
    with mock.patch(SEND, side_effect=ConnectionRefusedError("down")):
        assert outbox.staff_emails_deliver_due() == 0
        email.refresh_from_db()
        assert (email.status, email.attempts, email.claimed_at) == (StaffEmail.Status.PENDING, 1, None)
        assert email.last_error == "The email server could not be reached (ConnectionRefusedError)"
        first_wait = email.next_attempt_at - timezone.now()
        assert timedelta(minutes=1) < first_wait <= timedelta(minutes=2)
        assert outbox.staff_emails_deliver_due() == 0 and email.attempts == 1  # not due yet: backing off
        with later(3):
            assert outbox.staff_emails_deliver_due() == 0
            email.refresh_from_db()
            assert email.attempts == 2 and email.next_attempt_at - timezone.now() > first_wait
    with later(10):
        call_command("send_staff_emails")
        call_command("send_staff_emails")
    email.refresh_from_db()
    assert email.status == StaffEmail.Status.SENT and email.attempts == 3 and len(mail.outbox) == 1
    assert events("staff_email.delivery_failed", email).count() == 2


def test_after_the_last_try_the_email_is_marked_as_could_not_be_sent(council):
    email = queue(council)
    with mock.patch(SEND, side_effect=smtplib.SMTPAuthenticationError(535, b"no")):
        for attempt in range(outbox.MAX_ATTEMPTS):
            with later(300 * attempt):
                outbox.staff_emails_deliver_due()
    email.refresh_from_db()
    assert email.status == StaffEmail.Status.FAILED and email.attempts == outbox.MAX_ATTEMPTS
    assert email.last_error == "The email server refused the service's sign-in (SMTPAuthenticationError 535)"
    assert events("staff_email.delivery_failed", email).filter(data__gave_up=True).count() == 1
    with later(10_000):
        assert outbox.staff_emails_deliver_due() == 0  # given up: only a person sends it again
    assert mail.outbox == []


def test_a_claim_left_by_a_dead_sender_is_taken_over_after_its_lease(council):
    email = queue(council)
    assert core_outbox.claim_due(StaffEmail, pending="pending", worker="dead-host:1:gone", now=timezone.now()) == [email.pk]
    assert outbox.staff_emails_deliver_due() == 0  # still claimed
    with time_machine.travel(timezone.now() + core_outbox.LEASE + timedelta(seconds=1), tick=False):
        assert outbox.staff_emails_deliver_due() == 1
    assert len(mail.outbox) == 1


def test_the_workers_recovery_frees_a_dead_senders_claim_at_once(council):
    from safecontact.core.worker import RECOVERY_STEPS, RESTARTABLE_TASKS

    assert ("staff_emails", "safecontact.notifications.outbox.staff_emails_release_stale_claims") in RECOVERY_STEPS
    assert "safecontact.notifications.tasks.deliver_staff_emails" in RESTARTABLE_TASKS
    email = queue(council)
    core_outbox.claim_due(StaffEmail, pending="pending", worker="here:1:dead", now=timezone.now())
    queue(council, key="held by a live sender")
    core_outbox.claim_due(StaffEmail, pending="pending", worker="here:2:alive", now=timezone.now())
    freed = outbox.staff_emails_release_stale_claims(is_dead=lambda owner: owner == "here:1:dead")
    assert freed == {"claims_released": 1}
    assert outbox.staff_emails_deliver_due() == 1  # no lease to wait for
    email.refresh_from_db()
    assert email.status == StaffEmail.Status.SENT


def test_a_sender_whose_claim_passed_to_another_does_not_mark_the_email(council):
    email = queue(council)
    core_outbox.claim_due(StaffEmail, pending="pending", worker="slow", now=timezone.now() - core_outbox.LEASE * 2)
    core_outbox.claim_due(StaffEmail, pending="pending", worker="second", now=timezone.now())
    assert outbox._record_sent(email=email, worker="slow") == 0
    assert outbox._record_sent(email=email, worker="second") == 1
    assert StaffEmail.objects.get(pk=email.pk).status == StaffEmail.Status.SENT


def test_a_server_that_cannot_be_reached_is_tried_once_per_sweep_not_once_per_email(council):
    for n in range(3):
        queue(council, key=f"k{n}")
    with mock.patch(SEND, side_effect=TimeoutError("slow")) as send:
        assert outbox.staff_emails_deliver_due() == 0
    assert send.call_count == 1
    assert set(StaffEmail.objects.values_list("attempts", "status")) == {(1, "pending")}


def test_one_refused_email_does_not_stop_the_others(council):
    queue(council, key="a")
    queue(council, key="b")
    with mock.patch(SEND, side_effect=[smtplib.SMTPRecipientsRefused({}), 1]):
        assert outbox.staff_emails_deliver_due() == 1
    assert sorted(StaffEmail.objects.values_list("status", flat=True)) == ["pending", "sent"]
    assert StaffEmail.objects.get(status="pending").last_error == "The email server refused this email (SMTPRecipientsRefused)"


def test_a_backend_that_sends_nothing_is_a_failure(council):
    email = queue(council)
    with mock.patch(SEND, return_value=0):
        assert outbox.staff_emails_deliver_due() == 0
    email.refresh_from_db()
    assert email.status == StaffEmail.Status.PENDING and email.last_error.startswith("The email server did not accept")


def test_the_daily_run_sends_what_is_due_and_forgets_old_sent_emails(council):
    assert ("staff_emails", "safecontact.notifications.outbox.staff_emails_daily") in daily_steps()
    old = queue(council, key="old")
    outbox.staff_emails_deliver_due()
    StaffEmail.objects.filter(pk=old.pk).update(sent_at=timezone.now() - outbox.KEEP_SENT - timedelta(days=1))
    queue(council, key="new")
    assert outbox.staff_emails_daily() == {"sent": 1, "pruned": 1}
    assert list(StaffEmail.objects.values_list("key", flat=True)) == ["new"]


def test_a_queued_email_wakes_the_worker_when_the_transaction_commits(council, settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    from safecontact.notifications.tasks import deliver_staff_emails

    with django_capture_on_commit_callbacks(execute=True):
        queue(council)
        assert not DBTaskResult.objects.exists()  # not before the commit
    assert DBTaskResult.objects.get().task_path == deliver_staff_emails.module_path


def test_the_schedulers_sweep_sends_a_retry_when_it_falls_due_without_anyone_running_a_command(council):
    from safecontact.shell.jobs import periodic_sweeps, run_due_sweeps

    assert any(path == "safecontact.notifications.outbox.staff_emails_deliver_due" for _, path, _ in periodic_sweeps())
    email = queue(council)
    with mock.patch(SEND, side_effect=ConnectionRefusedError("down")):
        assert run_due_sweeps({}, now=0.0)["staff_emails"] == 0
    with later(3):
        assert run_due_sweeps({}, now=0.0)["staff_emails"] == 1
    email.refresh_from_db()
    assert email.status == StaffEmail.Status.SENT and email.attempts == 2
