from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from safecontact.access.drf import HasAction
from safecontact.access.policy import Action
from safecontact.api.views import WhoAmIApi
from safecontact.checks.apis import CheckApi, CheckDetailApi
from safecontact.incidents.apis import IncidentCreateApi, IncidentStatusApi

schema_permission = [HasAction(Action.API_SCHEMA_VIEW)]

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(permission_classes=schema_permission), name="schema"),
    # People read the schema at /api-docs/ (api/docs_urls.py), a GOV.UK page; Swagger UI failed the accessibility checks.
    path("v1/whoami", WhoAmIApi.as_view(), name="whoami"),
    # --- Report and decide (incidents) ---
    path("v1/incidents", IncidentCreateApi.as_view(), name="incident_create"),
    path("v1/incidents/<str:id>", IncidentStatusApi.as_view(), name="incident_status"),
    # --- Protect (checks) ---
    path("v1/checks", CheckApi.as_view(), name="checks"),
    path("v1/checks/<str:id>", CheckDetailApi.as_view(), name="check_detail"),
]
