"""Warning letters (R16, R18): the formal warning letter for a decision with the outcome "formal warning" and the
letter confirming an informal warning recorded at triage. Both are ordinary letters: checked, the address
confirmed and issued as a frozen PDF through the outbox (letters.services.letters.letter_issue)."""

from __future__ import annotations

from django.db import transaction

from safecontact.access.checks import require
from safecontact.access.policy import Action
from safecontact.accounts.models import Organisation, User
from safecontact.cases.models import Decision
from safecontact.cases.warnings import formal_warning_status, has_informal_warning, informal_warning_status
from safecontact.core.exceptions import ApplicationError
from safecontact.incidents.models import Incident
from safecontact.letters.models import Event, Letter
from safecontact.letters.services.letters import letter_create


def _draft(**about: object) -> Letter | None:
    """The draft already prepared for this warning: a second click shows it instead of preparing another."""
    return Letter.objects.filter(status=Letter.Status.DRAFT, **about).order_by("created_at").first()


@transaction.atomic
def formal_warning_letter_prepare(*, actor: User, council: Organisation, decision: Decision) -> Letter:
    require(actor, Action.LETTER_PREPARE, council)
    # Locking the decision makes two clicks at once find (or make) the same draft.
    decision = Decision.objects.select_for_update(of=("self",)).select_related("case__person").get(pk=decision.pk)
    if decision.council_id != council.pk:
        raise ApplicationError("This decision belongs to another council.")
    if decision.outcome != Decision.Outcome.FORMAL_WARNING:
        raise ApplicationError("Only a decision to give a formal warning has a formal warning letter.")
    if formal_warning_status(decision).state == "withdrawn":
        raise ApplicationError("This warning was withdrawn on appeal, so no warning letter can be sent.")
    existing = _draft(decision=decision, event=Event.FORMAL_WARNING)
    if existing is not None:
        return existing
    # The letter cites the policy version the decision relied on (domain R2), not whichever is in force today.
    extra = {"policy_version": decision.policy_version} if decision.policy_version else {}
    return letter_create(actor=actor, council=council, event=Event.FORMAL_WARNING, person=decision.case.person,
                         decision=decision, extra=extra)


@transaction.atomic
def informal_warning_letter_prepare(*, actor: User, council: Organisation, incident: Incident) -> Letter:
    require(actor, Action.LETTER_PREPARE, council)
    incident = Incident.objects.select_for_update(of=("self",)).select_related("person", "triage").get(pk=incident.pk)
    if incident.council_id != council.pk:
        raise ApplicationError("This report belongs to another council.")
    if not has_informal_warning(incident):
        raise ApplicationError("No informal warning was recorded at triage on this report.")
    status = informal_warning_status(incident.triage)
    if status.state in ("withdrawn", "erased"):
        raise ApplicationError("This warning was withdrawn on appeal, so no letter can be sent." if status.state == "withdrawn"
                               else "The details of this warning have been erased under the retention policy.")
    if incident.person is None:
        raise ApplicationError("Link the report to the customer's record first: the letter goes to their address.")
    existing = _draft(incident=incident, event=Event.INFORMAL_WARNING)
    if existing is not None:
        return existing
    return letter_create(actor=actor, council=council, event=Event.INFORMAL_WARNING, person=incident.person, incident=incident)
