"""The daily sweep: nothing disposed of early, nothing kept past its time, holds respected, every
record disposed of whole or not at all, and a second run the same day does nothing."""

import json
from datetime import date

import pytest
from django.core.files.storage import default_storage

from safecontact.access.policy import Role
from safecontact.audit.events import EventType
from safecontact.audit.models import AuditEvent
from safecontact.cases.models import Case
from safecontact.incidents.models import Attachment, Incident
from safecontact.letters.models import Letter
from safecontact.people.models import Address, Person
from safecontact.register.models import Measure
from safecontact.retention import disposal, services
from safecontact.retention.models import DisposalLog
from safecontact.retention.selectors import retention_plan
from safecontact.retention.tests.helpers import NAMES, at, ended_measure, search_keys_of, sweep

ENDED = date(2026, 1, 15)
DUE = date(2026, 7, 15)  # six months later: the first daily run that may dispose of it
DAY_BEFORE = date(2026, 7, 14)


@pytest.fixture
def dpo(user_with_role):
    return user_with_role(Role.DPO)


@pytest.fixture
def removed(council, user_with_role):
    with at(ENDED):
        measure = ended_measure(council, user_with_role)
    attachment = Attachment.objects.get(incident=measure.originating_incident)
    return {"measure": measure, "person": measure.person, "incident": measure.originating_incident,
            "file": attachment.file.name, "address": measure.person.addresses.get().address_id}


def test_an_ended_entry_survives_every_run_before_its_period_ends(removed):
    for day in (ENDED, date(2026, 4, 1), DAY_BEFORE):
        assert sweep(day)["ended_measure"] == 0
    assert Measure.objects.filter(pk=removed["measure"].pk).exists()
    assert Incident.objects.filter(pk=removed["incident"].pk).exists()
    assert search_keys_of(removed["person"].pk) > 0
    assert default_storage.exists(removed["file"])


def test_the_first_run_after_the_period_disposes_of_the_entry_and_everything_about_it(removed):
    counts = sweep(DUE)
    assert counts["ended_measure"] == 1 and counts["incident"] == 1 and counts["attachment"] == 1
    # The entry's case (and the decision on it) goes too once nothing rests on it (issue 11: every entry has a case).
    assert counts["letter"] == 1 and counts["case"] == 1 and counts["person"] == 1
    assert not Measure.objects.filter(pk=removed["measure"].pk).exists()
    assert not Incident.objects.filter(pk=removed["incident"].pk).exists()
    assert not Attachment.objects.exists() and not default_storage.exists(removed["file"])
    assert not Letter.objects.exists()
    assert not Person.objects.filter(pk=removed["person"].pk).exists()
    assert search_keys_of(removed["person"].pk) == 0
    assert not Address.objects.filter(pk=removed["address"]).exists()  # typed, and nothing else used it


def test_a_run_the_day_after_also_disposes_of_it(removed):
    sweep(DAY_BEFORE)
    assert sweep(date(2026, 7, 16))["ended_measure"] == 1
    assert not Measure.objects.filter(pk=removed["measure"].pk).exists()


def test_the_plan_shows_what_the_run_will_dispose_of(council, removed):
    assert dict(retention_plan(council=council, today=DAY_BEFORE))["ended_measure"] == 0
    plan = dict(retention_plan(council=council, today=DUE))
    assert plan["ended_measure"] == 1 and plan["attachment"] == 0  # the entry's incident goes with it
    assert Measure.objects.filter(pk=removed["measure"].pk).exists()  # a dry run disposes of nothing


def test_a_council_setting_of_three_months_disposes_sooner(council, removed, dpo):
    services.retention_period_set(actor=dpo, council=council, record_class="ended_measure", months=3, reason="Policy")
    assert sweep(date(2026, 4, 14))["ended_measure"] == 0
    assert sweep(date(2026, 4, 15))["ended_measure"] == 1


def test_running_twice_in_a_row_does_nothing_the_second_time(council, removed):
    first = sweep(DUE)
    log = list(DisposalLog.objects.values_list("record_class", "action", "count"))
    events = AuditEvent.objects.count()
    second = sweep(DUE)
    assert sum(first.values()) > 0 and sum(second.values()) == 0
    assert list(DisposalLog.objects.values_list("record_class", "action", "count")) == log
    assert AuditEvent.objects.count() == events
    assert retention_plan(council=council, today=DUE) == [(key, 0) for key, _ in retention_plan(council=council, today=DUE)]


def test_a_legal_hold_on_the_person_stops_disposal_until_it_is_lifted(council, removed, dpo):
    hold = services.legal_hold_place(actor=dpo, council=council, person=removed["person"], reason="Claim in the county court")
    assert sweep(DUE)["ended_measure"] == 0
    assert sweep(date(2027, 3, 1)) == dict.fromkeys(services.SWEPT_CLASSES, 0)
    assert Measure.objects.filter(pk=removed["measure"].pk).exists() and default_storage.exists(removed["file"])
    services.legal_hold_lift(actor=dpo, hold=hold, reason="Claim settled")
    assert sweep(date(2027, 3, 2))["ended_measure"] == 1
    assert not Person.objects.filter(pk=removed["person"].pk).exists()
    hold.refresh_from_db()
    assert hold.person_id is None and hold.lifted_at is not None  # the hold's own record stays
    assert AuditEvent.objects.filter(event_type__in=[EventType.LEGAL_HOLD_PLACED, EventType.LEGAL_HOLD_LIFTED]).count() == 2


def test_a_legal_hold_on_the_case_stops_disposal(council, removed, dpo):
    case = Case.objects.create(council=council, reference="CASE-2026-000009", person=removed["person"], owner=dpo)
    case.incidents.add(removed["incident"])
    Measure.objects.filter(pk=removed["measure"].pk).update(case=case)
    services.legal_hold_place(actor=dpo, council=council, case=case, reason="Ombudsman investigation")
    assert sweep(DUE)["ended_measure"] == 0
    assert Measure.objects.filter(pk=removed["measure"].pk).exists()


def test_the_measures_own_legal_hold_flag_is_respected(removed):
    Measure.objects.filter(pk=removed["measure"].pk).update(legal_hold=True)
    assert sweep(DUE)["ended_measure"] == 0
    Measure.objects.filter(pk=removed["measure"].pk).update(legal_hold=False)
    assert sweep(date(2026, 7, 16))["ended_measure"] == 1


def test_the_disposal_log_and_audit_trail_hold_no_name_date_of_birth_or_address(council, user_with_role):
    with at(ENDED):
        for given, family, dob in NAMES:
            ended_measure(council, user_with_role, given=given, family=family, dob=dob, line1=f"{len(family)} Foxglove Row")
    sweep(DUE)
    rows = json.dumps(list(DisposalLog.objects.values()), default=str)
    events = json.dumps(list(AuditEvent.objects.filter(event_type=EventType.RETENTION_DISPOSED).values()), default=str)
    assert DisposalLog.objects.get(record_class="ended_measure").count == 3
    for given, family, dob in NAMES:
        for text in (given, family, dob.isoformat(), dob.strftime("%d/%m/%Y"), f"{len(family)} Foxglove Row", "GL52 6XY"):
            assert text not in rows and text not in events


def test_an_exception_half_way_leaves_no_record_half_disposed(council, user_with_role, monkeypatch):
    with at(ENDED):
        measures = [ended_measure(council, user_with_role, given=g, family=f, dob=d, line1=f"{i} Foxglove Row")
                    for i, (g, f, d) in enumerate(NAMES)]
    real_purge, calls = disposal.purge, {"n": 0}

    def failing_purge(queryset, out, **kwargs):
        if queryset.model is Measure and kwargs.get("depth", 0) == 0:
            calls["n"] += 1
            if calls["n"] == 2:  # the second entry: its letter is already deleted in this transaction
                raise RuntimeError("disk full")
        return real_purge(queryset, out, **kwargs)

    monkeypatch.setattr(disposal, "purge", failing_purge)
    with pytest.raises(services.RetentionSweepError) as raised:
        sweep(DUE)
    assert raised.value.errors == ["ended_measure: RuntimeError"]
    assert raised.value.counts["ended_measure"] == 2
    survivors = Measure.objects.all()
    assert survivors.count() == 1
    survivor = survivors.get()
    assert survivor.letters.count() == 1 and Incident.objects.filter(pk=survivor.originating_incident_id).exists()
    assert Attachment.objects.filter(incident=survivor.originating_incident_id).count() == 1
    assert search_keys_of(survivor.person_id) > 0 and Person.objects.count() == 1
    assert DisposalLog.objects.get(record_class="ended_measure").count == 2
    assert AuditEvent.objects.filter(event_type=EventType.RETENTION_SWEEP_ERROR).count() == 1
    assert {m.pk for m in measures} - {survivor.pk}  # the other two went
    monkeypatch.setattr(disposal, "purge", real_purge)
    assert sweep(DUE)["ended_measure"] == 1
    assert not Measure.objects.exists() and not Person.objects.exists()
    assert DisposalLog.objects.get(record_class="ended_measure").count == 3
