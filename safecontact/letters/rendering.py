"""Letter wording → HTML → PDF. Pure functions apart from reading the records a letter is about.

Event bodies (the default files and a council's own versions) are rendered by a bare template engine
with autoescaping and no access to other templates, so a council's wording can use merge fields and
`{% if %}` but cannot reach anything else. The rendered body is then reduced to a small allowlist of
tags (`safe_html.clean_body`), and WeasyPrint may open only Safe Contact's own files
(`safe_html.BundledAssetsFetcher`): council wording never reaches the server's files or network.
The fixed parts every letter must carry (how to appeal, the Ombudsman, the privacy notice and the
policy) live in the layout, not in the editable body.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.template import Context, Engine
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from safecontact.accounts.selectors import council_settings_for
from safecontact.core.workdays import add_working_days
from safecontact.letters.models import Event, LetterSettings
from safecontact.letters.safe_html import BundledAssetsFetcher, clean_body

if TYPE_CHECKING:
    from safecontact.accounts.models import Organisation
    from safecontact.letters.models import Letter

DEFAULTS_DIR = Path(__file__).resolve().parent / "templates" / "letters" / "defaults"
BODY_ENGINE = Engine(autoescape=True, loaders=[])
LGSCO = ("Local Government and Social Care Ombudsman", "https://www.lgo.org.uk", "0300 061 0614")
HOUSING_OMBUDSMAN = ("Housing Ombudsman Service", "https://www.housing-ombudsman.org.uk", "0300 111 3000")
# Events the customer may appeal against; outcome letters explain the next step instead.
APPEALABLE = {Event.INFORMAL_WARNING, Event.FORMAL_WARNING, Event.CONTACT_RESTRICTION, Event.SAFETY_MARKER, Event.REVIEW_OUTCOME}
EDITABLE_PARAGRAPHS = ("introduction", "behaviour", "additional")
DATE_KEYS = {"received_on", "decision_due", "review_due", "appeal_by", "warning_in_force_until", "warning_given_on"}
LARGE_PRINT_WORDS = ("large print", "large-print", "larger print", "bigger print")

# The merge fields a council's wording may use (shown on the template editor).
MERGE_FIELDS = {
    "customer_name": "The customer's name", "reference": "The letter's reference",
    "measure_reference": "The register entry's reference", "measure_kind": "Safety marker or contact restriction",
    "restrictions": "List of the restrictions, as rules", "scope": "Named services or organisation-wide",
    "permitted_channels": "How the customer may contact us", "phone_limits": "Phone limits", "premises_excluded": "Premises excluded",
    "precautions": "List of the precautions staff take", "starts_on": "Start date", "review_due": "Review date",
    "spoc_name": "The named single point of contact", "spoc_contact": "How to reach the named officer",
    "mandatory_services": "How to reach mandatory services", "incidents": "List of incidents relied on (date, channel, behaviours)",
    "behaviour": "The behaviour relied on (officer's paragraph)", "appeal_by": "Last day to appeal",
    "appeal_window_days": "Working days allowed to appeal", "appeal_url": "The online appeal form",
    "verification_code": "The code the customer needs to appeal online", "council_name": "The council's name",
    "register_name": "The register's name", "signatory": "Who signs letters", "outcome": "Review or appeal outcome",
    "outcome_reasons": "Reasons for the outcome", "changed_terms": "What changed", "appeal_reference": "The appeal's reference",
    "decision_due": "Date an appeal will be decided by",
    "warning_examples": "Dated examples of the behaviour (formal warning)",
    "expected_change": "The change we expect (formal warning)",
    "warning_in_force_until": "The day a warning stops counting", "warning_given_on": "The day an informal warning was given",
    # A request to correct, restrict or stop using records (rectification app, R79).
    "request_reference": "The request's reference", "request_kind": "rectification, restriction or objection",
    "correction": "What was corrected or restricted", "has_statement": "Whether the customer's statement is kept with the record",
}


def default_body(event: str) -> str:
    return (DEFAULTS_DIR / f"{Event(event).value}.html").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Wording:
    body: str
    label: str
    version: Any = None  # LetterTemplateVersion | None


def current_wording(*, council: Any, event: str) -> Wording:
    from safecontact.letters.models import LetterTemplateVersion

    version = (
        LetterTemplateVersion.objects.filter(council=council, event=event, activated_at__isnull=False).order_by("-version").first()
    )
    if version is not None:
        return Wording(body=version.body, label=f"Council wording v{version.version}", version=version)
    return Wording(body=default_body(event), label="Default wording")


def render_body(body: str, context: dict[str, Any]) -> str:
    return BODY_ENGINE.from_string(body).render(Context(context, autoescape=True))


def letter_settings_for(*, council: Any) -> LetterSettings:
    row, _ = LetterSettings.objects.get_or_create(council=council)
    return row


def wants_large_print(preferred_format: str) -> bool:
    text = preferred_format.lower()
    return any(word in text for word in LARGE_PRINT_WORDS)


def _incidents(measure: Any, decision: Any, incident: Any = None) -> list[dict[str, Any]]:
    """Dates, channels and behaviour categories only: never the account, the exact words, the staff
    affected or the witnesses."""
    if measure is not None:
        incidents = [measure.originating_incident, *measure.other_incidents.all()]
    elif decision is not None:
        incidents = list(decision.case.incidents.all())
    elif incident is not None:
        incidents = [incident]
    else:
        incidents = []
    rows = []
    for incident in sorted({i.pk: i for i in incidents}.values(), key=lambda i: i.occurred_at or timezone.now()):
        rows.append({
            "date": timezone.localtime(incident.occurred_at).date() if incident.occurred_at else None,
            "channel": incident.get_channel_display() if incident.channel else "",
            "behaviours": ", ".join(c.label for c in incident.categories.all()),
        })
    return rows


def default_behaviour(incidents: list[dict[str, Any]]) -> str:
    lines = []
    for row in incidents:
        when = row["date"].strftime("%-d %B %Y") if row["date"] else "A date we hold on record"
        how = f" ({row['channel'].lower()})" if row["channel"] else ""
        what = row["behaviours"].lower() if row["behaviours"] else "behaviour towards our staff that our policy does not accept"
        lines.append(f"On {when}{how}: {what}.")
    return "\n".join(lines)


def _public_policy_url(council: Organisation) -> str:
    """With no published address of its own, the council's policy page in Safe Contact (if one is in force)."""
    from safecontact.policies.selectors import policy_in_force

    if policy_in_force(council=council) is None:
        return ""
    return settings.SITE_URL.rstrip("/") + reverse("policies:public_policy", kwargs={"council_slug": council.slug})


def merge_context(letter: Letter, *, issued_on: date | None = None) -> dict[str, Any]:
    council = letter.council
    council_settings = council_settings_for(council=council)
    letter_settings = letter_settings_for(council=council)
    measure, decision = letter.measure, letter.decision
    incidents = _incidents(measure, decision, letter.incident)
    day = issued_on or letter.issued_on or timezone.localdate()
    paragraphs = {key: letter.paragraphs.get(key, "") for key in EDITABLE_PARAGRAPHS}
    if not paragraphs["behaviour"]:
        paragraphs["behaviour"] = default_behaviour(incidents)
    spoc = measure.single_point_of_contact if measure is not None else None
    ombudsmen = [LGSCO, HOUSING_OMBUDSMAN] if letter_settings.is_landlord else [LGSCO]
    context: dict[str, Any] = {
        "council_name": council.name, "council_address": council_settings.letter_address,
        "register_name": council_settings.register_name, "signatory": council_settings.letter_signatory or f"Customer Relations, {council.name}",
        "privacy_notice_url": council_settings.privacy_notice_url, "policy_url": letter_settings.policy_url or _public_policy_url(council),
        "policy_version": (letter.extra or {}).get("policy_version", ""),
        "today": day, "reference": letter.reference, "verification_code": letter.verification_code,
        "customer_name": str(letter.person), "customer_address": letter.address_text,
        "incidents": incidents, "behaviour": paragraphs["behaviour"], "paragraphs": paragraphs,
        "appeal_window_days": council_settings.appeal_window_working_days,
        "appeal_by": add_working_days(day, council_settings.appeal_window_working_days),
        # The council's own appeal page, so that it carries the council's name (appeals/views_public.py).
        "appeal_url": settings.SITE_URL.rstrip("/") + reverse("appeal:appeal_start_for", kwargs={"council_slug": council.slug}),
        "appealable": letter.event in APPEALABLE and (letter.extra or {}).get("outcome") != "lifted",
        "ombudsmen": ombudsmen, "is_landlord": letter_settings.is_landlord,
        "large_print": letter.large_print, "event_label": Event(letter.event).label,
        "spoc_name": spoc.full_name if spoc else "", "spoc_contact": f"{spoc.job_title}, {spoc.email}".strip(", ") if spoc else "",
    }
    if measure is not None:
        context.update({
            "measure_reference": measure.reference, "measure_kind": measure.get_kind_display().lower(),
            "restrictions": [t.rule_text or t.label for t in measure.restriction_types.all()],
            "scope": measure.get_scope_display().lower() if measure.scope else "",
            "services": [t.name for t in measure.services.all()],
            "permitted_channels": measure.permitted_channels, "phone_limits": measure.phone_limits,
            "premises_excluded": measure.premises_excluded, "precautions": [p.label for p in measure.precautions.all()],
            "starts_on": measure.starts_on, "review_due": measure.review_due, "mandatory_services": measure.mandatory_services_route,
        })
    if decision is not None:
        context.update({"expected_change": decision.warning_expected_change})
    for key, value in _warning_context(letter).items():  # an entry's own fields win
        context.setdefault(key, value)
    for key, value in (letter.extra or {}).items():
        context[key] = date.fromisoformat(value) if key in DATE_KEYS and value else value
    return context


def _warning_context(letter: Letter) -> dict[str, Any]:
    """The warning's own details (R18): dated examples and the change expected for a formal warning; when it was
    given for an informal one; how long either counts (cases/warnings.py)."""
    from safecontact.cases.warnings import formal_warning_status, has_informal_warning, informal_warning_status

    decision, incident = letter.decision, letter.incident
    if decision is not None and decision.outcome == "formal_warning":
        status = formal_warning_status(decision)
        context: dict[str, Any] = {"warning_examples": decision.warning_examples, "measure_kind": "formal warning"}
    elif incident is not None and has_informal_warning(incident):
        status = informal_warning_status(incident.triage)
        context = {"warning_given_on": status.given_on, "measure_kind": "informal warning"}
    else:
        return {}
    context["warning_in_force_until"] = status.ends_on if status.state in ("in_force", "expired") else None
    return context


def render_html(letter: Letter, *, body: str | None = None, issued_on: date | None = None, draft: bool | None = None) -> str:
    """The whole letter as HTML: the layout around the event body. A letter not yet issued renders as a DRAFT
    (marked on every page) unless the caller says otherwise: only `letter_issue` renders the final letter."""
    context = merge_context(letter, issued_on=issued_on)
    context["draft"] = not letter.is_issued if draft is None else draft
    wording = body if body is not None else current_wording(council=letter.council, event=letter.event).body
    context["body"] = mark_safe(clean_body(render_body(wording, context)))  # noqa: S308 - sanitised to the allowlist
    return render_to_string("letters/letter_layout.html", context)


def html_to_pdf(html: str) -> bytes:
    """A tagged PDF (PDF/UA-1: structure tree, document language and title from the HTML) that screen readers can
    read. The layouts carry `lang="en-GB"` and a `<title>`, which PDF/UA requires."""
    from weasyprint import HTML

    return HTML(string=html, base_url=str(DEFAULTS_DIR), url_fetcher=BundledAssetsFetcher()).write_pdf(pdf_variant="pdf/ua-1")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
