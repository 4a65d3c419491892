"""Every API error is RFC 9457 problem JSON with a 4xx status; unexpected errors never leak."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler

from safecontact.core.exceptions import ApplicationError

PROBLEM_CONTENT_TYPE = "application/problem+json"


def problem(status_code: int, title: str, detail: Any = None, **extra: Any) -> Response:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status_code}
    if detail is not None:
        body["detail"] = detail
    body.update(extra)
    return Response(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE)


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    request = context.get("request")
    if request is not None:
        # Errors are JSON even from views that render YAML or HTML on success (the schema view).
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = PROBLEM_CONTENT_TYPE
    if isinstance(exc, ApplicationError):
        return problem(status.HTTP_422_UNPROCESSABLE_ENTITY, "The request breaks a rule", exc.message,
                       **({"field": exc.field} if exc.field else {}))
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        return problem(response.status_code, "Invalid request", "Some fields are missing or wrong.", errors=response.data)
    detail = response.data.get("detail") if isinstance(response.data, dict) else response.data
    return problem(response.status_code, str(getattr(exc, "default_detail", "Error")), detail)
