"""POST /api/v1/checks — systems ask the register instead of copying it (the single-register rule)."""

from typing import Any

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from safecontact.access.checks import can
from safecontact.access.policy import Action
from safecontact.api.authentication import BearerTokenAuthentication
from safecontact.api.parsers import LimitedJSONParser
from safecontact.audit.services import audit_access
from safecontact.checks.models import Check
from safecontact.checks.presenters import answer_shape, result_for
from safecontact.checks.selectors import check_get_for_api
from safecontact.checks.services import CheckQuery, check_run
from safecontact.core.validators import validate_date_of_birth


class CanRunChecks(BasePermission):
    required_action = Action.CHECK_RUN

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if getattr(user, "is_api_client", False):
            return True
        return bool(user and user.is_authenticated) and can(user, Action.CHECK_RUN, getattr(request._request, "council", None))  # type: ignore[arg-type]


class CheckApi(APIView):
    authentication_classes = [BearerTokenAuthentication, SessionAuthentication]
    permission_classes = [CanRunChecks]
    parser_classes = [LimitedJSONParser]

    class InputSerializer(serializers.Serializer):
        name = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
        date_of_birth = serializers.DateField(required=False, allow_null=True, default=None, validators=[validate_date_of_birth])
        address = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
        postcode = serializers.CharField(required=False, allow_blank=True, max_length=10, default="")
        uprn = serializers.CharField(required=False, allow_blank=True, max_length=12, default="")
        phone = serializers.CharField(required=False, allow_blank=True, max_length=40, default="")
        email = serializers.CharField(required=False, allow_blank=True, max_length=254, default="")
        purpose = serializers.ChoiceField(choices=Check.Purpose.choices)
        planned_for = serializers.DateField(required=False, allow_null=True, default=None)
        requested_by = serializers.CharField(max_length=200, help_text="The member of staff the system asks for (recorded)")

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            unknown = set(self.initial_data) - set(self.fields)
            if unknown:
                raise ValidationError({field: ["Unknown field."] for field in sorted(unknown)})
            return attrs

    class OutputSerializer(serializers.Serializer):
        id = serializers.UUIDField()
        outcome = serializers.ChoiceField(choices=Check.Outcome.choices)
        risk_band = serializers.CharField(allow_blank=True)
        precautions = serializers.ListField(child=serializers.CharField())
        restrictions = serializers.ListField(child=serializers.CharField())
        advice = serializers.CharField(allow_blank=True)
        contact = serializers.CharField(allow_blank=True)
        review_due = serializers.DateField(allow_null=True)

    @extend_schema(
        operation_id="check_create",
        summary="Check a name or address before contact",
        description=(
            "Three answers: `no_entry` (no live entry; no entry does not mean no risk), `precautions_apply` (a confident "
            "match: risk band, precautions, contact rules, advice, review date, whom to contact) or `possible_match` "
            "(contact Customer Relations before contact). Never incident history or witnesses. Needs a name with a date of "
            "birth, postcode or address, or an address or UPRN alone."
        ),
        request=InputSerializer,
        responses={201: OutputSerializer, 400: OpenApiResponse(description="Problem JSON: invalid or unknown fields"),
                   401: OpenApiResponse(description="Problem JSON: missing or bad token"),
                   413: OpenApiResponse(description="Problem JSON: body too large"),
                   422: OpenApiResponse(description="Problem JSON: not specific enough to check"),
                   429: OpenApiResponse(description="Problem JSON: too many checks from this client in a minute or a day; "
                                                    "wait the seconds in the Retry-After header")},
        examples=[OpenApiExample("Home visit", request_only=True, value={
            "name": "Bill Harrington", "date_of_birth": "1971-03-14", "postcode": "GL50 1PQ", "purpose": "home_visit",
            "planned_for": "2026-12-01", "requested_by": "Sam Patel (Housing)"})],
    )
    def post(self, request: Request) -> Response:
        data = request.data if isinstance(request.data, dict) else None
        if data is None:
            raise ValidationError({"non_field_errors": ["Send a JSON object."]})
        serializer = self.InputSerializer(data=data)
        serializer.is_valid(raise_exception=True)
        result = check_run(actor=request.user, council=request._request.council, query=CheckQuery(**serializer.validated_data),  # type: ignore[attr-defined]
                           enforce_rate_limits=True)
        return Response(self.OutputSerializer(_output(result)).data, status=201)


_output = answer_shape  # one answer shape for POST, GET and the signed callback


class CheckDetailApi(APIView):
    """GET /api/v1/checks/{id}: the answer as it stands now, for the system that made the check."""

    authentication_classes = [BearerTokenAuthentication, SessionAuthentication]
    permission_classes = [CanRunChecks]

    @extend_schema(
        operation_id="check_retrieve",
        summary="The answer to an earlier check, as it stands now",
        description=(
            "The same answer shape as `POST /api/v1/checks`. After a `possible_match`, Customer Relations find out "
            "whether the check is about the person on the register; once they have answered, this returns `no_entry` "
            "(not the same person) or `precautions_apply` with the precautions this client may see (the same person). "
            "Only the client that made the check, or another client of the same organisation, may ask: 404 otherwise."
        ),
        responses={200: CheckApi.OutputSerializer, 401: OpenApiResponse(description="Problem JSON: missing or bad token"),
                   404: OpenApiResponse(description="Problem JSON: no such check for this client")},
    )
    def get(self, request: Request, id: str) -> Response:
        council = request._request.council  # type: ignore[attr-defined]
        check = check_get_for_api(actor=request.user, council=council, id=id)
        audit_access(actor=request.user, council=council, subject=check)
        return Response(CheckApi.OutputSerializer(_output(result_for(check))).data)
