from django.urls import path

from safecontact.appeals import views, views_warnings

app_name = "appeals"
urlpatterns = [
    path("", views.appeal_list, name="appeal_list"),
    path("record/", views.appeal_record, name="appeal_record"),
    path("record/formal-warning/<uuid:decision_id>/", views_warnings.appeal_record_formal_warning, name="appeal_record_formal_warning"),
    path("record/informal-warning/<uuid:incident_id>/", views_warnings.appeal_record_informal_warning,
         name="appeal_record_informal_warning"),
    path("<uuid:id>/", views.appeal_detail, name="appeal_detail"),
    path("<uuid:id>/assign/", views.appeal_assign, name="appeal_assign"),
    path("<uuid:id>/decide/", views.appeal_decide, name="appeal_decide"),
    path("<uuid:id>/documents/<uuid:document_id>/", views.appeal_document, name="appeal_document"),
]
