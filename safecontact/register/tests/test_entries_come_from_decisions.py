"""Issue 11: entries come from decisions. The entry carries the decision's case (so a legal hold on the case protects
it from disposal), and approval tells the customer or records the decision not to tell."""

from datetime import timedelta

import pytest
from django.utils import timezone

from safecontact.core.exceptions import ApplicationError
from safecontact.letters.models import Letter
from safecontact.letters.services.approval import measure_approve_and_tell
from safecontact.register.models import Measure
from safecontact.register.tests import builders as b
from safecontact.retention.selectors import due_querysets


@pytest.fixture
def proposed(council, officer, incident, subject):
    return b.propose(actor=officer, council=council, originating_incident=incident, person=subject, reasons="Threats",
                     marker=b.marker_details())


def test_an_entry_from_a_decision_is_protected_by_a_hold_on_its_case(council, approver, proposed):
    from safecontact.register.services import measure_approve, measure_end

    measure = measure_end(actor=approver, measure=measure_approve(actor=approver, measure=proposed), reason="Improved")
    years_later = timezone.localdate() + timedelta(days=3 * 366)
    assert measure in due_querysets(council=council, today=years_later)["ended_measure"]
    case = measure.case
    case.legal_hold = True
    case.save()
    assert measure not in due_querysets(council=council, today=years_later)["ended_measure"]


def test_approval_prepares_the_customers_letter(council, approver, proposed, subject):
    measure, letter = measure_approve_and_tell(actor=approver, measure=proposed)
    assert measure.status == "active"
    assert (letter.event, letter.person, letter.measure, letter.decision, letter.status) == (
        "safety_marker", subject, measure, measure.decision, "draft")
    # A second call (a retry) never prepares a second letter.
    from safecontact.letters.services.approval import entry_letter_prepare

    assert entry_letter_prepare(actor=approver, measure=measure) == letter
    assert Letter.objects.filter(measure=measure).count() == 1


def test_approval_can_record_the_decision_not_to_tell_instead(council, approver, proposed):
    reconsider = timezone.localdate() + timedelta(days=30)
    measure, letter = measure_approve_and_tell(actor=approver, measure=proposed, notify=False,
                                               withheld_reasons="Telling him would provoke an attack", reconsider_on=reconsider)
    measure = Measure.objects.get(pk=measure.pk)
    assert letter is None and (measure.status, measure.notify_decision, measure.notify_reconsider_on) == ("active", "withheld", reconsider)
    assert not Letter.objects.filter(measure=measure).exists()


def test_not_telling_without_reasons_approves_nothing(council, approver, proposed):
    with pytest.raises(ApplicationError, match="Say why telling the customer"):
        measure_approve_and_tell(actor=approver, measure=proposed, notify=False, withheld_reasons=" ")
    assert Measure.objects.get(pk=proposed.pk).status == "awaiting_approval"


def test_a_premises_only_hazard_has_nobody_to_write_to(council, officer, approver, incident, house):
    measure = b.propose(actor=officer, council=council, originating_incident=incident, premises=house, premises_only=True,
                        reasons="Dog", marker=b.marker_details())
    measure, letter = measure_approve_and_tell(actor=approver, measure=measure)
    assert (measure.person, measure.premises, letter) == (None, house, None)


def test_a_restriction_on_a_representative_is_its_own_entry_with_its_own_letter(council, officer, approver, incident, subject):
    representative = b.person(council, given="Gareth", family="Speaks-For")
    measure = b.propose(actor=officer, council=council, originating_incident=incident, person=subject, reasons="Abusive calls",
                        restriction=b.restriction_details(about_representative=True), representative=representative)
    measure, letter = measure_approve_and_tell(actor=approver, measure=measure)
    assert (measure.person, measure.principal, letter.person) == (representative, subject, representative)


def test_a_representative_restriction_needs_the_representative(council, officer, incident, subject):
    with pytest.raises(ApplicationError, match="Choose the representative"):
        b.propose(actor=officer, council=council, originating_incident=incident, person=subject, reasons="Abusive calls",
                  restriction=b.restriction_details(about_representative=True))
    with pytest.raises(ApplicationError, match="not the customer"):
        b.propose(actor=officer, council=council, originating_incident=incident, person=subject, reasons="Abusive calls",
                  restriction=b.restriction_details(about_representative=True), representative=subject)


def test_whoever_decided_the_case_cannot_hear_an_appeal_against_its_entry(council, officer, incident, subject, user_with_role):
    """R69 through the case: every entry now has one, so its decision-makers are known."""
    from safecontact.access.policy import Role
    from safecontact.appeals.models import Appeal
    from safecontact.appeals.selectors import involved_user_ids

    decided_it = user_with_role(Role.APPEALS_OFFICER)
    decision = b.decision_for(council, incident, decided_it)
    measure = b.propose(actor=officer, council=council, decision=decision, originating_incident=incident, person=subject,
                        reasons="Threats", marker=b.marker_details())
    assert decided_it.pk in involved_user_ids(appeal=Appeal(council=council, measure=measure, person=subject))
