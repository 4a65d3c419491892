from django.urls import path

from safecontact.checks import views

app_name = "checks"
urlpatterns = [
    path("", views.check_start, name="start"),
    path("mine/", views.my_checks, name="mine"),
    path("team/", views.team_checks, name="team"),
    path("address-lookup/", views.address_lookup, name="address_lookup"),
    path("<uuid:id>/", views.check_result, name="result"),
    path("<uuid:id>/acknowledge/", views.check_acknowledge_view, name="acknowledge"),
]
