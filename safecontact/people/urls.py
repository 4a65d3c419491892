from django.urls import path

from safecontact.people import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("new/", views.person_create, name="person_create"),
    path("<uuid:id>/", views.person_detail, name="person_detail"),
    path("<uuid:id>/edit/", views.person_edit, name="person_edit"),
    path("<uuid:id>/add/<slug:kind>/", views.person_add_detail, name="person_add_detail"),
    path("<uuid:id>/merge/", views.person_merge, name="person_merge"),
    path("<uuid:id>/merge/confirm/", views.person_merge_confirm, name="person_merge_confirm"),
]
