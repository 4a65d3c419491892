"""Incident intake for CRM and mobile apps: create (and submit) a report; read its status.
The same services and selectors as the HTML pages."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from safecontact.access.drf import HasAction
from safecontact.access.policy import Action
from safecontact.audit.services import audit_access
from safecontact.core.validators import validate_date_of_birth
from safecontact.incidents import rules, selectors, services
from safecontact.incidents.models import Incident


class StatusOutput(serializers.Serializer):
    class Meta:
        ref_name = "IncidentStatus"

    id = serializers.UUIDField()
    reference = serializers.CharField()
    status = serializers.ChoiceField(choices=Incident.Status.choices)
    status_label = serializers.CharField(source="get_status_display")
    outcome = serializers.SerializerMethodField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    triage_due_on = serializers.DateField(allow_null=True)

    def get_outcome(self, incident: Incident) -> str:
        return selectors.reporter_outcome(incident)


class IncidentCreateApi(APIView):
    """Create and submit an incident report in one request. Refusals are problem JSON (422)."""

    permission_classes = [HasAction(Action.INCIDENT_REPORT)]

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "IncidentCreateInput"

        occurred_at = serializers.DateTimeField()
        channel = serializers.ChoiceField(choices=Incident.Channel.choices)
        location = serializers.CharField(max_length=300)
        location_postcode = serializers.CharField(max_length=10, required=False, default="")
        categories = serializers.ListField(child=serializers.UUIDField(), min_length=1,
                                           help_text="Behaviour category ids (at least one)")
        account = serializers.CharField()
        exact_words = serializers.CharField(required=False, default="")
        reporter_opinion = serializers.CharField(required=False, default="")
        immediate_action = serializers.ListField(child=serializers.ChoiceField(choices=rules.IMMEDIATE_ACTIONS), min_length=1)
        immediate_action_detail = serializers.CharField(required=False, default="")
        crime_reference = serializers.CharField(max_length=60, required=False, default="")
        injury = serializers.BooleanField(required=False, default=False)
        damage = serializers.BooleanField(required=False, default=False)
        injury_detail = serializers.CharField(required=False, default="")
        subject_not_known = serializers.BooleanField(required=False, default=False)
        subject_given_names = serializers.CharField(max_length=200, required=False, default="")
        subject_family_name = serializers.CharField(max_length=200, required=False, default="")
        subject_aliases = serializers.CharField(max_length=300, required=False, default="")
        subject_date_of_birth = serializers.DateField(required=False, allow_null=True, default=None,
                                                      validators=[validate_date_of_birth])
        subject_approximate_age = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0, max_value=120)
        subject_address = serializers.CharField(max_length=300, required=False, default="")
        subject_postcode = serializers.CharField(max_length=10, required=False, default="")
        subject_contact = serializers.CharField(max_length=300, required=False, default="")
        identity_confirmation = serializers.ChoiceField(choices=Incident.Identity.choices, required=False, default="")
        others_involved = serializers.CharField(required=False, default="")
        witnesses = serializers.CharField(required=False, default="")
        reporter_wants_support = serializers.BooleanField(required=False, default=False)
        source_organisation = serializers.CharField(max_length=200, required=False, default="",
                                                    help_text="Set to record on behalf of a partner or the police")
        sharing_conditions = serializers.CharField(required=False, default="")

    @extend_schema(request=InputSerializer, responses={201: StatusOutput})
    def post(self, request: Request) -> Response:
        council = request._request.council  # type: ignore[attr-defined]
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data: dict[str, Any] = dict(serializer.validated_data)
        wanted = {str(c) for c in data.pop("categories")}
        categories = [c for c in selectors.behaviour_categories_for(council=council) if str(c.pk) in wanted]
        if len(categories) != len(wanted):
            raise serializers.ValidationError({"categories": ["Unknown behaviour category."]})
        incident = services.incident_report_complete(actor=request.user, council=council, answers=data,  # type: ignore[arg-type]
                                                     categories=categories, on_behalf=bool(data.get("source_organisation")))
        return Response(StatusOutput(incident).data, status=status.HTTP_201_CREATED)


class IncidentStatusApi(APIView):
    """The status and outcome of a report the caller may see (their own, or as an officer)."""

    permission_classes = [HasAction(Action.INCIDENT_VIEW)]

    @extend_schema(responses=StatusOutput)
    def get(self, request: Request, id: str) -> Response:
        council = request._request.council  # type: ignore[attr-defined]
        incident = selectors.incident_get_for(actor=request.user, council=council, id=id)  # type: ignore[arg-type]
        if incident.status == Incident.Status.DRAFT:
            incident.triage_due_on = None
        audit_access(actor=request.user, council=council, subject=incident)
        return Response({**StatusOutput(incident).data, "checked_at": timezone.now().isoformat()})
