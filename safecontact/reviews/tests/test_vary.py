"""Vary means vary (issue 11 part 6, R57): a review that varies an entry changes the terms people checking see, as the
entry's next version, with who, when and why."""

import csv
import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from safecontact.access.policy import Role
from safecontact.audit.models import AuditEvent
from safecontact.checks.models import Check
from safecontact.checks.services import CheckQuery, check_run
from safecontact.core.tests.refusals import refusal
from safecontact.register.models import Measure, MeasureVersion, Precaution, RestrictionType
from safecontact.register.services import measure_end
from safecontact.register.services_import import register_import
from safecontact.register.services_terms import Terms
from safecontact.register.tests import builders
from safecontact.reviews import services
from safecontact.reviews.models import Review
from safecontact.reviews.tests.helpers import approved_marker, on

DAY = date(2026, 7, 1)
WHY = "He now meets staff only at the office; lone visits are no longer planned."


@pytest.fixture
def marker(council, user_with_role):
    return approved_marker(council, user_with_role)[0]


@pytest.fixture
def officer(user_with_role):
    with on(DAY):
        return user_with_role(Role.REGISTER_OFFICER, full_name="Gareth Lloyd")


def precautions(*labels):
    return list(Precaution.objects.filter(council__isnull=True, label__in=labels))


def vary(measure, actor, day=DAY, **fields):
    values = {"outcome": "vary", "reasons": "One further incident, at the office.", "changed_terms": WHY,
              "terms": Terms(precautions=precautions("Visit in pairs", "Meet only at council offices"))}
    values.update(fields)
    with on(day):
        return services.review_complete(actor=actor, measure=measure, **values)


def staff_check(council, user_with_role, day=DAY):
    with on(day):
        return check_run(actor=user_with_role(Role.STAFF), council=council,
                         query=CheckQuery(purpose="home_visit", name="William Harrington", date_of_birth=date(1971, 3, 14)))


def test_varying_at_review_changes_the_precautions_and_writes_version_2_with_who_when_and_why(marker, officer):
    assert [p.label for p in marker.precautions.order_by("label")] == ["No lone visits", "Visit in pairs"]
    done = vary(marker, officer)
    measure = Measure.objects.get(pk=marker.pk)
    assert [p.label for p in measure.precautions.order_by("label")] == ["Meet only at council offices", "Visit in pairs"]
    assert measure.status == "active" and measure.review_due == done.next_review_due == date(2027, 1, 1)
    first, second = measure.versions.order_by("number")
    assert (first.number, first.source, first.changed_by) == (1, MeasureVersion.Source.APPROVAL, measure.approved_by)
    assert {p.label for p in first.precautions.all()} == {"No lone visits", "Visit in pairs"}
    assert (second.number, second.source, second.changed_by, second.why, second.note) == (
        2, MeasureVersion.Source.REVIEW, officer, WHY, "at review")
    assert second.changed_at == datetime(2026, 7, 1, 9, tzinfo=ZoneInfo("Europe/London"))
    assert {p.label for p in second.precautions.all()} == {"Meet only at council offices", "Visit in pairs"}
    assert done.changed_terms == (f"{WHY}\nPrecautions: No lone visits; Visit in pairs \u2192 Meet only at council offices; "
                                  "Visit in pairs")


def test_the_audit_event_records_the_version_and_the_review(marker, officer, council):
    done = vary(marker, officer)
    event = AuditEvent.objects.get(event_type="measure.varied", subject_id=str(marker.pk))
    assert (event.actor_id, event.council_id) == (officer.pk, council.pk)
    assert event.data == {"review": str(done.pk), "version": 2, "changed": ["Precautions"], "review_due": None}
    completed = AuditEvent.objects.get(event_type="review.completed", subject_id=str(done.pk))
    assert completed.data["outcome"] == "vary" and completed.seq > event.seq


def test_a_staff_check_after_the_vary_shows_the_new_precautions_and_not_the_removed_one(marker, officer, council, user_with_role):
    before = staff_check(council, user_with_role, day=DAY - timedelta(days=1))
    assert set(before.entries[0].precautions) == {"Visit in pairs", "No lone visits"}
    vary(marker, officer, terms=Terms(precautions=precautions("Visit in pairs", "Meet only at council offices"), risk_impact=2,
                                      advice="Meet him at the Municipal Offices, ground floor."))
    after = staff_check(council, user_with_role, day=DAY + timedelta(days=1))
    assert after.check.outcome == Check.Outcome.PRECAUTIONS_APPLY
    entry = after.entries[0]
    assert set(entry.precautions) == {"Visit in pairs", "Meet only at council offices"} and "No lone visits" not in entry.precautions
    assert entry.advice == "Meet him at the Municipal Offices, ground floor." and entry.risk_band == "medium"  # 2 x 4 = 8


def test_a_contact_restriction_varied_at_review_changes_its_types_and_scope(council, user_with_role, officer):
    with on(date(2026, 1, 12)):
        proposer, approver = user_with_role(Role.REGISTER_OFFICER), user_with_role(Role.DECISION_MAKER)
        subject = builders.person(council)
        proposed = builders.propose(actor=proposer, council=council, person=subject, reasons="Abusive calls, 40 a day",
                                    originating_incident=builders.incident(council, user_with_role(Role.STAFF), subject),
                                    restriction=builders.restriction_details())
        from safecontact.register.services import measure_approve

        restriction = measure_approve(actor=approver, measure=proposed)
    types = list(RestrictionType.objects.filter(council__isnull=True, code__in=["spoc", "phone_limits"]))
    vary(restriction, officer, terms=Terms(restriction_types=types, phone_limits="Tuesdays 10am to 12 noon, 15 minutes",
                                           scope="organisation_wide", scope_justification="He calls every service in turn."))
    measure = Measure.objects.get(pk=restriction.pk)
    assert {t.code for t in measure.restriction_types.all()} == {"spoc", "phone_limits"}
    assert (measure.scope, measure.phone_limits) == ("organisation_wide", "Tuesdays 10am to 12 noon, 15 minutes")
    latest = measure.versions.order_by("-number").first()
    assert latest.number == 2 and {t.code for t in latest.restriction_types.all()} == {"spoc", "phone_limits"}
    assert refusal(vary, measure=measure, actor=officer, day=DAY + timedelta(days=1),
                   terms=Terms(scope_justification="")) == ("An organisation-wide restriction needs a justification.",
                                                             "scope_justification")


def test_a_vary_with_nothing_changed_is_refused_and_nothing_is_recorded(marker, officer):
    same = Terms(precautions=precautions("Visit in pairs", "No lone visits"), risk_impact=4, risk_likelihood=4)
    assert refusal(vary, measure=marker, actor=officer, terms=same) == (
        "Nothing was changed: change the terms, or record the review as continued.", None)
    assert refusal(vary, measure=marker, actor=officer, terms=None) == (
        "Nothing was changed: change the terms, or record the review as continued.", None)
    measure = Measure.objects.get(pk=marker.pk)
    assert not Review.objects.exists() and measure.versions.count() == 1 and measure.review_due == marker.review_due
    assert not AuditEvent.objects.filter(event_type__in=["measure.varied", "review.completed"]).exists()


def test_a_vary_needs_the_reason_the_terms_change(marker, officer):
    assert refusal(vary, measure=marker, actor=officer, changed_terms=" ") == ("Say why the terms change.", "changed_terms")


def test_continuing_leaves_the_terms_and_versions_alone(marker, officer):
    vary(marker, officer, outcome="continue", terms=Terms(precautions=precautions("Police escort")))
    measure = Measure.objects.get(pk=marker.pk)
    assert {p.label for p in measure.precautions.all()} == {"Visit in pairs", "No lone visits"} and measure.versions.count() == 1


def test_vary_of_an_ended_entry_is_refused(marker, officer, user_with_role):
    with on(DAY - timedelta(days=1)):
        measure_end(actor=user_with_role(Role.DECISION_MAKER), measure=marker, reason="Removed by the Governance Group")
    message, field = refusal(vary, measure=marker, actor=officer)
    assert message.startswith("This entry has already ended") and field is None
    measure = Measure.objects.get(pk=marker.pk)
    assert {p.label for p in measure.precautions.all()} == {"Visit in pairs", "No lone visits"} and measure.versions.count() == 1


def imported_marker(council, user_with_role):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["first_name", "last_name", "date_of_birth", "kind", "risk_impact", "risk_likelihood", "precautions",
                     "reason", "incident_date", "review_due"])
    writer.writerow(["William", "Harrington", "14/03/1971", "marker", "4", "3", "Visit in pairs; No lone visits",
                     "Threatened staff with a knife at the door.", "12/01/2024", "01/12/2026"])
    report = register_import(actor=user_with_role(Role.REGISTER_MANAGER), council=council, source=io.BytesIO(out.getvalue().encode()),
                             filename="register.csv", dry_run=False, approved_by=user_with_role(Role.REGISTER_MANAGER))
    assert report.imported, report.errors
    return Measure.objects.get(origin=Measure.Origin.IMPORTED)


def test_an_imported_entry_with_no_versions_gets_version_1_as_approved_then_version_2(council, user_with_role, officer):
    with on(date(2026, 6, 1)):
        imported = imported_marker(council, user_with_role)
    assert imported.status == "active" and not imported.versions.exists()
    vary(imported, officer)
    first, second = Measure.objects.get(pk=imported.pk).versions.order_by("number")
    assert (first.number, first.source, first.changed_by, first.changed_at, first.why) == (
        1, MeasureVersion.Source.APPROVAL, imported.approved_by, imported.approved_at, "Terms as approved")
    assert ({p.label for p in first.precautions.all()}, first.risk_impact, first.risk_likelihood) == (
        {"Visit in pairs", "No lone visits"}, 4, 3)
    assert (second.number, second.source, second.changed_by) == (2, MeasureVersion.Source.REVIEW, officer)
    assert {p.label for p in second.precautions.all()} == {"Visit in pairs", "Meet only at council offices"}
    assert second.changed_at == timezone.make_aware(datetime(2026, 7, 1, 9))
