from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from safecontact.access.drf import HasAction
from safecontact.access.policy import Action
from safecontact.api.views import WhoAmIApi
from safecontact.checks.apis import CheckApi
from safecontact.incidents.apis import IncidentCreateApi, IncidentStatusApi

schema_permission = [HasAction(Action.API_SCHEMA_VIEW)]

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(permission_classes=schema_permission), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema", permission_classes=schema_permission), name="docs"),
    path("v1/whoami", WhoAmIApi.as_view(), name="whoami"),
    # --- Report and decide (incidents) ---
    path("v1/incidents", IncidentCreateApi.as_view(), name="incident_create"),
    path("v1/incidents/<str:id>", IncidentStatusApi.as_view(), name="incident_status"),
    # --- Protect (checks) ---
    path("v1/checks", CheckApi.as_view(), name="checks"),
]
