"""The customer's own appeal page: public, no account (config/urls.py mounts it at /appeal/)."""

from django.urls import path

from safecontact.appeals import views_public

app_name = "appeal"
urlpatterns = [
    path("", views_public.appeal_start, name="appeal_start"),
    path("sent/", views_public.appeal_sent, name="appeal_sent"),
]
