"""Everything held about a person, gathered for a subject access bundle (R78), and the DPO's redactions applied.

The bundle is built afresh from the records each time (never stored), as sections of items; each item is a list of
fields. A redaction names an item (or every item) and a field, or some text: the field's value, or each appearance
of the text, becomes "[redacted]" before anything is shown, printed or downloaded. Witnesses and the staff affected
by an incident, and police or partner input to a review, are withheld by default (R78: third parties and
staff-victims); the DPO can read them on the incident's or the review's own page, the person never gets them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from safecontact.audit.events import EventType
from safecontact.audit.selectors import audit_actor_names, audit_event_list_for
from safecontact.subject_access.models import Redaction, SubjectAccessRequest

REDACTED = "[redacted]"
VIEWS_LIMIT = 2000  # a record viewed more often than this is a matter for the audit trail's own download


@dataclass(frozen=True)
class BundleField:
    key: str
    label: str
    value: str
    withheld: bool = False  # withheld by default (third party or staff-victim), whatever the DPO does
    redacted: bool = False


@dataclass(frozen=True)
class BundleItem:
    key: str
    title: str
    fields: list[BundleField]


@dataclass(frozen=True)
class BundleSection:
    key: str
    title: str
    items: list[BundleItem] = field(default_factory=list)


def _day(value: date | None) -> str:
    return value.strftime("%-d %B %Y") if value else ""


def _when(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%-d %B %Y %H:%M") if value else ""


def _f(key: str, label: str, value: Any, *, withheld: bool = False) -> BundleField:
    text = "" if value is None else str(value)
    return BundleField(key=key, label=label, value=REDACTED if withheld and text else text, withheld=withheld and bool(text))


def _kept(fields: Iterable[BundleField]) -> list[BundleField]:
    """Empty fields say nothing: leave them out so the person reads what is held."""
    return [f for f in fields if f.value]


def _person_section(person: Any) -> BundleSection:
    addresses = "\n".join(
        f"{pa.address} (from {_day(pa.from_date) or 'a date not recorded'}{', to ' + _day(pa.to_date) if pa.to_date else ''})"
        for pa in person.addresses.select_related("address").order_by("from_date"))
    fields = [
        _f("given_names", "First names", person.given_names), _f("family_name", "Family name", person.family_name),
        _f("aliases", "Other names", "\n".join(str(a) for a in person.aliases.all())),
        _f("date_of_birth", "Date of birth", _day(person.date_of_birth)),
        _f("approximate_age", "Approximate age", person.approximate_age),
        _f("addresses", "Addresses", addresses),
        _f("contact_points", "Contact details", "\n".join(str(c) for c in person.contact_points.all())),
        _f("external_ids", "References in other council systems", "\n".join(str(c) for c in person.external_ids.all())),
        _f("representatives", "Representatives", "\n".join(str(r) for r in person.representatives.all())),
        _f("adjustments", "Reasonable adjustments",
           "\n".join(f"{a.description} ({a.get_status_display().lower()})" for a in person.adjustments.all())),
        _f("preferred_format", "Alternative format asked for", person.preferred_format),
        _f("known_to_social_care", "Known to social care", person.get_known_to_social_care_display()),
        _f("notes", "Notes", person.notes),
    ]
    return BundleSection("person", "Your record", [BundleItem("person", "Your details", _kept(fields))])


def _incidents_section(person: Any) -> BundleSection:
    items = []
    for i in person.incidents.exclude(status="draft").prefetch_related("categories").order_by("occurred_at"):
        fields = [
            _f("occurred_at", "When", _when(i.occurred_at)), _f("channel", "How", i.get_channel_display()),
            _f("location", "Where", i.location), _f("categories", "Behaviour", ", ".join(c.label for c in i.categories.all())),
            _f("account", "What happened (facts)", i.account), _f("exact_words", "Words used", i.exact_words),
            _f("reporter_opinion", "Opinion of the member of staff who reported it", i.reporter_opinion),
            _f("immediate_action_detail", "What staff did at the time", i.immediate_action_detail),
            _f("police_called", "Police called", "Yes" if i.police_called else ""), _f("crime_reference", "Crime reference", i.crime_reference),
            _f("subject_as_reported", "You, as first reported",
               " ".join(p for p in (i.subject_given_names, i.subject_family_name) if p)),
            _f("subject_address", "Your address, as first reported", i.subject_address),
            _f("subject_contact", "Your contact details, as first reported", i.subject_contact),
            _f("others_involved", "Staff affected and others present", i.others_involved, withheld=True),
            _f("witnesses", "Witnesses", i.witnesses, withheld=True),
            _f("status", "Status", i.get_status_display()),
        ]
        items.append(BundleItem(f"incident:{i.pk}", f"Incident {i.reference}", _kept(fields)))
    return BundleSection("incidents", "Incidents reported about you", items)


def _cases_section(person: Any) -> BundleSection:
    items = []
    for case in person.cases.prefetch_related("decisions").order_by("created_at"):
        items.append(BundleItem(f"case:{case.pk}", f"Case {case.reference}", _kept([
            _f("opened", "Opened", _day(timezone.localtime(case.created_at).date())), _f("status", "Status", case.get_status_display()),
        ])))
        for d in case.decisions.order_by("decided_at"):
            items.append(BundleItem(f"decision:{d.pk}", f"Decision on case {case.reference}", _kept([
                _f("decided_at", "Decided", _when(d.decided_at)), _f("outcome", "Decision", d.get_outcome_display()),
                _f("reasons", "Reasons", d.reasons), _f("policy_clause", "Policy clause", d.policy_clause),
                _f("proportionality", "Why lesser steps were not enough", d.proportionality),
                _f("equality_screen", "Disability, communication needs and adjustments considered", d.equality_screen),
                _f("access_to_services", "How you keep access to services", d.access_to_services),
                _f("warning_examples", "Examples of the behaviour", d.warning_examples),
                _f("warning_expected_change", "The change expected", d.warning_expected_change),
                _f("withdrawn", "Withdrawn", f"{_when(d.withdrawn_at)}: {d.withdrawn_reason}" if d.withdrawn_at else ""),
            ])))
    return BundleSection("cases", "Cases and decisions", items)


def _measures(person: Any) -> Any:
    return person.measures.prefetch_related("precautions", "restriction_types").order_by("created_at")


def _register_section(person: Any) -> BundleSection:
    items = []
    for m in _measures(person):  # live and ended alike: the person is entitled to both while they are held
        author = m.risk_description_author
        fields = [
            _f("kind", "Kind", m.get_kind_display()), _f("status", "Status", m.get_status_display()),
            _f("ended_reason", "Why it ended", m.get_ended_reason_display()),
            _f("starts_on", "Starts", _day(m.starts_on)), _f("review_due", "Review due", _day(m.review_due)),
            _f("ends_on", "Ends", _day(m.ends_on)), _f("reasons", "Reasons", m.reasons),
            _f("risk_band", "Risk level (an opinion)", m.risk_band.capitalize() if m.risk_band else ""),
            _f("risk_description", "Risk assessment (an opinion)" + (f" by {author.full_name}" if author else ""), m.risk_description),
            _f("precautions", "Precautions staff take", ", ".join(p.label for p in m.precautions.all())),
            _f("advice", "Advice to staff", m.advice),
            _f("restrictions", "Restrictions", ", ".join(t.label for t in m.restriction_types.all())),
            _f("permitted_channels", "How you may contact us", m.permitted_channels), _f("phone_limits", "Phone limits", m.phone_limits),
            _f("premises_excluded", "Premises you may not enter", m.premises_excluded),
            _f("mandatory_services_route", "How you can still reach mandatory services", m.mandatory_services_route),
        ]
        items.append(BundleItem(f"measure:{m.pk}", f"Register entry {m.reference}", _kept(fields)))
    return BundleSection("register", "Register entries (live and ended)", items)


def _letters_section(person: Any) -> BundleSection:
    items = []
    for letter in person.letters.exclude(status="draft").order_by("issued_at"):
        items.append(BundleItem(f"letter:{letter.pk}", f"Letter {letter.reference}", _kept([
            _f("event", "About", letter.get_event_display()), _f("issued_on", "Issued", _day(letter.issued_on)),
            _f("channel", "Sent by", letter.get_channel_display()), _f("status", "Status", letter.get_status_display()),
            _f("address_text", "Sent to", letter.address_text or letter.recipient_email),
        ])))
    return BundleSection("letters", "Letters sent to you", items)


def _checks_section(council: Any, person: Any) -> BundleSection:
    from safecontact.checks.models import Check

    items = []
    checks = (Check.objects.filter(council=council, measures__person=person).distinct()
              .select_related("checker__organisation", "api_client__organisation").prefetch_related("measures").order_by("created_at"))
    for c in checks:
        organisation = c.checker.organisation if c.checker_id else c.api_client.organisation  # type: ignore[union-attr]
        entries = ", ".join(m.reference for m in c.measures.all() if m.person_id == person.pk)
        items.append(BundleItem(f"check:{c.pk}", f"Check {c.reference}", _kept([
            _f("when", "When", _when(c.created_at)), _f("purpose", "Before", c.get_purpose_display()),
            _f("planned_for", "Contact planned for", _day(c.planned_for)), _f("outcome", "Answer given", c.get_outcome_display()),
            _f("entries", "Register entries found", entries), _f("organisation", "Checked by staff of", organisation.name),
        ])))
    return BundleSection("checks", "Checks before contact that found an entry about you", items)


def _appeals_section(person: Any) -> BundleSection:
    items = []
    for a in person.appeals.order_by("received_on"):
        items.append(BundleItem(f"appeal:{a.pk}", f"Appeal {a.reference}", _kept([
            _f("received_on", "Received", _day(a.received_on)), _f("against", "Against", a.against),
            _f("grounds", "Grounds", ", ".join(a.grounds_display())), _f("grounds_detail", "What you told us", a.grounds_detail),
            _f("status", "Status", a.get_status_display()), _f("outcome", "Outcome", a.get_outcome_display()),
            _f("outcome_reasons", "Reasons", a.outcome_reasons), _f("changed_terms", "What changed", a.changed_terms),
            _f("decided_at", "Decided", _when(a.decided_at)),
        ])))
    return BundleSection("appeals", "Appeals", items)


def _reviews_section(person: Any) -> BundleSection:
    from safecontact.reviews.models import Review

    items = []
    reviews = Review.objects.filter(measure__person=person, completed_on__isnull=False).select_related("measure").order_by("completed_on")
    for r in reviews:
        items.append(BundleItem(f"review:{r.pk}", f"Review of register entry {r.measure.reference}", _kept([
            _f("completed_on", "Reviewed", _day(r.completed_on)), _f("outcome", "Outcome", r.get_outcome_display()),
            _f("reasons", "Reasons", r.reasons), _f("changed_terms", "What changed", r.changed_terms),
            _f("representations", "What you or your representative said", r.representations),
            _f("partner_input", "Police or partner input", r.partner_input, withheld=True),
            _f("next_review_due", "Next review", _day(r.next_review_due)),
        ])))
    return BundleSection("reviews", "Reviews of your register entries", items)


def _views_section(council: Any, person: Any) -> BundleSection:
    """Who viewed the record and the person's entries (the audit trail), one field per view so the DPO can take
    out one line or a name throughout."""
    subjects = [(person, "your record"), *((m, f"register entry {m.reference}") for m in person.measures.all())]
    events = []
    for subject, what in subjects:
        qs = audit_event_list_for(council=council, subject=subject, event_types=[EventType.VIEWED.value])
        events += [(e, what) for e in qs[:VIEWS_LIMIT]]
    events.sort(key=lambda pair: pair[0].occurred_at)
    names = audit_actor_names(actor_ids=[e.actor_id for e, _ in events])
    fields = [_f(f"view:{e.seq}", _when(e.occurred_at), f"{names.get(e.actor_id, 'The system') if e.actor_id else 'The system'} "
                 f"viewed {what}") for e, what in events]
    items = [BundleItem("views", "Who has viewed your record", fields)] if fields else []
    return BundleSection("views", "Who has viewed your record", items)


def bundle_for(*, request: SubjectAccessRequest) -> list[BundleSection]:
    """Everything held about the request's person, before the DPO's redactions (withheld fields already out)."""
    person, council = request.person, request.council
    return [_person_section(person), _incidents_section(person), _cases_section(person), _register_section(person),
            _letters_section(person), _checks_section(council, person), _appeals_section(person), _reviews_section(person),
            _views_section(council, person)]


def _pattern(text: str) -> re.Pattern[str]:
    return re.compile(re.escape(text.strip()), re.IGNORECASE)


def _redact_item(item: BundleItem, redactions: list[Redaction]) -> BundleItem:
    mine = [r for r in redactions if r.item_key in ("", item.key)]
    if not mine:
        return item
    # A field and no text: the whole field. Text and a field: the text in that field. Text alone: throughout the item.
    whole = {r.field for r in mine if r.field and not r.text.strip()}
    by_field: dict[str, list[re.Pattern[str]]] = {}
    for r in mine:
        if r.text.strip():
            by_field.setdefault(r.field, []).append(_pattern(r.text))
    patterns = by_field.get("", [])
    fields = []
    for f in item.fields:
        value, redacted = f.value, f.redacted
        if f.key in whole:
            value, redacted = REDACTED, True
        for pattern in [*patterns, *by_field.get(f.key, [])]:
            value, count = pattern.subn(REDACTED, value)
            redacted = redacted or bool(count)
        fields.append(replace(f, value=value, redacted=redacted))
    title = item.title
    for pattern in patterns:
        title = pattern.sub(REDACTED, title)
    return replace(item, title=title, fields=fields)


def redacted_bundle_for(*, request: SubjectAccessRequest, redactions: Iterable[Redaction] | None = None) -> list[BundleSection]:
    """The bundle as the person will get it: every redaction applied, in every section."""
    rows = list(request.redactions.all() if redactions is None else redactions)
    return [replace(s, items=[_redact_item(item, rows) for item in s.items]) for s in bundle_for(request=request)]


def item_choices(sections: list[BundleSection]) -> list[tuple[str, str]]:
    """The items a redaction may name, for the form; the first choice is every item."""
    return [("", "Every item in the bundle")] + [(item.key, f"{s.title}: {item.title}") for s in sections for item in s.items]


def find_item(sections: list[BundleSection], key: str) -> BundleItem | None:
    return next((item for s in sections for item in s.items if item.key == key), None)
