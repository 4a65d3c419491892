from typing import Any

from django.conf import settings
from django.http import HttpRequest

from safecontact.shell.navigation import current_area, navigation_for


def service(request: HttpRequest) -> dict[str, Any]:
    council = getattr(request, "council", None)
    areas = navigation_for(request)
    return {
        "service_name": settings.SERVICE_NAME,
        "demo_mode": settings.DEMO_MODE,
        "current_council": council,
        "user_councils": getattr(request, "councils", []),
        "service_navigation": areas,
        "sub_navigation": current_area(areas),
    }
