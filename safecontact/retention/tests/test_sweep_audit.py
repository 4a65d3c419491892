"""Disposal is audited record by record, in the same transaction as the deletion (issue 12, item 4): a run that
fails or is killed part way leaves every record it disposed of audited, the rest untouched, and the chain valid."""

from datetime import date

import pytest

from safecontact.access.policy import Role
from safecontact.audit.events import EventType
from safecontact.audit.models import AuditEvent
from safecontact.audit.verify import verify_all
from safecontact.checks.models import Check
from safecontact.retention import services
from safecontact.retention.models import DisposalLog
from safecontact.retention.tests.helpers import NAMES, at, ended_measure, sweep

START, DUE = date(2026, 1, 15), date(2027, 1, 15)


class Killed(BaseException):
    """What a killed process looks like to the sweep: nothing catches it, nothing after it runs."""


def disposed_events():
    return AuditEvent.objects.filter(event_type=EventType.RETENTION_DISPOSED)


@pytest.fixture
def checks(council, user_with_role):
    staff = user_with_role(Role.STAFF)
    with at(START):
        return [Check.objects.create(council=council, checker=staff, purpose="home_visit", outcome="no_entry",
                                     query_name=f"{given} {family}", query_date_of_birth=dob)
                for given, family, dob in NAMES + [("Ottoline", "Fairweather", date(1990, 5, 6)), ("Ebenezer", "Moss", date(1975, 9, 9))]]


def failing_on_third(monkeypatch, error: BaseException) -> None:
    """The check-log step raises on its third record, after the two before it committed."""
    calls = {"n": 0}
    steps = dict(services.STEPS)
    real = steps["check_log"]

    def dispose(record, out, ctx):
        calls["n"] += 1
        real(record, out, ctx)  # the deletion happens, then the failure: the transaction must take both back
        if calls["n"] == 3:
            raise error

    monkeypatch.setattr(services, "STEPS", tuple((key, dispose if key == "check_log" else fn) for key, fn in services.STEPS))


def test_every_row_disposed_of_has_its_own_event_naming_its_type_and_id_only(council, user_with_role):
    with at(START):
        measure = ended_measure(council, user_with_role)
    incident, person, case = measure.originating_incident, measure.person, measure.case
    attachment, letter = incident.attachments.get(), measure.letters.get()
    counts = sweep(date(2026, 7, 15))
    events = disposed_events()
    assert events.count() == sum(counts.values()) == 6
    subjects = {(e.subject_type, e.subject_id, e.data["record_class"], e.data["action"]) for e in events}
    assert subjects == {
        ("register.measure", str(measure.pk), "ended_measure", "deleted"), ("incidents.incident", str(incident.pk), "incident", "deleted"),
        ("incidents.attachment", str(attachment.pk), "attachment", "deleted"), ("letters.letter", str(letter.pk), "letter", "deleted"),
        ("cases.case", str(case.pk), "case", "deleted"), ("people.person", str(person.pk), "person", "deleted"),
    }
    assert all(set(e.data) == {"record_class", "action", "disposed_on"} and e.actor_type == "system" for e in events)
    assert verify_all()[1] == []


def test_a_run_killed_on_the_third_record_leaves_the_first_two_disposed_and_audited_and_the_rest_untouched(checks, monkeypatch):
    failing_on_third(monkeypatch, Killed())
    with pytest.raises(Killed):
        sweep(DUE)
    left = set(Check.objects.values_list("pk", flat=True))
    gone = {c.pk for c in checks} - left
    assert len(gone) == 2 and len(left) == 3
    assert {e.subject_id for e in disposed_events()} == {str(pk) for pk in gone}
    assert {e.subject_type for e in disposed_events()} == {"checks.check"}
    assert DisposalLog.objects.get(record_class="check_log").count == 2
    for check in checks:
        if check.pk in left:
            assert Check.objects.get(pk=check.pk).query_name == check.query_name  # untouched
    assert verify_all()[1] == []

    monkeypatch.undo()
    assert sweep(DUE)["check_log"] == 3  # the next run carries on
    assert not Check.objects.exists()
    assert {e.subject_id for e in disposed_events()} == {str(c.pk) for c in checks}
    assert DisposalLog.objects.get(record_class="check_log").count == 5
    assert verify_all()[1] == []


def test_a_record_that_fails_is_untouched_and_unaudited_while_the_others_are_disposed_of_and_audited(checks, monkeypatch):
    failing_on_third(monkeypatch, RuntimeError("disk full"))
    with pytest.raises(services.RetentionSweepError) as raised:
        sweep(DUE)
    assert raised.value.counts["check_log"] == 4 and raised.value.errors == ["check_log: RuntimeError"]
    survivor = Check.objects.get()
    assert str(survivor.pk) not in {e.subject_id for e in disposed_events()}
    assert disposed_events().count() == 4 == DisposalLog.objects.get(record_class="check_log").count
    error = AuditEvent.objects.get(event_type=EventType.RETENTION_SWEEP_ERROR)
    assert error.data == {"record_class": "check_log", "error": "RuntimeError", "disposed_on": DUE.isoformat()}
    assert verify_all()[1] == []
