from django.urls import include, path, re_path

from safecontact.shell import views as shell_views
from safecontact.shell.views_blocked import not_offered

urlpatterns = [
    path("", include("safecontact.shell.urls")),
    # Shadow the allauth pages that Safe Contact does not offer (see views_blocked).
    path("accounts/signup/", not_offered, name="not_offered_signup"),
    path("accounts/email/", not_offered, name="not_offered_email"),
    re_path(r"^accounts/confirm-email/", not_offered, name="not_offered_confirm_email"),
    # Nobody connects or signs up with a council's identity provider from a page: the first sign-in links (ADR 0017).
    path("accounts/3rdparty/", not_offered, name="not_offered_connections"),
    path("accounts/3rdparty/signup/", not_offered, name="not_offered_social_signup"),
    re_path(r"^accounts/social/", not_offered, name="not_offered_legacy_social"),  # allauth's old addresses of those
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
    path("equality/", include("safecontact.equality.urls")),
    path("retention/", include("safecontact.retention.urls")),
    path("rectification/", include("safecontact.rectification.urls")),
    path("policy/", include("safecontact.policies.urls")),
    path("subject-access/", include("safecontact.subject_access.urls")),
    path("disclosures/", include("safecontact.disclosures.urls")),
    path("api/", include("safecontact.api.urls")),
    path("api-docs/", include("safecontact.api.docs_urls")),
]

handler400 = shell_views.bad_request
handler403 = shell_views.permission_denied
handler404 = shell_views.page_not_found
handler500 = shell_views.server_error
