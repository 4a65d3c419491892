"""Appeals against a warning (R19, R68): a formal warning (a decision on a case) or an informal one (recorded at
triage on a report). Used by appeals.services; the warning itself changes only through its owner's service
(cases.services.formal_warning_withdraw, incidents.services_triage.informal_warning_withdraw)."""

from __future__ import annotations

from typing import Any

from safecontact.accounts.models import User
from safecontact.cases.models import Decision
from safecontact.cases.services import formal_warning_withdraw
from safecontact.cases.warnings import formal_warning_status, has_informal_warning, informal_warning_status
from safecontact.core.exceptions import ApplicationError
from safecontact.incidents.models import Incident
from safecontact.incidents.services_triage import informal_warning_withdraw
from safecontact.people.models import Person

VARY_REFUSED = ("An appeal against a warning cannot be partly upheld: a warning cannot be changed. Choose upheld to "
                "withdraw it, or not upheld to keep it, and explain in the reasons what the customer may have got right.")


def warning_appealed(*, decision: Decision | None, incident: Incident | None) -> tuple[Person, User]:
    """The customer and the officer to tell about an appeal against this warning; refuses anything else. The warning
    is read again from the database: it may have been withdrawn since the page was shown."""
    if decision is not None:
        decision = Decision.objects.select_related("case__person", "case__owner").get(pk=decision.pk)
        if decision.outcome != Decision.Outcome.FORMAL_WARNING:
            raise ApplicationError("Only a formal warning, a restriction or a marker can be appealed.", field="measure")
        if formal_warning_status(decision).state == "withdrawn":
            raise ApplicationError("This warning has already been withdrawn on appeal.")
        return decision.case.person, decision.case.owner
    if incident is not None:
        incident = Incident.objects.select_related("person", "triage__manager").get(pk=incident.pk)
    if incident is None or not has_informal_warning(incident):
        raise ApplicationError("Choose the warning, restriction or marker being appealed.", field="measure")
    if informal_warning_status(incident.triage).state == "withdrawn":
        raise ApplicationError("This warning has already been withdrawn on appeal.")
    if incident.person is None:
        raise ApplicationError("Link the report to the customer's record first.")
    return incident.person, incident.triage.manager


def warning_withdraw_on_appeal(*, actor: User, appeal: Any) -> None:
    """An appeal against a warning overturned: the warning is withdrawn and stops counting at once."""
    reason = f"Overturned on appeal {appeal.reference}"
    if appeal.decision is not None:
        formal_warning_withdraw(actor=actor, decision=appeal.decision, reason=reason)
    elif appeal.incident is not None:
        informal_warning_withdraw(actor=actor, triage=appeal.incident.triage, reason=reason)
