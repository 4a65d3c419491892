from django.urls import path

from safecontact.register import views, views_import, views_interim

app_name = "register"
urlpatterns = [
    path("", views.measure_list, name="measure_list"),
    path("propose/", views.propose_start, name="propose_start"),
    path("propose/marker/", views.propose_marker, name="propose_marker"),
    path("interim/<uuid:incident_id>/", views_interim.interim_marker, name="interim_marker"),
    path("<uuid:id>/confirm-interim/", views_interim.interim_confirm, name="interim_confirm"),
    path("propose/restriction/", views.propose_restriction, name="propose_restriction"),
    path("import/", views_import.register_import_upload, name="import_upload"),
    path("import/<uuid:id>/", views_import.register_import_job, name="import_job"),
    path("import/<uuid:id>/confirm/", views_import.register_import_confirm, name="import_confirm"),
    path("import/<uuid:id>/cancel/", views_import.register_import_cancel, name="import_cancel"),
    path("<uuid:id>/", views.measure_detail, name="measure_detail"),
    path("<uuid:id>/approve/", views.measure_approve, name="measure_approve"),
    path("<uuid:id>/refuse/", views.measure_refuse, name="measure_refuse"),
]
