from django.urls import path

from safecontact.retention import views

app_name = "retention"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("log/", views.disposal_log, name="disposal_log"),
    path("log/download.csv", views.disposal_log_export, name="disposal_log_export"),
    path("periods/<slug:record_class>/", views.period_edit, name="period_edit"),
    path("holds/place/", views.legal_hold_place, name="legal_hold_place"),
    path("holds/<uuid:id>/lift/", views.legal_hold_lift, name="legal_hold_lift"),
]
