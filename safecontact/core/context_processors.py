from typing import Any

from django.conf import settings
from django.http import HttpRequest

from safecontact.core.navigation import navigation_for


def service(request: HttpRequest) -> dict[str, Any]:
    council = getattr(request, "council", None)
    return {
        "service_name": settings.SERVICE_NAME,
        "demo_mode": settings.DEMO_MODE,
        "current_council": council,
        "user_councils": getattr(request, "councils", []),
        "service_navigation": navigation_for(request),
    }
