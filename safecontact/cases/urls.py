from django.urls import path

from safecontact.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("open/<uuid:incident_id>/", views.case_open, name="case_open"),
    path("<uuid:id>/", views.case_detail, name="case_detail"),
    path("<uuid:id>/decide/", views.decision_create, name="decision_create"),
]
