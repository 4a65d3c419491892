from django.http import Http404, HttpRequest, HttpResponse

from safecontact.access.decorators import public


@public
def not_offered(request: HttpRequest, **kwargs: object) -> HttpResponse:
    """allauth pages Safe Contact does not offer: self sign-up and changing one's own email
    (accounts are created and changed by administrators for named staff)."""
    raise Http404
