from django.urls import reverse
from django.utils import timezone

from safecontact.access.policy import Role
from safecontact.audit.models import AuditEvent
from safecontact.incidents.models import Incident
from safecontact.incidents.tests.factories import category, submitted_incident


def payload(**overrides):
    body = {
        "occurred_at": (timezone.now() - timezone.timedelta(hours=3)).isoformat(),
        "channel": "phone", "location": "By phone", "categories": [str(category().pk)],
        "account": "Caller swore repeatedly.", "immediate_action": ["call_ended"],
        "subject_given_names": "Łukasz", "subject_family_name": "Żółć", "identity_confirmation": "known_account",
    }
    body.update(overrides)
    return body


def test_api_creates_and_submits_an_incident(user_with_role, client_for):
    staff = user_with_role(Role.STAFF)
    response = client_for(staff).post(reverse("api:incident_create"), payload(), content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["reference"].startswith("INC-") and body["status"] == "submitted"
    incident = Incident.objects.get(pk=body["id"])
    assert incident.subject_family_name == "Żółć"


def test_api_refuses_a_future_date_as_problem_json(user_with_role, client_for):
    staff = user_with_role(Role.STAFF)
    future = (timezone.now() + timezone.timedelta(days=1)).isoformat()
    response = client_for(staff).post(reverse("api:incident_create"), payload(occurred_at=future), content_type="application/json")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["field"] == "occurred_at"


def test_api_reports_missing_fields(user_with_role, client_for):
    staff = user_with_role(Role.STAFF)
    response = client_for(staff).post(reverse("api:incident_create"), {"channel": "phone"}, content_type="application/json")
    assert response.status_code == 400 and "account" in response.json()["errors"]


def test_api_status_of_own_report_is_audited(user_with_role, client_for, council):
    staff = user_with_role(Role.STAFF)
    incident = submitted_incident(reporter=staff, council=council)
    response = client_for(staff).get(reverse("api:incident_status", kwargs={"id": incident.pk}))
    assert response.status_code == 200 and response.json()["reference"] == incident.reference
    assert AuditEvent.objects.filter(event_type="access.viewed", subject_id=str(incident.pk)).exists()


def test_api_status_of_someone_elses_report_is_404(user_with_role, client_for, council):
    incident = submitted_incident(reporter=user_with_role(Role.STAFF), council=council)
    response = client_for(user_with_role(Role.STAFF)).get(reverse("api:incident_status", kwargs={"id": incident.pk}))
    assert response.status_code == 404


def test_incident_endpoints_are_in_the_openapi_schema(user_with_role, client_for):
    response = client_for(user_with_role(Role.REGISTER_MANAGER)).get(reverse("api:schema"), HTTP_ACCEPT="application/json")
    text = response.content.decode()
    assert "/api/v1/incidents" in text and "/api/v1/incidents/{id}" in text
