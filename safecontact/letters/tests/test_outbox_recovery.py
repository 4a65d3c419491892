"""A letter claimed by a worker that was killed goes out at the next sweep, not after its lease; the scheduler's
periodic sweep sends the outbox without anyone running send_letters."""

import subprocess
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from safecontact.core.processes import HOST, owner_is_dead
from safecontact.letters import services
from safecontact.letters.models import Event, Letter
from safecontact.letters.services import outbox
from safecontact.letters.tests.factories import live_restriction
from safecontact.shell import jobs


@pytest.fixture
def issued(council, user_with_role):
    measure, officer, *_ = live_restriction(council, user_with_role)
    letter = services.letter_prepare(actor=officer, council=council, event=Event.CONTACT_RESTRICTION, person=measure.person, measure=measure)
    return services.letter_issue(actor=officer, letter=letter, channel="email", address_confirmed=True, recipient_email="william@example.org")


def dead_worker() -> str:
    child = subprocess.Popen(["true"])  # noqa: S607 - a process that ends at once, to get an id no process has
    child.wait()
    return f"{HOST}:{child.pid}:{'0' * 12}"


def test_a_claim_held_by_a_killed_worker_is_freed_and_the_letter_sent_at_once(issued):
    assert outbox.letter_claim(letter_id=issued.pk, worker=dead_worker())
    assert outbox.letters_deliver_due() == 0  # the lease still holds
    assert outbox.letters_release_stale_claims(is_dead=owner_is_dead) == {"claims_released": 1}
    assert outbox.letters_deliver_due() == 1
    issued.refresh_from_db()
    assert issued.status == Letter.Status.SENT and len(mail.outbox) == 1


def test_a_claim_held_by_a_live_worker_is_kept(issued):
    live = outbox.worker_name()  # this process
    assert live.startswith(f"{HOST}:") and outbox.letter_claim(letter_id=issued.pk, worker=live)
    assert outbox.letters_release_stale_claims(is_dead=owner_is_dead) == {"claims_released": 0}
    elsewhere = "another-host:42:abc"  # cannot be asked: its lease decides
    Letter.objects.filter(pk=issued.pk).update(claimed_by=elsewhere)
    assert outbox.letters_release_stale_claims(is_dead=owner_is_dead) == {"claims_released": 0}
    later = timezone.now() + outbox.LEASE + timedelta(seconds=1)
    assert outbox.letters_release_stale_claims(is_dead=owner_is_dead, now=later) == {"claims_released": 1}


def test_the_schedulers_sweep_sends_the_outbox(issued):
    assert jobs.run_due_sweeps({}, now=0)["letters"] == 1
    issued.refresh_from_db()
    assert issued.status == Letter.Status.SENT and len(mail.outbox) == 1
