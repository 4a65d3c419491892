"""The bulk write path of the real import: the same records as the row-by-row path, a sound audit chain,
consecutive references, and a clear row error (nothing written) when the database refuses a batch."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import DatabaseError, transaction

from safecontact.access.policy import Role
from safecontact.audit.models import AuditEvent
from safecontact.incidents.models import Incident
from safecontact.people.models import Address, Person, PersonAddress, PersonAlias, PersonSearchKey
from safecontact.register import importer, services_import, services_import_bulk
from safecontact.register.models import Measure
from safecontact.register.services_import import register_import
from safecontact.register.tests import builders as b
from safecontact.register.tests.test_importer import DUPLICATE, EXACT_EXISTING, GOOD_MARKER, GOOD_RESTRICTION, counts, sheet

# The same person as GOOD_MARKER (name and date of birth), at another address: linked to the row above.
SAME_AS_GOOD_MARKER = ["Gwenllian", "Ní Dhónaill", "", "02/05/1980", "Flat 2, 9 Bute Street", "CF10 5AA", "", "restriction", "", "",
                       "", "written_only", "Calls at night.", "01/03/2024", "", "", (date.today() + timedelta(days=90)).strftime("%d/%m/%Y")]
ROWS = (GOOD_MARKER, GOOD_RESTRICTION, EXACT_EXISTING, DUPLICATE, SAME_AS_GOOD_MARKER)


@pytest.fixture
def manager(user_with_role):
    return user_with_role(Role.REGISTER_MANAGER)


@pytest.fixture
def existing(council):
    return b.person(council, at=b.address(council), aliases=[("Bill", "Harrington")])


def _name(person_id):
    return str(Person.objects.get(pk=person_id)) if person_id else None


def _sorted(items):
    return sorted(items, key=repr)


def snapshot():
    """Everything an import writes, keyed by names and references rather than ids and times."""
    incidents = {str(i.pk): i.reference for i in Incident.objects.all()}
    measures = {str(m.pk): m.reference for m in Measure.objects.all()}
    return {
        "people": _sorted((p.given_names, p.family_name, p.date_of_birth, p.created_by_id) for p in Person.objects.all()),
        "aliases": _sorted((_name(a.person_id), a.given_names, a.family_name) for a in PersonAlias.objects.all()),
        "addresses": _sorted((a.line1, a.line2, a.town, a.postcode, a.uprn) for a in Address.objects.all()),
        "links": _sorted((_name(pa.person_id), pa.address.line1, pa.from_date) for pa in PersonAddress.objects.all()),
        "keys": _sorted((_name(k.person_id), k.key) for k in PersonSearchKey.objects.all()),
        "incidents": _sorted(
            (i.reference, i.status, i.reporter_id, i.submitted_at, i.occurred_at, i.channel, i.location, i.account, i.subject_given_names,
             i.subject_family_name, i.subject_date_of_birth, i.subject_address, i.subject_postcode, i.identity_confirmation,
             _name(i.person_id), i.source_organisation) for i in Incident.objects.all()),
        "measures": _sorted(
            (m.reference, m.kind, m.status, m.origin, m.decision_id, _name(m.person_id), m.subject_key == f"{m.person_id}|-",
             incidents[str(m.originating_incident_id)],
             m.reasons, m.owner_id, m.proposed_by_id, m.approved_by_id, m.approved_on, m.starts_on, m.review_due, m.risk_impact,
             m.risk_likelihood, m.risk_description, m.risk_description_author_id, m.advice, m.scope, m.mandatory_services_route,
             m.identity_override_reason, sorted(p.label for p in m.precautions.all()), sorted(t.code for t in m.restriction_types.all()),
             m.services.count(), m.shared_with.count(), m.other_incidents.count()) for m in Measure.objects.all()),
        "events": [
            (e.seq, e.event_type, e.actor_type, e.actor_id, e.subject_type,
             measures.get(e.subject_id) or incidents.get(e.subject_id) or e.subject_type,
             {k: incidents.get(v, v) if k == "incident" else v for k, v in e.data.items()})
            for e in AuditEvent.objects.order_by("chain", "seq")],
    }


def _row_by_row(monkeypatch):
    def refuse(*args, **kwargs):
        raise DatabaseError("forced: take the row-by-row path")

    monkeypatch.setattr(services_import, "write_rows_bulk", refuse)


@pytest.mark.parametrize("chunk", [5000, 2], ids=["one_chunk", "chunks_of_two"])
@pytest.mark.parametrize("signer", [None, Role.DECISION_MAKER, Role.REGISTER_MANAGER])
def test_bulk_path_writes_the_same_records_as_the_row_by_row_path(council, manager, existing, user_with_role, monkeypatch, signer,
                                                                  chunk):
    """Chunks of two split the file between a person's first row and the later row linked to it (SAME_AS_GOOD_MARKER)."""
    approver = user_with_role(signer) if signer else None
    results = []
    for bulk in (True, False):
        with transaction.atomic():
            monkeypatch.setattr(services_import_bulk, "WRITE_CHUNK", chunk)
            if not bulk:
                _row_by_row(monkeypatch)
            report = register_import(actor=manager, council=council, source=sheet(*ROWS), dry_run=False, approved_by=approver)
            assert report.imported and report.ok and report.measures_created == 5, report.errors
            results.append(snapshot())
            transaction.set_rollback(True)
        monkeypatch.undo()
    bulk, one_by_one = results
    assert len(bulk["measures"]) == len(one_by_one["measures"]) == 5
    assert sum(e[1].startswith("measure.") for e in bulk["events"]) == 5 * (2 if signer else 1)
    for table in bulk:
        assert bulk[table] == one_by_one[table], table


def test_audit_chain_verifies_after_a_bulk_import(council, manager, existing, user_with_role, capsys):
    b.live_marker(council, user_with_role, subject=b.person(council, given="Ann", family="Other"))  # events before the import
    report = register_import(actor=manager, council=council, source=sheet(*ROWS), dry_run=False,
                             approved_by=user_with_role(Role.DECISION_MAKER))
    assert report.imported
    call_command("verify_audit")
    assert "no broken links" in capsys.readouterr().out
    seqs = list(AuditEvent.objects.filter(chain=str(council.pk)).order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))


def test_references_are_consecutive_and_unique(council, manager, user_with_role):
    b.live_marker(council, user_with_role, subject=b.person(council, given="Ann", family="Other"))  # takes PSR-…-000001
    report = register_import(actor=manager, council=council, source=sheet(*ROWS), dry_run=False)
    assert report.imported
    for model, prefix, numbers in ((Measure, "PSR", range(1, 7)), (Incident, "IMP", range(1, 6))):
        refs = sorted(model.objects.filter(reference__startswith=f"{prefix}-").values_list("reference", flat=True))
        assert len(refs) == len(set(refs)) and [int(r.rsplit("-", 1)[1]) for r in refs] == list(numbers)
    measures = Measure.objects.filter(reference__startswith="PSR-", originating_incident__reference__startswith="IMP-")
    by_row = sorted((m.originating_incident.reference, m.reference) for m in measures)
    assert [m for _, m in by_row] == sorted(m for _, m in by_row)  # in the order of the rows


def test_a_batch_the_database_refuses_is_a_row_error_and_writes_nothing(council, manager, existing, user_with_role, monkeypatch):
    b.live_marker(council, user_with_role, subject=existing)
    # A live marker that the plan did not see (as if approved while the import ran): only the database's constraint stops it.
    monkeypatch.setattr(importer, "_live_marker_holders", lambda ids: set())
    existing_marker = ["William", "Harrington", "", "14/03/1971", "", "", "", "marker", "3", "3", "Visit in pairs", "", "Threats.",
                       "01/02/2024", "", "", ""]
    approver = user_with_role(Role.DECISION_MAKER)
    before = counts()
    report = register_import(actor=manager, council=council, source=sheet(GOOD_MARKER, existing_marker), dry_run=False,
                             approved_by=approver)
    assert not report.imported and report.measures_created == 0
    assert report.errors == ["row 3: There is already a live safety marker for this person and premises: review that one instead."]
    assert counts() == before
    call_command("verify_audit")
