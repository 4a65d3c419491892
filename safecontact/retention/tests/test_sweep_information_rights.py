"""The rules added for the information-rights tables and the access checks: subject access requests, rectification
requests, the disclosure log, equality answers (with the person) and quarterly access checks. Each is disposed of by
the first run on or after its day, logged and audited, and kept the day before."""

from datetime import date

import pytest
from django.utils import timezone

from safecontact.access.policy import Role
from safecontact.accounts.models import RecertificationCampaign, RecertificationItem, RecertificationTask, RoleAssignment
from safecontact.audit.events import EventType
from safecontact.audit.models import AuditEvent
from safecontact.disclosures.models import Disclosure
from safecontact.equality.models import EqualityRecord
from safecontact.equality.services import equality_record_save
from safecontact.letters.models import Letter
from safecontact.people.models import Person
from safecontact.rectification import services as rectification
from safecontact.rectification.models import RectificationRequest
from safecontact.rectification.tests.factories import disputed_setup, record
from safecontact.register.tests import builders
from safecontact.retention.models import DisposalLog
from safecontact.retention.selectors import retention_plan
from safecontact.retention.tests.helpers import at, sweep
from safecontact.subject_access import services as sar
from safecontact.subject_access.models import Redaction, SubjectAccessRequest

CLOSED = date(2026, 1, 15)
DUE = date(2028, 1, 15)  # two years later
DAY_BEFORE = date(2028, 1, 14)


def logged(council, record_class: str, day: date) -> int:
    return sum(DisposalLog.objects.filter(council=council, record_class=record_class, disposed_on=day).values_list("count", flat=True))


def audited(record_class: str) -> int:
    return AuditEvent.objects.filter(event_type=EventType.RETENTION_DISPOSED, data__record_class=record_class).count()


@pytest.fixture
def dpo(user_with_role):
    return user_with_role(Role.DPO)


@pytest.fixture
def closed_request(council, dpo):
    """A request answered and closed on CLOSED, about a person nothing else is kept about."""
    with at(CLOSED):
        person = builders.person(council, given="Margaret", family="Okonkwo", dob=date(1961, 5, 2))
        request = sar.sar_start(actor=dpo, council=council, person=person, received_on=CLOSED)
        sar.redaction_add(actor=dpo, request=request, item_key="", text="Tom Baxter", reason="A neighbour, not the requester")
        sar.sar_status_set(actor=dpo, request=request, status=SubjectAccessRequest.Status.READY)
        sar.sar_status_set(actor=dpo, request=request, status=SubjectAccessRequest.Status.SENT)
        sar.sar_status_set(actor=dpo, request=request, status=SubjectAccessRequest.Status.CLOSED)
    return request


def test_a_closed_subject_access_request_and_its_person_are_kept_until_two_years_after_closing(council, closed_request):
    for day in (date(2026, 6, 1), DAY_BEFORE):  # the person alone would have gone after three months
        assert sweep(day)["subject_access"] == 0
    assert SubjectAccessRequest.objects.filter(pk=closed_request.pk).exists()
    assert Redaction.objects.filter(request=closed_request).exists()
    assert Person.objects.filter(pk=closed_request.person_id).exists()


def test_a_closed_subject_access_request_is_disposed_of_logged_and_audited_on_its_day(council, closed_request):
    assert dict(retention_plan(council=council, today=DUE))["subject_access"] == 1
    counts = sweep(DUE)
    assert counts["subject_access"] == 1 and counts["person"] == 1  # the person it kept goes in the same run
    assert not SubjectAccessRequest.objects.exists() and not Redaction.objects.exists()
    assert not Person.objects.filter(pk=closed_request.person_id).exists()
    assert logged(council, "subject_access", DUE) == 1 and audited("subject_access") == 1
    assert sweep(DUE)["subject_access"] == 0  # a second run the same day does nothing


def test_an_open_subject_access_request_is_never_disposed_of(council, dpo):
    with at(CLOSED):
        person = builders.person(council, given="Margaret", family="Okonkwo", dob=date(1961, 5, 2))
        request = sar.sar_start(actor=dpo, council=council, person=person, received_on=CLOSED)
    assert sweep(date(2032, 1, 1))["subject_access"] == 0
    assert SubjectAccessRequest.objects.filter(pk=request.pk).exists()


@pytest.fixture
def whole_record_request(council, user_with_role):
    """A refused request about the whole customer record (no one entry), decided on CLOSED."""
    with at(CLOSED):
        setup = disputed_setup(council, user_with_role)
        request = record(setup, measure=False)
        rectification.rectification_statement_add(actor=setup["dpo"], request=request, statement="I was upset, not threatening.")
        request = rectification.rectification_decide(actor=setup["dpo"], request=request, outcome="refused",
                                                     reasons="The officer's account is consistent with the call recording.")
    return request


def test_a_decided_rectification_request_is_kept_until_two_years_after_the_decision(whole_record_request):
    assert sweep(DAY_BEFORE)["rectification"] == 0
    assert RectificationRequest.objects.filter(pk=whole_record_request.pk).exists()


def test_a_decided_rectification_request_is_disposed_of_with_its_outcome_letter(council, whole_record_request):
    letter_id = whole_record_request.outcome_letter_id
    counts = sweep(DUE)
    assert counts["rectification"] == 1
    assert not RectificationRequest.objects.filter(pk=whole_record_request.pk).exists()
    assert not Letter.objects.filter(pk=letter_id).exists()
    assert logged(council, "rectification", DUE) == 1 and audited("rectification") == 1


def test_a_statement_stays_beside_the_entry_it_disputes_while_the_entry_is_kept(council, user_with_role):
    with at(CLOSED):
        setup = disputed_setup(council, user_with_role)
        request = record(setup)  # about the live restriction
        rectification.rectification_decide(actor=setup["dpo"], request=request, outcome="refused", reasons="Accurate.")
    assert sweep(date(2030, 1, 1))["rectification"] == 0
    assert RectificationRequest.objects.filter(pk=request.pk).exists()


def test_an_open_rectification_request_is_never_disposed_of(council, user_with_role):
    with at(CLOSED):
        request = record(disputed_setup(council, user_with_role), measure=False)
    assert sweep(date(2032, 1, 1))["rectification"] == 0
    assert RectificationRequest.objects.filter(pk=request.pk).exists()


def _disclosure(council, day: date) -> Disclosure:
    with at(day):
        return Disclosure.objects.create(
            council=council, disclosed_at=timezone.now(), route=Disclosure.Route.CHECK_ANSWER, recipient_organisation=council,
            recipient_name="Cheltenham Borough Homes", legal_basis="UK GDPR Art. 6(1)(e)", data_items=["existence"],
            entry_reference="PSR-000123")


def test_the_disclosure_log_is_kept_six_years_then_disposed_of_and_logged(council):
    old, recent = _disclosure(council, date(2026, 1, 15)), _disclosure(council, date(2026, 1, 16))
    assert sweep(date(2032, 1, 14))["disclosure"] == 0
    assert sweep(date(2032, 1, 15))["disclosure"] == 1
    assert not Disclosure.objects.filter(pk=old.pk).exists() and Disclosure.objects.filter(pk=recent.pk).exists()
    assert logged(council, "disclosure", date(2032, 1, 15)) == 1 and audited("disclosure") == 1


def test_equality_answers_go_with_the_customer_record_and_are_logged(council, user_with_role):
    officer = user_with_role(Role.REGISTER_OFFICER)
    with at(CLOSED):
        person = builders.person(council, given="Margaret", family="Okonkwo", dob=date(1961, 5, 2))
        equality_record_save(actor=officer, council=council, person=person, answers={"age_group": "65_and_over"})
    assert sweep(date(2026, 4, 14))["equality"] == 0  # the person's own three months have not run
    assert EqualityRecord.objects.filter(person=person).exists()
    counts = sweep(date(2026, 4, 15))
    assert counts["person"] == 1 and counts["equality"] == 1
    assert not EqualityRecord.objects.exists()
    assert logged(council, "equality", date(2026, 4, 15)) == 1 and audited("equality") == 1


def test_an_access_check_is_kept_two_years_after_its_quarter_ended_then_disposed_of(council, user_with_role, dpo):
    staff = user_with_role(Role.STAFF)
    with at(date(2026, 1, 2)):
        campaign = RecertificationCampaign.objects.create(council=council, quarter_start=date(2026, 1, 1), started_at=timezone.now())
        task = RecertificationTask.objects.create(council=council, campaign=campaign, manager=dpo)
        RecertificationItem.objects.create(council=council, task=task, assignment=RoleAssignment.objects.filter(user=staff).first())
    assert sweep(date(2028, 3, 31))["recertification"] == 0  # the quarter ended on 1 April 2026
    assert RecertificationCampaign.objects.filter(pk=campaign.pk).exists()
    assert sweep(date(2028, 4, 1))["recertification"] == 1
    assert not RecertificationCampaign.objects.exists() and not RecertificationTask.objects.exists()
    assert not RecertificationItem.objects.exists()
    assert RoleAssignment.objects.filter(user=staff).exists()  # the role itself stays
    assert logged(council, "recertification", date(2028, 4, 1)) == 1 and audited("recertification") == 1


def test_an_outcome_letter_a_request_still_needs_is_anonymised_once_not_every_day(council, whole_record_request):
    assert sweep(date(2027, 1, 15))["letter"] == 1  # twelve months after it was prepared
    letter = Letter.objects.get(pk=whole_record_request.outcome_letter_id)
    assert letter.extra == {} and letter.paragraphs == {}
    assert sweep(date(2027, 1, 16))["letter"] == 0
    assert logged(council, "letter", date(2027, 1, 16)) == 0
