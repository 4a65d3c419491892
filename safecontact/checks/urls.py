from django.urls import path

from safecontact.checks import desk_views, views

app_name = "checks"
urlpatterns = [
    path("", views.check_start, name="start"),
    path("mine/", views.my_checks, name="mine"),
    path("team/", views.team_checks, name="team"),
    path("address-lookup/", views.address_lookup, name="address_lookup"),
    path("possible-matches/", desk_views.possible_match_queue, name="possible_matches"),
    path("possible-matches/<uuid:id>/", desk_views.possible_match_answer, name="possible_match_answer"),
    path("<uuid:id>/", views.check_result, name="result"),
    path("<uuid:id>/acknowledge/", views.check_acknowledge_view, name="acknowledge"),
]
