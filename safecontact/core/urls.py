from django.urls import path

from safecontact.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("council/switch/", views.council_switch, name="council_switch"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
]
