from django.urls import path

from safecontact.policies import views

app_name = "policies"
urlpatterns = [
    path("versions/", views.version_list, name="version_list"),
    path("versions/new/", views.version_new, name="version_new"),
    path("versions/<uuid:id>/", views.version_detail, name="version_detail"),
    path("versions/<uuid:id>/edit/", views.version_edit, name="version_edit"),
    path("versions/<uuid:id>/approve/", views.version_approve, name="version_approve"),
    path("<slug:council_slug>/", views.public_policy, name="public_policy"),
]
