"""Writes to the disclosure log (R92). The checks and register services call these inside their own transaction, so
a disclosure and its log row commit together or not at all; nothing here opens a transaction of its own for them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from safecontact.access.checks import require
from safecontact.access.policy import Action
from safecontact.accounts.models import DataSharingAgreement, Organisation, User
from safecontact.audit.events import EventType
from safecontact.audit.services import audit_record
from safecontact.disclosures.models import DataItem, Disclosure
from safecontact.register.models import Measure

# The legal basis the council relies on for each route, recorded on every row as it stood at the time (a later change
# of wording does not rewrite what an earlier disclosure relied on).
LEGAL_BASIS = {
    Disclosure.Route.CHECK_ANSWER: (
        "Public task (UK GDPR Article 6(1)(e)) and the council's duty to protect the people who work for it "
        "(Health and Safety at Work etc. Act 1974, sections 2 and 3), under the data-sharing agreement"
    ),
    Disclosure.Route.SHARED_ENTRY: (
        "Public task (UK GDPR Article 6(1)(e)) and the council's duty to protect the people who work for it "
        "(Health and Safety at Work etc. Act 1974, sections 2 and 3), under the data-sharing agreement"
    ),
    Disclosure.Route.EXPORT: "Public task (UK GDPR Article 6(1)(e)), under the data-sharing agreement",
}


def data_items_of(measure: Measure) -> list[str]:
    """What a checker outside the council is shown of this entry (checks.services.precautions_for, domain R42): the
    entry exists, its review date and whom to contact always; the rest only where the entry has it."""
    items = [DataItem.EXISTENCE]
    if measure.risk_impact and measure.risk_likelihood:
        items.append(DataItem.RISK_LEVEL)
    if measure.precautions.exists():
        items.append(DataItem.PRECAUTIONS)
    if measure.restriction_types.exists():
        items.append(DataItem.RESTRICTION_TYPE)
    if measure.single_point_of_contact_id:
        items.append(DataItem.NAMED_CONTACT)
    if measure.permitted_channels or measure.phone_limits or measure.premises_excluded:
        items.append(DataItem.CONTACT_LIMITS)
    if measure.advice:
        items.append(DataItem.ADVICE)
    items += [DataItem.REVIEW_DATE, DataItem.OFFICER]
    return [str(item) for item in items]


def _agreement(*, council: Organisation, organisation: Organisation, on: datetime) -> DataSharingAgreement | None:
    day = timezone.localtime(on).date()
    return (DataSharingAgreement.objects.filter(council=council, organisation=organisation, starts_on__lte=day, ends_on__gte=day)
            .order_by("-ends_on").first())


def disclosures_for_check(*, actor: Any, council: Organisation, check: Any, measures: Iterable[Measure]) -> list[Disclosure]:
    """A check answered with precautions: one row for each entry shown, when the checker (a person or a system) is
    outside the council. The council's own staff and councillors are the council itself: nothing leaves it, no row.
    Called by `checks.services.check_run` inside its transaction."""
    organisation_id = actor.organisation_id
    if organisation_id == council.pk:
        return []
    organisation = Organisation.objects.get(pk=organisation_id)
    now = timezone.now()
    agreement = _agreement(council=council, organisation=organisation, on=now)
    is_client = getattr(actor, "is_api_client", False)
    if is_client:
        name = f"{actor.name} ({organisation.name})" + (f", for {check.requested_by}" if check.requested_by else "")
    else:
        name = f"{actor.full_name} ({organisation.name})"
    rows = [Disclosure(
        council=council, disclosed_at=now, route=Disclosure.Route.CHECK_ANSWER, recipient_organisation=organisation,
        recipient_user=None if is_client else actor, recipient_api_client=actor if is_client else None,
        recipient_name=name[:300], agreement=agreement, legal_basis=LEGAL_BASIS[Disclosure.Route.CHECK_ANSWER],
        data_items=data_items_of(measure), measure=measure, entry_reference=measure.reference, person_id=measure.person_id,
        check_made=check,
    ) for measure in measures]
    return Disclosure.objects.bulk_create(rows)


def disclosures_for_shared_entry(*, actor: User | None, measure: Measure) -> list[Disclosure]:
    """An entry goes live shared with partner bodies or contractors: from now on their checks may show it, so it is
    made available to each organisation that has a current agreement (one without one sees nothing: no row). Called
    by the register's approval services inside their transaction."""
    council = measure.council
    now = timezone.now()
    rows = []
    items = data_items_of(measure)
    for organisation in measure.shared_with.order_by("name"):
        agreement = _agreement(council=council, organisation=organisation, on=now)
        if agreement is None:
            continue
        rows.append(Disclosure(
            council=council, disclosed_at=now, route=Disclosure.Route.SHARED_ENTRY, recipient_organisation=organisation,
            recipient_name=organisation.name[:300], agreement=agreement, legal_basis=LEGAL_BASIS[Disclosure.Route.SHARED_ENTRY],
            data_items=items, measure=measure, entry_reference=measure.reference, person_id=measure.person_id,
            authorised_by=actor,
        ))
    return Disclosure.objects.bulk_create(rows)


@transaction.atomic
def disclosure_log_exported(*, actor: User, council: Organisation, rows: int, filters: dict[str, str]) -> None:
    """The log downloaded as CSV is itself a copy of personal data leaving the page: the trail says who took it."""
    require(actor, Action.DISCLOSURE_LOG_VIEW, council)
    audit_record(actor=actor, event=EventType.DISCLOSURE_LOG_EXPORTED, council=council, subject=council,
                 data={"rows": rows, **filters})
