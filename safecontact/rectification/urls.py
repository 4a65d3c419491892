from django.urls import path

from safecontact.rectification import views

app_name = "rectification"
urlpatterns = [
    path("", views.request_list, name="request_list"),
    path("record/<uuid:person_id>/", views.request_record, name="request_record"),
    path("<uuid:id>/", views.request_detail, name="request_detail"),
    path("<uuid:id>/extend/", views.request_extend, name="request_extend"),
    path("<uuid:id>/statement/", views.request_statement, name="request_statement"),
    path("<uuid:id>/decide/", views.request_decide, name="request_decide"),
]
