"""Every API error is RFC 9457 problem JSON with a 4xx status, or 503 with Retry-After while the database is
unavailable; unexpected errors never leak."""

import logging
from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler

from safecontact.core.exceptions import DATABASE_RETRY_AFTER_SECONDS, ApplicationError, database_unavailable
from safecontact.core.ratelimit import RateLimitedError

logger = logging.getLogger(__name__)
PROBLEM_CONTENT_TYPE = "application/problem+json"


def problem(status_code: int, title: str, detail: Any = None, **extra: Any) -> Response:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status_code}
    if detail is not None:
        body["detail"] = detail
    body.update(extra)
    return Response(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE)


def status_title(status_code: int) -> str:
    """The problem's title: the status's own phrase in sentence case ("Method not allowed"). DRF's default_detail is
    not a title: several are templates ('Method "{method}" not allowed.') that only the detail fills in."""
    try:
        return HTTPStatus(status_code).phrase.capitalize()
    except ValueError:
        return "Error"


def request_too_large() -> Response:
    return problem(status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, status_title(413),
                   "The request body is too large. Send less data in one request.")


def service_unavailable() -> Response:
    """The database is down or restarting: a client should wait and send the same request again."""
    answer = problem(status.HTTP_503_SERVICE_UNAVAILABLE, status_title(503),
                     f"The service is unavailable for a moment. Try again in {DATABASE_RETRY_AFTER_SECONDS} seconds.",
                     retry_after=DATABASE_RETRY_AFTER_SECONDS)
    answer["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
    return answer


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    request = context.get("request")
    if request is not None:
        # Errors are JSON even from views that render YAML or HTML on success (the schema view).
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = PROBLEM_CONTENT_TYPE
    if database_unavailable(exc):  # the class only in the log: a database message can quote the values sent
        logger.warning("Database unavailable (%s): answered 503", type(exc).__name__)
        return service_unavailable()
    if isinstance(exc, RateLimitedError):
        limited = problem(status.HTTP_429_TOO_MANY_REQUESTS, "Too many requests", exc.message, retry_after=exc.retry_after)
        limited["Retry-After"] = str(exc.retry_after)
        return limited
    if isinstance(exc, ApplicationError):
        return problem(status.HTTP_422_UNPROCESSABLE_ENTITY, "The request breaks a rule", exc.message,
                       **({"field": exc.field} if exc.field else {}))
    if isinstance(exc, RequestDataTooBig):  # over DATA_UPLOAD_MAX_MEMORY_SIZE, found while reading the body
        return request_too_large()
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
    answer = problem(response.status_code, status_title(response.status_code), detail)
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):  # DRF's headers say how to try again
        if response.has_header(header):
            answer[header] = response[header]
    return answer
