from django.urls import path

from safecontact.register import views, views_interim

app_name = "register"
urlpatterns = [
    path("", views.measure_list, name="measure_list"),
    path("propose/", views.propose_start, name="propose_start"),
    path("propose/marker/", views.propose_marker, name="propose_marker"),
    path("interim/<uuid:incident_id>/", views_interim.interim_marker, name="interim_marker"),
    path("<uuid:id>/confirm-interim/", views_interim.interim_confirm, name="interim_confirm"),
    path("propose/restriction/", views.propose_restriction, name="propose_restriction"),
    path("import/", views.register_import_upload, name="import_upload"),
    path("import/confirm/", views.register_import_confirm, name="import_confirm"),
    path("<uuid:id>/", views.measure_detail, name="measure_detail"),
    path("<uuid:id>/approve/", views.measure_approve, name="measure_approve"),
    path("<uuid:id>/refuse/", views.measure_refuse, name="measure_refuse"),
]
