from django.urls import path

from safecontact.core import views, views_jobs

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("council/switch/", views.council_switch, name="council_switch"),
    path("daily-runs/", views_jobs.daily_run_list, name="daily_run_list"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
]
