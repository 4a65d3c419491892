from django.urls import include, path, re_path

from safecontact.core import views as core_views
from safecontact.core.views_blocked import not_offered

urlpatterns = [
    path("", include("safecontact.core.urls")),
    # Shadow the allauth pages that Safe Contact does not offer (see views_blocked).
    path("accounts/signup/", not_offered, name="not_offered_signup"),
    path("accounts/email/", not_offered, name="not_offered_email"),
    re_path(r"^accounts/confirm-email/", not_offered, name="not_offered_confirm_email"),
    path("accounts/", include("allauth.urls")),
    path("access/", include("safecontact.accounts.urls")),
    path("audit/", include("safecontact.audit.urls")),
    path("lists/", include("safecontact.lists.urls")),
    path("staff-emails/", include("safecontact.notifications.urls")),
    path("incidents/", include("safecontact.incidents.urls")),
    path("people/", include("safecontact.people.urls")),
    path("cases/", include("safecontact.cases.urls")),
    path("register/", include("safecontact.register.urls")),
    path("checks/", include("safecontact.checks.urls")),
    path("letters/", include("safecontact.letters.urls")),
    path("appeals/", include("safecontact.appeals.urls")),
    path("appeal/", include("safecontact.appeals.public_urls")),
    path("reviews/", include("safecontact.reviews.urls")),
    path("governance/", include("safecontact.governance.urls")),
    path("retention/", include("safecontact.retention.urls")),
    path("policy/", include("safecontact.policies.urls")),
    path("api/", include("safecontact.api.urls")),
]

handler400 = core_views.bad_request
handler403 = core_views.permission_denied
handler404 = core_views.page_not_found
handler500 = core_views.server_error
