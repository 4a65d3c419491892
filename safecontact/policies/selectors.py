from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from safecontact.accounts.models import Organisation, User
from safecontact.policies.models import PolicyVersion


def policy_version_list_for(*, actor: User, council: Organisation) -> QuerySet[PolicyVersion]:
    return PolicyVersion.objects.filter(council=council).select_related("drafted_by", "approved_by")


def policy_version_get_for(*, actor: User, council: Organisation, id: Any) -> PolicyVersion:
    try:
        return policy_version_list_for(actor=actor, council=council).get(pk=id)
    except (PolicyVersion.DoesNotExist, ValueError) as error:
        raise Http404("No such policy version") from error


def policy_in_force(*, council: Organisation, on: date | None = None) -> PolicyVersion | None:
    """The version a decision or letter made on `on` cites."""
    on = on or date.today()
    return (PolicyVersion.objects.filter(council=council, status=PolicyVersion.Status.APPROVED, effective_from__lte=on)
            .order_by("-effective_from", "-approved_at").first())


def policy_review_overdue(*, council: Organisation, on: date | None = None) -> PolicyVersion | None:
    """The version in force, if its annual review date has passed with no newer version approved."""
    on = on or date.today()
    current = policy_in_force(council=council, on=on)
    if current is None or current.next_review_due is None or current.next_review_due >= on:
        return None
    newer = PolicyVersion.objects.filter(council=council, status=PolicyVersion.Status.APPROVED, approved_at__gt=current.approved_at)
    return None if newer.exists() else current
