"""Cache-Control and Permissions-Policy on responses (core/middleware.py), and the 413 page."""

import io

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import FileResponse, HttpResponse
from django.test import RequestFactory, override_settings
from django.urls import reverse

from safecontact.access.policy import Role
from safecontact.core.middleware import SecurityHeadersMiddleware


def through_middleware(path: str, response: HttpResponse, user=None) -> HttpResponse:  # type: ignore[no-untyped-def]
    request = RequestFactory().get(path)
    request.user = user or AnonymousUser()
    return SecurityHeadersMiddleware(lambda r: response)(request)


def test_every_response_switches_off_browser_features_no_page_uses(client, db):
    policy = client.get(reverse("account_login"))["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in policy
    assert "publickey-credentials-get=(self)" in policy  # security keys for MFA
    assert "interest-cohort" not in policy
    assert through_middleware("/static/css/app.css", HttpResponse("body{}"))["Permissions-Policy"] == settings.PERMISSIONS_POLICY


def test_pages_for_a_signed_in_user_are_never_stored(user_with_role, client_for):
    response = client_for(user_with_role(Role.STAFF)).get("/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store" and response["Pragma"] == "no-cache"


def test_downloads_and_api_answers_are_never_stored_even_without_a_session(db, client):
    download = through_middleware("/letters/x/pdf/", FileResponse(io.BytesIO(b"%PDF"), as_attachment=True, filename="a.pdf"))
    assert download["Cache-Control"] == "no-store"
    inline = HttpResponse(b"%PDF", content_type="application/pdf")
    inline["Content-Disposition"] = 'inline; filename="pack.pdf"'
    assert through_middleware("/governance/x/pack.pdf", inline)["Cache-Control"] == "no-store"
    assert "no-store" in client.get("/api/v1/whoami")["Cache-Control"]


def test_static_files_may_be_cached(user_with_role):
    static = HttpResponse("body{}")
    static["Cache-Control"] = "max-age=31536000, public, immutable"
    response = through_middleware(settings.STATIC_URL + "css/app.css", static, user=user_with_role(Role.STAFF))
    assert response["Cache-Control"] == "max-age=31536000, public, immutable" and not response.has_header("Pragma")


def test_a_stricter_cache_control_set_by_a_view_is_kept(user_with_role, client_for):
    response = client_for(user_with_role(Role.STAFF)).get("/healthz")  # @never_cache
    assert "no-store" in response["Cache-Control"] and "must-revalidate" in response["Cache-Control"]


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1_000)
def test_a_form_over_the_upload_limit_gets_the_413_page(user_with_role, client_for):
    response = client_for(user_with_role(Role.STAFF)).post(reverse("checks:start"), {"name": "x" * 2_000, "purpose": "phone"})
    assert response.status_code == 413 and response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert "What you sent was too large" in body and 'class="govuk-heading-l"' in body
    assert response["Cache-Control"] == "no-store"
