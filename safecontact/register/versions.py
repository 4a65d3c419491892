"""An entry's versions: its terms as approved, then after each variation (R57). Written inside the register's own
services, with the entry's row locked."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from safecontact.accounts.models import User
from safecontact.register.models import Measure, MeasureVersion

VALUE_TERMS = ("risk_impact", "risk_likelihood", "risk_description", "advice", "scope", "scope_justification",
               "permitted_channels", "phone_limits", "premises_excluded", "mandatory_services_route")


def version_record(*, measure: Measure, source: str, actor: User | None, note: str = "", why: str = "",
                   at: Any = None) -> MeasureVersion:
    """Writes the entry's current terms as its next version (called inside the caller's transaction, row locked)."""
    number = (measure.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = MeasureVersion(council_id=measure.council_id, measure=measure, number=number, source=source, note=note[:200],
                             why=why, changed_by=actor, changed_at=at or timezone.now(),
                             **{name: getattr(measure, name) or ("" if name not in ("risk_impact", "risk_likelihood") else None)
                                for name in VALUE_TERMS})
    version.save()
    version.precautions.set(measure.precautions.all())
    version.restriction_types.set(measure.restriction_types.all())
    return version
