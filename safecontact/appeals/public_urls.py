"""The customer's own appeal page: public, no account (config/urls.py mounts it at /appeal/). Letters link to
/appeal/<council>/ so that the page carries the council's name; /appeal/ alone still works."""

from django.urls import path

from safecontact.appeals import views_public

app_name = "appeal"
urlpatterns = [
    path("", views_public.appeal_start, name="appeal_start"),
    path("check/", views_public.appeal_check, name="appeal_check"),
    path("sent/", views_public.appeal_sent, name="appeal_sent"),
    path("privacy/<slug:council_slug>/", views_public.appeal_privacy, name="appeal_privacy"),
    path("<slug:council_slug>/", views_public.appeal_start, name="appeal_start_for"),  # last: after the fixed words
]
