from django.urls import path

from safecontact.shell import views

# The namespace stays "core": `core:home` and `core:council_switch` are reversed across templates and tests of every
# app, and the names are what other code depends on, not which app serves them.
app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("your-roles/", views.roles_allow, name="roles_allow"),
    path("council/switch/", views.council_switch, name="council_switch"),
    path("daily-runs/", views.daily_run_list, name="daily_run_list"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
]
