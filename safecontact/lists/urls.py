from django.urls import URLPattern, path

from safecontact.lists import views
from safecontact.lists.registry import LISTS

app_name = "lists"
urlpatterns: list[URLPattern] = [path("", views.index, name="index")]
for spec in LISTS:
    urlpatterns += views.patterns_for(spec)
