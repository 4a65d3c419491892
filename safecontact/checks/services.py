"""Running a pre-contact check: three answers, never incident history or witnesses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import CharField, Value, prefetch_related_objects
from django.utils import timezone

from safecontact import matching
from safecontact.access.checks import require
from safecontact.access.policy import Action
from safecontact.accounts.models import Organisation
from safecontact.accounts.selectors import customer_relations_for
from safecontact.audit.events import EventType
from safecontact.audit.services import AuditEntry, audit_record, audit_records
from safecontact.checks import desk, register_index, register_version
from safecontact.checks.matcher import MeasureMatch, find_matches
from safecontact.checks.models import Check
from safecontact.checks.rate_limits import check_rate_enforce
from safecontact.core.bulk_insert import clone
from safecontact.core.exceptions import ApplicationError
from safecontact.core.validators import date_of_birth_problem
from safecontact.disclosures.services import disclosures_for_check
from safecontact.register.models import Measure
from safecontact.register.selectors import measure_visible_to_checker

BAND_ORDER = {"": 0, "low": 1, "medium": 2, "high": 3, "very high": 4}


@dataclass
class CheckQuery:
    purpose: str
    name: str = ""
    date_of_birth: date | None = None
    postcode: str = ""
    address: str = ""
    uprn: str = ""
    phone: str = ""
    email: str = ""
    planned_for: date | None = None
    requested_by: str = ""


@dataclass
class Precautions:
    """What a checker may see of one measure (domain R42): no narrative, victims, witnesses or attachments."""

    reference: str
    kind: str
    risk_band: str
    precautions: list[str]
    restrictions: list[str]
    advice: str
    review_due: date | None
    contact: str
    reasons_matched: list[str] = field(default_factory=list)


@dataclass
class CheckResult:
    check: Check
    outcome: str
    entries: list[Precautions] = field(default_factory=list)
    contact: str = ""

    @property
    def risk_band(self) -> str:
        return max((e.risk_band for e in self.entries), key=lambda b: BAND_ORDER[b], default="")

    @property
    def outcome_label(self) -> str:
        """The answer as it stands (after Customer Relations answered a possible match), for the page title."""
        return str(Check.Outcome(self.outcome).label)


def validate_query(query: CheckQuery) -> None:
    """No browsing: a name needs a date of birth, postcode or address; otherwise an address or UPRN alone."""
    if query.purpose not in Check.Purpose.values:
        raise ApplicationError("Choose the purpose of the contact.", field="purpose")
    dob_problem = date_of_birth_problem(query.date_of_birth) if query.date_of_birth else None
    if dob_problem:
        raise ApplicationError(dob_problem, field="date_of_birth")
    has_place = bool(query.postcode.strip() or query.address.strip() or query.uprn.strip())
    if query.name.strip():
        if not (query.date_of_birth or has_place):
            raise ApplicationError("Add a date of birth, a postcode or an address to the name.", field="name")
        if len(matching.normalise_name(query.name)) < 2:
            raise ApplicationError("Enter the person's name.", field="name")
    elif not has_place:
        raise ApplicationError("Enter a name with a date of birth, postcode or address; or an address or UPRN alone.", field="name")
    if query.postcode.strip() and matching.normalise_postcode(query.postcode) is None:
        raise ApplicationError("Enter a real postcode, like GL50 1PQ.", field="postcode")


def _rules(measure: Measure, type_rules: list[str]) -> list[str]:
    rules = list(type_rules)
    if measure.single_point_of_contact:
        rules.append(f"Named officer: {measure.single_point_of_contact.full_name}"
                     + (f" (deputy: {measure.deputy_contact.full_name})" if measure.deputy_contact else ""))
    for label, value in (("Permitted channels", measure.permitted_channels), ("Phone limits", measure.phone_limits),
                         ("Excluded from", measure.premises_excluded)):
        if value:
            rules.append(f"{label}: {value}")
    return rules


def _listed_texts(measures: list[Measure]) -> dict[Any, tuple[list[str], list[str]]]:
    """Each measure's precautions (labels) and restriction types (rules), in the managed lists' order, in one
    query of values: a "precautions apply" answer needs only these words, not the list entries themselves."""
    if not measures:
        return {}
    ids = [m.pk for m in measures]
    precautions = Measure.precautions.through.objects.filter(measure_id__in=ids).order_by().values_list(
        "measure_id", Value("p", output_field=CharField()), "precaution__sort_order", "precaution__label", "precaution__label")
    rules = Measure.restriction_types.through.objects.filter(measure_id__in=ids).order_by().values_list(
        "measure_id", Value("r", output_field=CharField()), "restrictiontype__sort_order", "restrictiontype__label",
        "restrictiontype__rule_text")
    texts: dict[Any, tuple[list[str], list[str]]] = {pk: ([], []) for pk in ids}
    for measure_id, kind, _order, _label, text in sorted(precautions.union(rules, all=True), key=lambda row: (row[2], row[3])):
        texts[measure_id][0 if kind == "p" else 1].append(text)
    return texts


def precautions_for(matches: list[MeasureMatch], contact: str) -> list[Precautions]:
    """What a checker may see of each matched measure (domain R42): no narrative, victims, witnesses or
    attachments. Named contacts are loaded only for the measures that have them."""
    measures = [m.measure for m in matches]
    prefetch_related_objects(measures, "owner")  # no query where the owner came with the measure
    prefetch_related_objects([m for m in measures if m.single_point_of_contact_id or m.deputy_contact_id],
                             "single_point_of_contact", "deputy_contact")
    texts = _listed_texts(measures)
    entries = []
    for match in matches:
        m = match.measure
        labels, type_rules = texts[m.pk]
        entries.append(Precautions(
            reference=m.reference, kind=m.get_kind_display(), risk_band=m.risk_band, precautions=labels,
            restrictions=_rules(m, type_rules), advice=m.advice, review_due=m.review_due,
            contact=f"{m.owner.full_name}" + (f", or {contact}" if contact else ""), reasons_matched=match.reasons,
        ))
    return entries


def check_run(*, actor: Any, council: Organisation, query: CheckQuery, with_precautions: bool = True,
              enforce_rate_limits: bool = False) -> CheckResult:
    """`actor` is a User or an ApiClient. Records the check and its answer, audited, in one transaction.
    `with_precautions=False` leaves the result's entries empty: the check form redirects to the result page, which
    reads them itself, so the answer's precautions need not be read twice (two queries of every such check).
    `enforce_rate_limits` (the check form and the API): count the check against the actor's limits first
    (rate_limits.check_rate_enforce, which raises RateLimitedError when over one); the same statement reads the
    register version, which the check then uses."""
    version = check_rate_enforce(actor=actor, council=council) if enforce_rate_limits else None
    # On SQLite that transaction holds the database's write lock from its start (BEGIN IMMEDIATE): bring the
    # register index up to date before it, so a rebuild never holds up writers (issue 16). Inside, the check
    # reads the token again and uses the index only if it is still current (ADR 0008).
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        register_index.index_for(council)
    return _check_run(actor=actor, council=council, query=query, with_precautions=with_precautions, version=version)


@transaction.atomic
def _check_run(*, actor: Any, council: Organisation, query: CheckQuery, with_precautions: bool,
               version: register_version.Version | None) -> CheckResult:
    if not getattr(actor, "is_api_client", False):
        require(actor, Action.CHECK_RUN, council)
    validate_query(query)
    identity = desk.identity_key(name=query.name, date_of_birth=query.date_of_birth, postcode=query.postcode,
                                 address=query.address, uprn=query.uprn)
    matches = find_matches(council=council, query=matching.Query(
        name=query.name, date_of_birth=query.date_of_birth, postcode=query.postcode or None,
        address=query.address or None, uprn=query.uprn or None, phone=query.phone or None, email=query.email or None,
    ), identity=identity, details=with_precautions or actor.organisation_id != council.pk,  # else no precautions read now
        version=version)
    # Entries Customer Relations already said are not this exact person (until the entry changes) are left out.
    matches, remembered = desk.without_remembered(council=council, matches=matches, identity=identity)
    strong = [m for m in matches if m.tier == "strong"]
    if strong and actor.organisation_id != council.pk:  # a partner: measure_visible_to_checker reads the sharing
        prefetch_related_objects([m.measure for m in strong], "shared_with")
    visible_strong = [m for m in strong if measure_visible_to_checker(measure=m.measure, actor=actor, council=council)]
    if visible_strong:
        outcome = Check.Outcome.PRECAUTIONS_APPLY
    elif matches:
        # A live entry this checker may not see, or a weak match: never "no entry".
        outcome = Check.Outcome.POSSIBLE_MATCH
    else:
        outcome = Check.Outcome.NO_ENTRY
    is_client = getattr(actor, "is_api_client", False)
    check = Check(
        council=council, checker=None if is_client else actor, api_client=actor if is_client else None,
        requested_by=query.requested_by[:200], purpose=query.purpose, planned_for=query.planned_for,
        query_name=query.name[:200], query_date_of_birth=query.date_of_birth, query_postcode=query.postcode[:10],
        query_address=query.address[:300], query_uprn=query.uprn[:12], query_phone=query.phone[:40], query_email=query.email[:254],
        outcome=outcome,
        # Why each shown measure matched: the checker's precautions, or Customer Relations' possible-match desk.
        match_reasons={str(m.measure.pk): m.reasons for m in (visible_strong or matches)},
    )
    shown = visible_strong if visible_strong else matches
    # The check and the measures it showed (what .set() writes, without reading the links first), in one statement
    # with a possible match's work item and the audit chain's lock (audit_records, insert_together).
    # The links are copies of one (clone): a check about a common name without a date of birth links dozens.
    link = Check.measures.through(check_id=check.pk)
    rows = [check, *(clone(link, measure_id=pk) for pk in dict.fromkeys(m.measure.pk for m in shown))]
    ran: AuditEntry = (EventType.CHECK_RUN, check, {"outcome": outcome, "purpose": query.purpose,
                                                   "measures": [str(m.measure.pk) for m in shown]})
    if outcome == Check.Outcome.POSSIBLE_MATCH:
        desk.review_open(actor=actor, check=check, audit_first=[ran], insert_first=rows)  # both events under one lock
    else:
        audit_records(actor=actor, council=council, events=[ran], insert_first=rows)  # the rows, then the chain locked
    if visible_strong and actor.organisation_id != council.pk:  # precautions left the council: logged with the check (R92)
        disclosures_for_check(actor=actor, council=council, check=check,
                              measures=list({m.measure.pk: m.measure for m in visible_strong}.values()))
    if remembered and outcome == Check.Outcome.NO_ENTRY:
        desk.check_answered_from_memory(actor=actor, council=council, check=check, measure_ids=remembered)
    contact = customer_relations_for(council=council).line
    entries = precautions_for(visible_strong, contact) if with_precautions else []
    return CheckResult(check=check, outcome=outcome, entries=entries, contact=contact)


@transaction.atomic
def check_acknowledge(*, actor: Any, check: Check) -> Check:
    if check.checker_id != actor.pk:
        raise ApplicationError("Only the person who ran a check can acknowledge it.")
    if check.acknowledged_at is None:
        check.acknowledged_at = timezone.now()
        check.save(update_fields=["acknowledged_at", "updated_at"])
        audit_record(actor=actor, event=EventType.CHECK_ACKNOWLEDGED, council=check.council, subject=check)
    return check
