from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from safecontact.access.checks import roles_of
from safecontact.access.drf import HasAction
from safecontact.access.policy import Action


class WhoAmIApi(APIView):
    """Who the caller is and which roles it holds for its current council (for integrators)."""

    permission_classes = [HasAction(Action.HOME_VIEW)]

    @extend_schema(
        responses=inline_serializer("WhoAmI", {"id": serializers.UUIDField(), "council": serializers.CharField(),
                                                "roles": serializers.ListField(child=serializers.CharField())})
    )
    def get(self, request: Request) -> Response:
        council = request._request.council  # type: ignore[attr-defined]
        return Response({"id": str(request.user.pk), "council": council.slug,
                         "roles": sorted(roles_of(request.user, council))})  # type: ignore[arg-type]
