from django.urls import path

from safecontact.audit import views, views_usage

app_name = "audit"
urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("download.csv", views.event_export, name="event_export"),
    path("views/person/<uuid:id>/", views.person_views, name="person_views"),
    path("views/entry/<uuid:id>/", views.entry_views, name="entry_views"),
    path("usage/", views_usage.usage_report_page, name="usage_report"),
    path("usage/download.csv", views_usage.usage_report_export, name="usage_report_export"),
]
