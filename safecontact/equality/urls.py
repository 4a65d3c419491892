from django.urls import path

from safecontact.equality import views

app_name = "equality"
urlpatterns = [
    path("", views.find_person, name="find_person"),
    path("people/<uuid:person_id>/", views.record_edit, name="record_edit"),
    path("figures/", views.figures, name="figures"),
]
