from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from safecontact.access.policy import Role
from safecontact.audit.models import AuditEvent
from safecontact.core.exceptions import ApplicationError
from safecontact.incidents.models import Incident
from safecontact.register import services
from safecontact.register.models import Measure
from safecontact.register.tests import builders as b


def propose(officer, council, incident, subject, **kw):
    return b.propose(actor=officer, council=council, originating_incident=incident, person=subject,
                     reasons="Threats on two visits", marker=kw.pop("marker", b.marker_details()), **kw)


def test_officer_proposes_and_decision_maker_approves_a_marker(council, officer, approver, incident, subject):
    measure = propose(officer, council, incident, subject)
    assert measure.status == "awaiting_approval" and measure.reference.startswith("PSR-")
    assert measure.risk_band == "high" and measure.risk_score == 16
    approved = services.measure_approve(actor=approver, measure=measure)
    assert approved.status == "active"
    assert approved.review_due <= timezone.localdate() + timedelta(days=186)
    assert AuditEvent.objects.filter(event_type="measure.proposed", subject_id=str(measure.pk)).exists()
    assert AuditEvent.objects.filter(event_type="measure.approved", subject_id=str(measure.pk), actor_id=approver.pk).exists()


def test_proposer_cannot_approve_their_own_measure(council, user_with_role, incident, subject):
    both = user_with_role(Role.REGISTER_OFFICER)
    from safecontact.accounts.services import role_assignment_bootstrap

    role_assignment_bootstrap(council=council, user=both, role=Role.DECISION_MAKER, reason="test")
    both = type(both).objects.get(pk=both.pk)
    measure = propose(both, council, incident, subject)
    with pytest.raises(ApplicationError, match="proposed"):
        services.measure_approve(actor=both, measure=measure)


def test_decision_maker_cannot_approve_about_an_incident_they_reported(council, officer, approver, subject):
    reported = b.incident(council, approver, subject)
    measure = propose(officer, council, reported, subject)
    with pytest.raises(ApplicationError, match="reported"):
        services.measure_approve(actor=approver, measure=measure)


def test_a_measure_needs_a_specific_incident(council, officer, subject, staff):
    decision = b.decision_for(council, b.incident(council, staff, subject), officer)
    with pytest.raises(ApplicationError, match="specific incident"):
        b.propose(actor=officer, council=council, decision=decision, originating_incident=None, person=subject,
                  reasons="x", marker=b.marker_details())


def test_review_date_beyond_the_maximum_is_refused(council, officer, approver, incident, subject):
    measure = propose(officer, council, incident, subject)
    with pytest.raises(ApplicationError, match="12-month maximum"):
        services.measure_approve(actor=approver, measure=measure, review_due=timezone.localdate() + timedelta(days=400))


def test_duplicate_live_marker_for_the_same_person_is_refused(council, officer, approver, incident, subject):
    services.measure_approve(actor=approver, measure=propose(officer, council, incident, subject))
    second = propose(officer, council, incident, subject)
    with pytest.raises(ApplicationError, match="already a live safety marker"):
        services.measure_approve(actor=approver, measure=second)


def test_unconfirmed_identity_blocks_approval_unless_overridden_with_reasons(council, officer, approver, user_with_role, subject):
    witness_only = b.incident(council, user_with_role(Role.STAFF), subject, identity=Incident.Identity.WITNESS_ONLY)
    measure = propose(officer, council, witness_only, subject)
    with pytest.raises(ApplicationError, match="identity"):
        services.measure_approve(actor=approver, measure=measure)
    approved = services.measure_approve(actor=approver, measure=measure, identity_override_reason="Known to the housing officer")
    assert approved.status == "active"


def test_restriction_requires_a_route_to_mandatory_services(council, officer, incident, subject):
    with pytest.raises(ApplicationError, match="mandatory services"):
        b.propose(actor=officer, council=council, originating_incident=incident, person=subject, reasons="x",
                                 restriction=b.restriction_details(mandatory_services_route=""))
    with pytest.raises(ApplicationError, match="justification"):
        b.propose(actor=officer, council=council, originating_incident=incident, person=subject, reasons="x",
                                 restriction=b.restriction_details(scope="organisation_wide"))


def test_checkers_cannot_propose_or_approve(council, user_with_role, incident, subject):
    staff = user_with_role(Role.STAFF)
    with pytest.raises(PermissionDenied):
        propose(staff, council, incident, subject)


# --- database constraints: the last line of defence, on SQLite and PostgreSQL alike ---

def test_database_refuses_a_review_date_beyond_the_hard_maximum(council, officer, approver, incident, subject):
    measure = services.measure_approve(actor=approver, measure=propose(officer, council, incident, subject))
    with pytest.raises(IntegrityError), transaction.atomic():
        Measure.objects.filter(pk=measure.pk).update(review_due=measure.approved_on + timedelta(days=367))
    Measure.objects.filter(pk=measure.pk).update(review_due=measure.approved_on + timedelta(days=366))


def test_database_refuses_a_second_live_marker_for_the_same_subject(council, officer, approver, incident, subject):
    first = services.measure_approve(actor=approver, measure=propose(officer, council, incident, subject))
    second = propose(officer, council, incident, subject)
    with pytest.raises(IntegrityError), transaction.atomic():
        Measure.objects.filter(pk=second.pk).update(status="active", approved_by=approver, approved_on=date.today(),
                                                    review_due=first.review_due)


def test_database_refuses_approval_by_the_proposer_and_a_live_measure_without_approval(council, officer, incident, subject):
    measure = propose(officer, council, incident, subject)
    with pytest.raises(IntegrityError), transaction.atomic():
        Measure.objects.filter(pk=measure.pk).update(approved_by=officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        Measure.objects.filter(pk=measure.pk).update(status="active")
