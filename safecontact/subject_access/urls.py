from django.urls import path

from safecontact.subject_access import views

app_name = "subject_access"
urlpatterns = [
    path("", views.request_list, name="request_list"),
    path("start/<uuid:person_id>/", views.request_start, name="request_start"),
    path("<uuid:id>/", views.request_detail, name="request_detail"),
    path("<uuid:id>/extend/", views.request_extend, name="request_extend"),
    path("<uuid:id>/redact/", views.redaction_add, name="redaction_add"),
    path("<uuid:id>/status/", views.request_status, name="request_status"),
    path("<uuid:id>/bundle.pdf", views.bundle_pdf, name="bundle_pdf"),
    path("<uuid:id>/bundle.json", views.bundle_json, name="bundle_json"),
    path("<uuid:id>/bundle.csv", views.bundle_csv, name="bundle_csv"),
]
