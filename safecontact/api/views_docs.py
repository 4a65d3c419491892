from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from safecontact.access.decorators import requires
from safecontact.access.policy import Action
from safecontact.api.docs import api_reference


@requires(Action.API_SCHEMA_VIEW)
def api_docs(request: HttpRequest) -> HttpResponse:
    """The API reference for people building integrations: a GOV.UK page read from the OpenAPI schema, no JavaScript."""
    return render(request, "api/docs.html", api_reference())
