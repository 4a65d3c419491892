from django.urls import path

from safecontact.api.views_docs import api_docs

# Outside /api/: a page for people, so a signed-out reader is sent to sign in rather than answered with problem JSON.
app_name = "api_docs"
urlpatterns = [
    path("", api_docs, name="index"),
]
