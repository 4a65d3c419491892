"""Each disposal rule on its own, with exact counts (issue 18): what goes with a record, what stays because
something else still rests on it, and every file of every row. The functions run inside the test's
transaction, as the sweep runs them inside one per record; test_sweep.py has the sweep around them."""

from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone

from safecontact.access.policy import Role
from safecontact.appeals.models import Appeal, AppealDocument
from safecontact.cases.models import Case, Decision
from safecontact.checks.models import Check
from safecontact.incidents.models import Attachment, Incident, Triage
from safecontact.letters.models import Letter
from safecontact.letters.services import letter_create
from safecontact.people.models import Person, PersonAddress, PersonSearchKey
from safecontact.register import services as register
from safecontact.register.models import Measure, MeasureVersion
from safecontact.register.tests import builders
from safecontact.retention import disposal
from safecontact.retention.disposal import MAX_DEPTH, Context, Outcome
from safecontact.retention.tests.helpers import attach, closed_incident, ended_measure, sweep
from safecontact.reviews.models import Review, ReviewDateChange


@pytest.fixture
def staff(user_with_role):
    return user_with_role(Role.STAFF)


def files_of(out: Outcome) -> set[str]:
    return {name for _storage, name in out.files}


def issued_letter(council, person, **about):
    letter = letter_create(actor=None, council=council, event="safety_marker", person=person, **about)
    Letter.objects.filter(pk=letter.pk).update(
        status="sent", issued_at=timezone.now(), address_confirmed_at=timezone.now(), pdf=b"%PDF-1.4", pdf_sha256="0" * 64,
        address_text="7 Larkspur Close", recipient_email="bq@example.com",
        address=PersonAddress.objects.filter(person=person).first(), format_note="Large print", extra={"x": 1}, paragraphs={"p": "Text"})
    letter.refresh_from_db()
    return letter


def decided_appeal(council, person, *, document=True, **about):
    appeal = Appeal.objects.create(
        council=council, reference=f"APL-2026-{Appeal.objects.count() + 1:06d}", person=person, received_on=date(2026, 1, 15),
        channel="email", grounds=["other"], grounds_detail="I was not there", contact_email="bq@example.com",
        decision_due=date(2026, 2, 1), status="decided", outcome="not_upheld", outcome_reasons="Identity confirmed",
        changed_terms="None", decided_at=timezone.now(), **about)
    if document:
        doc = AppealDocument(appeal=appeal, original_name="a.txt", content_type="text/plain", size=1)
        doc.file.save("appeal.txt", ContentFile(b"a"), save=False)
        doc.save()
    return appeal


def decision(council, case, user, outcome=Decision.Outcome.FORMAL_WARNING):
    return Decision.objects.create(
        council=council, case=case, outcome=outcome, reasons="Shouted", policy_clause="4.2", proportionality="Lesser steps failed",
        equality_screen="Considered", access_to_services="By letter", decided_by=user, decided_at=timezone.now())


# --- purge(): the rows that belong to a record --------------------------------------------------------

def test_a_protecting_key_from_a_core_record_is_never_cut(council, user_with_role):
    live = builders.live_marker(council, user_with_role, subject=builders.person(council))
    incident = live.originating_incident
    with pytest.raises(ProtectedError), transaction.atomic():
        disposal.dispose_incident(incident, Outcome(), Context())
    assert Measure.objects.get(pk=live.pk).originating_incident_id == incident.pk


def test_a_customer_record_a_case_rests_on_is_not_deleted(council, staff):
    person = builders.person(council)
    case = Case.objects.create(council=council, reference="CASE-2026-000001", person=person, owner=staff)
    with pytest.raises(ProtectedError), transaction.atomic():
        disposal.dispose_person(person, Outcome(), Context())
    assert Case.objects.get(pk=case.pk).person_id == person.pk and PersonSearchKey.objects.filter(person=person).exists()


def test_a_review_date_change_keeps_its_entry_and_loses_the_incident_disposed_of(council, staff, user_with_role):
    live = builders.live_marker(council, user_with_role, subject=builders.person(council))
    incident = closed_incident(council, staff, files=0)
    change = ReviewDateChange.objects.create(council=council, measure=live, incident=incident, previous_due=live.review_due,
                                             new_due=live.review_due - timedelta(days=30))
    out = Outcome()
    disposal.dispose_incident(incident, out, Context())
    change.refresh_from_db()
    assert change.incident_id is None and change.measure_id == live.pk
    assert dict(out.counts) == {("incident", "deleted"): 1}


def test_every_file_of_every_row_is_collected_and_the_sweep_removes_them_all(council, staff):
    incident = closed_incident(council, staff, files=3)
    names = set(Attachment.objects.filter(incident=incident).values_list("file", flat=True))
    out = Outcome()
    disposal.dispose_incident(incident, out, Context())
    assert files_of(out) == names and len(out.files) == 3 and all(storage is default_storage for storage, _ in out.files)
    assert dict(out.counts) == {("incident", "deleted"): 1, ("attachment", "deleted"): 3}
    assert all(default_storage.exists(name) for name in names)  # removed only after the commit, by the sweep


def test_the_sweep_removes_every_file_from_storage(council, staff):
    from safecontact.retention.tests.helpers import at

    with at(date(2026, 1, 15)):
        incident = closed_incident(council, staff, files=3)
    names = list(Attachment.objects.filter(incident=incident).values_list("file", flat=True))
    assert sweep(date(2027, 1, 15))["attachment"] == 3
    assert not any(default_storage.exists(name) for name in names)


def test_an_unsent_draft_is_counted_as_a_draft(council, staff):
    draft = Incident.objects.create(council=council, reporter=staff, account="Half written")
    attach(draft, "draft.txt")
    out = Outcome()
    disposal.dispose_incident(draft, out, Context())
    assert dict(out.counts) == {("incident_draft", "deleted"): 1, ("attachment", "deleted"): 1}
    assert not Incident.objects.filter(pk=draft.pk).exists()


def test_nesting_is_counted_one_level_per_relation_up_to_the_limit(council, staff):
    incident = closed_incident(council, staff, files=1)  # an incident, and its attachment one level down
    only = Incident.objects.filter(pk=incident.pk)
    with pytest.raises(RuntimeError, match="^Disposal of incidents.Attachment nested too deeply$"), transaction.atomic():
        disposal.purge(only, Outcome(), depth=MAX_DEPTH)
    assert disposal.purge(Incident.objects.none(), Outcome(), depth=MAX_DEPTH + 5) == 0  # nothing to dispose of
    assert disposal.purge(only, Outcome(), depth=MAX_DEPTH - 1) == 1
    assert not Incident.objects.filter(pk=incident.pk).exists()


def test_rows_of_later_apps_count_one_level_down_too(council, user_with_role, staff, monkeypatch):
    measure = ended_measure(council, user_with_role, with_letter=False, with_attachment=False)
    review = Review.objects.create(council=council, measure=measure, reviewer=staff, due_on=date(2026, 1, 1))
    review.evidence_incidents.add(closed_incident(council, staff, files=0))
    # the entry (level 0), its review and its versions (level 1), the review's evidence links and the versions'
    # precautions (level 2)
    monkeypatch.setattr(disposal, "MAX_DEPTH", 1)
    too_deep = "^Disposal of (reviews.Review_evidence_incidents|register.MeasureVersion_precautions) nested too deeply$"
    with pytest.raises(RuntimeError, match=too_deep), transaction.atomic():
        disposal.dispose_measure(measure, Outcome(), Context())
    monkeypatch.setattr(disposal, "MAX_DEPTH", 2)
    disposal.dispose_measure(measure, Outcome(), Context())
    assert not Review.objects.exists() and not Measure.objects.filter(pk=measure.pk).exists()
    assert not MeasureVersion.objects.exists() and not MeasureVersion.precautions.through.objects.exists()


# The classes counted on their own are a list (COUNTED_MODELS) so that one more can be added: every purge must
# report to the record's outcome, whichever way disposal reaches the rows.
EVERY_MODEL = {"cases.decision": "decision row", "cases.case": "case row", "checks.check": "check row", "register.measure": "entry row",
               "people.person": "person row", "people.address": "address row", "reviews.review": "review row"}


def test_a_class_added_to_the_counted_ones_is_counted_wherever_disposal_deletes_it(council, staff, user_with_role, monkeypatch):
    monkeypatch.setattr(disposal, "COUNTED_MODELS", {**disposal.COUNTED_MODELS, **EVERY_MODEL})
    check = Check.objects.create(council=council, checker=staff, purpose="home_visit", outcome="no_entry", query_name="A Name")
    out = Outcome()
    disposal.dispose_check(check, out, Context())
    assert dict(out.counts) == {("check_log", "deleted"): 1, ("check row", "deleted"): 1}

    person = builders.person(council, at=builders.address(council))
    case = Case.objects.create(council=council, reference="CASE-2026-000001", person=person, owner=staff)
    warning, _other = decision(council, case, staff), decision(council, case, staff, outcome=Decision.Outcome.NO_ACTION)
    out = Outcome()
    disposal.dispose_formal_warning(warning, out, Context())
    assert dict(out.counts) == {("warning", "deleted"): 1, ("decision row", "deleted"): 1}
    out = Outcome()
    disposal.dispose_case(case, out, Context())
    assert dict(out.counts) == {("case", "deleted"): 1, ("case row", "deleted"): 1, ("decision row", "deleted"): 1}

    measure = ended_measure(council, user_with_role, with_letter=False, with_attachment=False)
    Review.objects.create(council=council, measure=measure, reviewer=staff, due_on=date(2026, 1, 1))
    out = Outcome()
    disposal.dispose_measure(measure, out, Context())
    assert dict(out.counts) == {("ended_measure", "deleted"): 1, ("entry row", "deleted"): 1, ("review row", "deleted"): 1,
                                ("incident", "deleted"): 1}

    merged = builders.person(council, given="Bill", at=builders.address(council, line1="9 Other Road"))
    Person.objects.filter(pk=merged.pk).update(merged_into=person)
    out = Outcome()
    disposal.dispose_person(person, out, Context())
    assert dict(out.counts) == {("person", "deleted"): 2, ("person row", "deleted"): 2, ("address row", "deleted"): 2}


# --- An ended entry ---------------------------------------------------------------------------------

def test_an_ended_entry_goes_with_everything_about_it_and_only_the_incidents_nothing_else_rests_on(council, staff, user_with_role):
    measure = ended_measure(council, user_with_role)  # a letter, and its incident with one file
    person = measure.person
    earlier = closed_incident(council, staff, person, files=2)  # rested on by this entry alone
    shared = closed_incident(council, staff, person, files=1)  # also rested on by a live restriction
    open_report = closed_incident(council, staff, person, files=0, status=Incident.Status.SUBMITTED)
    unrelated = closed_incident(council, staff, person, files=1)  # about the person, but not this entry's
    restriction_rests_on = closed_incident(council, staff, person, files=0)  # the live restriction's own incident
    measure.other_incidents.add(earlier, shared, open_report, restriction_rests_on)
    officer = user_with_role(Role.REGISTER_OFFICER)
    decision = builders.decision_for(council, restriction_rests_on, officer, outcome="propose_restriction")
    decision.case.incidents.add(shared)  # an entry's other incidents are its case's
    register.measure_approve(actor=user_with_role(Role.DECISION_MAKER), measure=builders.propose(
        actor=officer, council=council, originating_incident=restriction_rests_on, decision=decision,
        person=person, reasons="Shouting", restriction=builders.restriction_details(),
        distribution=register.Distribution(other_incidents=[shared])))
    appeal = decided_appeal(council, person, measure=measure)
    Review.objects.create(council=council, measure=measure, reviewer=staff, due_on=date(2026, 1, 1))
    expected_files = set(Attachment.objects.filter(incident__in=[measure.originating_incident, earlier]).values_list("file", flat=True))
    expected_files |= set(AppealDocument.objects.filter(appeal=appeal).values_list("file", flat=True))

    out = Outcome()
    disposal.dispose_measure(measure, out, Context())

    assert dict(out.counts) == {("ended_measure", "deleted"): 1, ("incident", "deleted"): 2, ("attachment", "deleted"): 3,
                                ("letter", "deleted"): 1, ("appeal", "deleted"): 1}
    assert files_of(out) == expected_files
    assert not Measure.objects.filter(pk=measure.pk).exists() and not Review.objects.filter(measure_id=measure.pk).exists()
    assert not Incident.objects.filter(pk__in=[measure.originating_incident_id, earlier.pk]).exists()
    kept = [shared.pk, open_report.pk, unrelated.pk, restriction_rests_on.pk]
    assert set(Incident.objects.filter(pk__in=kept).values_list("pk", flat=True)) == set(kept)
    assert Attachment.objects.filter(incident=unrelated).count() == 1
    assert Person.objects.filter(pk=person.pk).exists()  # the person follows later in the run


def test_an_entrys_incident_that_may_not_go_yet_stays(council, user_with_role):
    measure = ended_measure(council, user_with_role, with_letter=False)
    held = measure.originating_incident
    out = Outcome()
    disposal.dispose_measure(measure, out, Context(incident_may_go=~Q(pk=held.pk)))
    assert dict(out.counts) == {("ended_measure", "deleted"): 1}
    assert Incident.objects.filter(pk=held.pk).exists() and Attachment.objects.filter(incident=held).count() == 1
    assert out.files == []


# --- Letters, appeals, warnings, checks, cases --------------------------------------------------------

def test_an_issued_letter_about_an_entry_is_anonymised_not_deleted(council, user_with_role):
    person = builders.person(council, at=builders.address(council))
    measure = builders.live_marker(council, user_with_role, subject=person)
    letter = issued_letter(council, person, measure=measure)
    out = Outcome()
    disposal.dispose_letter(letter, out, Context())
    letter.refresh_from_db()
    assert (letter.pdf, letter.address_text, letter.recipient_email, letter.address_id) == (None, "", "", None)
    assert (letter.paragraphs, letter.extra, letter.format_note) == ({}, {}, "")
    assert letter.reference and letter.status == "sent"
    assert dict(out.counts) == {("letter", "anonymised"): 1}


def test_anonymising_writes_only_the_fields_it_erases(council, staff, user_with_role):
    """A change made to another field after the record was read is kept (the sweep reads it again under a
    lock, but disposal must not depend on that to leave the rest of a record alone)."""
    person = builders.person(council, at=builders.address(council))
    measure = builders.live_marker(council, user_with_role, subject=person)
    letter, appeal = issued_letter(council, person, measure=measure), decided_appeal(council, person, measure=measure)
    triage = Triage.objects.create(council=council, incident=closed_incident(council, staff, files=0), manager=user_with_role(Role.MANAGER),
                                   outcome="informal_warning", reasons="Warned", warning_given_by="A. Manager",
                                   warning_given_on=date(2026, 1, 15), warning_what_was_said="Shouting is not acceptable")
    Letter.objects.filter(pk=letter.pk).update(template_label="Changed meanwhile")
    Appeal.objects.filter(pk=appeal.pk).update(received_on=date(2026, 1, 20))
    Triage.objects.filter(pk=triage.pk).update(reasons="Changed meanwhile")
    out = Outcome()
    disposal.dispose_letter(letter, out, Context())
    disposal.dispose_appeal(appeal, out, Context())
    disposal.dispose_informal_warning(triage, out, Context())
    assert Letter.objects.get(pk=letter.pk).template_label == "Changed meanwhile"
    assert Appeal.objects.get(pk=appeal.pk).received_on == date(2026, 1, 20)
    assert Triage.objects.get(pk=triage.pk).reasons == "Changed meanwhile"


def test_a_draft_letter_and_a_letter_about_nothing_are_deleted(council, user_with_role):
    person = builders.person(council, at=builders.address(council))
    measure = builders.live_marker(council, user_with_role, subject=person)
    draft = letter_create(actor=None, council=council, event="safety_marker", person=person, measure=measure)
    about_nothing = issued_letter(council, person)
    out = Outcome()
    disposal.dispose_letter(draft, out, Context())
    disposal.dispose_letter(about_nothing, out, Context())
    assert dict(out.counts) == {("letter", "deleted"): 2}
    assert not Letter.objects.filter(pk__in=[draft.pk, about_nothing.pk]).exists()


def test_a_draft_letter_an_appeal_points_at_is_anonymised_not_deleted(council, user_with_role):
    person = builders.person(council, at=builders.address(council))
    measure = builders.live_marker(council, user_with_role, subject=person)
    draft = letter_create(actor=None, council=council, event="safety_marker", person=person)
    decided_appeal(council, person, document=False, letter=draft, measure=measure)
    out = Outcome()
    disposal.dispose_letter(draft, out, Context())
    assert Letter.objects.filter(pk=draft.pk).exists() and dict(out.counts) == {("letter", "anonymised"): 1}


def test_a_decided_appeal_is_anonymised_and_its_documents_deleted(council, user_with_role):
    person = builders.person(council)
    appeal = decided_appeal(council, person, measure=builders.live_marker(council, user_with_role, subject=person))
    document = AppealDocument.objects.get(appeal=appeal)
    out = Outcome()
    disposal.dispose_appeal(appeal, out, Context())
    appeal.refresh_from_db()
    assert (appeal.grounds_detail, appeal.contact_email, appeal.outcome_reasons, appeal.changed_terms) == ("", "", "", "")
    assert appeal.outcome == "not_upheld" and not AppealDocument.objects.exists()
    assert dict(out.counts) == {("appeal", "anonymised"): 1} and files_of(out) == {document.file.name}


def test_an_informal_warning_is_erased_and_counted_as_anonymised(council, staff, user_with_role):
    triage = Triage.objects.create(council=council, incident=closed_incident(council, staff, files=0), manager=user_with_role(Role.MANAGER),
                                   outcome="informal_warning", reasons="Warned", warning_given_by="A. Manager",
                                   warning_given_on=date(2026, 1, 15), warning_what_was_said="Shouting is not acceptable")
    out = Outcome()
    disposal.dispose_informal_warning(triage, out, Context())
    triage = Triage.objects.get(pk=triage.pk)
    assert (triage.warning_given_by, triage.warning_what_was_said, triage.warning_given_on) == ("", "", None)
    assert triage.reasons == "Warned" and dict(out.counts) == {("warning", "anonymised"): 1}


def test_a_formal_warning_goes_with_its_letters_and_appeals_and_the_case_stays(council, staff):
    person = builders.person(council, at=builders.address(council))
    case = Case.objects.create(council=council, reference="CASE-2026-000001", person=person, owner=staff)
    warning = decision(council, case, staff)
    other = decision(council, case, staff, outcome=Decision.Outcome.NO_ACTION)
    letter_create(actor=None, council=council, event="safety_marker", person=person, decision=warning)
    decided_appeal(council, person, decision=warning)
    out = Outcome()
    disposal.dispose_formal_warning(warning, out, Context())
    assert dict(out.counts) == {("warning", "deleted"): 1, ("letter", "deleted"): 1, ("appeal", "deleted"): 1}
    assert len(out.files) == 1
    assert list(Decision.objects.values_list("pk", flat=True)) == [other.pk] and Case.objects.filter(pk=case.pk).exists()


def test_a_case_goes_with_every_decision_and_their_letters_and_appeals(council, staff):
    person = builders.person(council, at=builders.address(council))
    case = Case.objects.create(council=council, reference="CASE-2026-000001", person=person, owner=staff)
    kept = Case.objects.create(council=council, reference="CASE-2026-000002", person=person, owner=staff)
    first, second = decision(council, case, staff), decision(council, case, staff, outcome=Decision.Outcome.NO_ACTION)
    untouched = decision(council, kept, staff)
    for made in (first, second, untouched):
        letter_create(actor=None, council=council, event="safety_marker", person=person, decision=made)
    decided_appeal(council, person, document=False, decision=second)
    out = Outcome()
    disposal.dispose_case(case, out, Context())
    assert dict(out.counts) == {("case", "deleted"): 1, ("letter", "deleted"): 2, ("appeal", "deleted"): 1}
    assert list(Decision.objects.values_list("pk", flat=True)) == [untouched.pk]
    assert list(Case.objects.values_list("pk", flat=True)) == [kept.pk] and Letter.objects.count() == 1


def test_a_check_is_deleted_and_the_entry_it_found_stays(council, staff, user_with_role):
    live = builders.live_marker(council, user_with_role, subject=builders.person(council))
    check = Check.objects.create(council=council, checker=staff, purpose="home_visit", outcome="no_entry", query_name="William Harrington")
    check.measures.add(live)
    out = Outcome()
    disposal.dispose_check(check, out, Context())
    assert dict(out.counts) == {("check_log", "deleted"): 1}
    assert not Check.objects.exists() and Measure.objects.filter(pk=live.pk).exists()
