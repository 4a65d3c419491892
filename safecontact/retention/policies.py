"""THE retention table: what is kept, how long, after which event, and what happens then.

Every other part of the retention app reads this list: the override limits (code and database),
the daily sweep, the plan on the DPO's page and `docs/retention-policy.md` (rendered from here by
`manage.py render_retention_policy`; a test fails when the document is stale).

Periods are in whole months. A record is disposed of by the first daily run on or after the day its
period ends (`trigger date + period`), never before, and never while a legal hold covers it.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping
from dataclasses import dataclass
from functools import reduce

from django.db import models


class RecordClass(models.TextChoices):
    ENDED_MEASURE = "ended_measure", "Ended register entries"
    INCIDENT = "incident", "Incidents that led to no register entry"
    INCIDENT_DRAFT = "incident_draft", "Incident reports never sent"
    RIDDOR_INCIDENT = "riddor_incident", "Possibly RIDDOR-reportable incidents and their attachments"
    ATTACHMENT = "attachment", "Incident attachments (evidence files)"
    WARNING = "warning", "Informal and formal warnings"
    CHECK_LOG = "check_log", "Check log (pre-contact checks)"
    LETTER = "letter", "Letters to customers"
    APPEAL = "appeal", "Appeals"
    CASE = "case", "Cases"
    PERSON = "person", "Customer records (people)"
    AUDIT_EVENT = "audit_event", "Audit events"
    SUBJECT_ACCESS = "subject_access", "Subject access requests and their redactions"
    RECTIFICATION = "rectification", "Requests to correct or restrict a record, with statements"
    DISCLOSURE = "disclosure", "Disclosure log (what was shared outside the council)"
    EQUALITY = "equality", "Equality monitoring answers"
    RECERTIFICATION = "recertification", "Access checks (quarterly role recertification)"


class Action(models.TextChoices):
    DELETED = "deleted", "Deleted"
    ANONYMISED = "anonymised", "Anonymised"
    KEPT = "kept", "Not disposed of by the application"


@dataclass(frozen=True)
class RetentionRule:
    record_class: RecordClass
    what: str  # which records
    trigger: str  # the event the period runs from, in words (shown on the Retention page)
    disposal: str  # what the sweep does when the period has run
    action: Action
    default_months: int | None  # None: the record follows another (no period of its own)
    min_months: int | None = None
    max_months: int | None = None
    council_setting: str = ""  # the council's value lives in accounts.CouncilSettings.<field>
    source: str = ""
    date_field: str = ""  # the model field that records the trigger date: for docs/retention-policy.md only

    @property
    def overridable(self) -> bool:
        return self.default_months is not None and self.min_months != self.max_months

    @property
    def label(self) -> str:
        return str(self.record_class.label)


RULES: tuple[RetentionRule, ...] = (
    RetentionRule(
        RecordClass.ENDED_MEASURE,
        what="Safety markers and contact restrictions that ended (removed, expired, overturned or not approved)",
        trigger="The entry ended", date_field="`Measure.ended_at`",
        disposal="Deleted, with its letters, appeals (and their files), check-log links, review and Governance Group "
                 "items, and the incidents it rested on (with their attachments) unless another entry rests on them, a "
                 "legal hold covers them or the RIDDOR minimum applies. Its case and customer record follow in the same run "
                 "when nothing else is kept about them.",
        action=Action.DELETED, default_months=6, min_months=1, max_months=72,
        council_setting="ended_measure_retention_months",
        source="Cheltenham PSR privacy statement: at most 6 months after removal (domain E10, R65)",
    ),
    RetentionRule(
        RecordClass.INCIDENT,
        what="Incident reports dealt with (closed, informal warning, decided) that no register entry rests on",
        trigger="The report was sent", date_field="`Incident.submitted_at`",
        disposal="Deleted, with its triage, attachments (files removed from storage) and case links.",
        action=Action.DELETED, default_months=12, min_months=6, max_months=72,
        source="Darlington BC: kept 12 months, then deleted if no longer a threat (domain E11, R65)",
    ),
    RetentionRule(
        RecordClass.INCIDENT_DRAFT,
        what="Incident reports started but never sent",
        trigger="The draft was last saved", date_field="`Incident.updated_at`",
        disposal="Deleted, with any attachments (files removed from storage).",
        action=Action.DELETED, default_months=3, min_months=1, max_months=12,
        source="UK GDPR Art. 5(1)(e) storage limitation",
    ),
    RetentionRule(
        RecordClass.RIDDOR_INCIDENT,
        what="Incidents flagged as possibly RIDDOR-reportable, with their attachments",
        trigger="The incident happened", date_field="`Incident.occurred_at`",
        disposal="A floor, not a deletion of its own: such an incident is not disposed of before this period has run, "
                 "even when the incident rule says it may go.",
        action=Action.DELETED, default_months=36, min_months=36, max_months=72,
        source="RIDDOR 2013 reg. 12: records kept for at least 3 years",
    ),
    RetentionRule(
        RecordClass.ATTACHMENT,
        what="Evidence files attached to an incident report",
        trigger="Their incident is disposed of",
        disposal="Deleted with their incident: the row and the file in storage.",
        action=Action.DELETED, default_months=None,
        source="Domain R66: deletion includes attachments",
    ),
    RetentionRule(
        RecordClass.WARNING,
        what="Informal warnings (recorded at triage) and formal warnings (decisions)",
        trigger="The warning was given", date_field="`Triage.warning_given_on`, `Decision.decided_at`",
        disposal="Informal: who gave it and what was said are erased from the triage, and its letters and appeals are "
                 "deleted. Formal: the decision is deleted with its letters and appeals. (A warning stops counting towards "
                 "escalation 12 months after it was given, or when withdrawn on appeal, whether or not it is kept longer.)",
        action=Action.DELETED, default_months=12, min_months=3, max_months=24,
        source="Domain R20: warnings have their own expiry and are deleted per policy",
    ),
    RetentionRule(
        RecordClass.CHECK_LOG,
        what="Pre-contact checks: the query as typed, the answer and the acknowledgement",
        trigger="The check was run", date_field="`Check.created_at`",
        disposal="Deleted.",
        action=Action.DELETED, default_months=12, min_months=1, max_months=24,
        source="UK GDPR Art. 5(1)(e) storage limitation",
    ),
    RetentionRule(
        RecordClass.LETTER,
        what="Letters to customers (the frozen PDF, address and edited paragraphs)",
        trigger="The letter was issued (a draft: when it was prepared)", date_field="`Letter.issued_at`; drafts: `Letter.created_at`",
        disposal="Anonymised: PDF, address, email and paragraphs erased; the reference, event and dates stay until the "
                 "entry or warning the letter is about is deleted (a letter about neither is deleted).",
        action=Action.ANONYMISED, default_months=12, min_months=6, max_months=72,
        source="Domain R65: letters deleted after the retention period",
    ),
    RetentionRule(
        RecordClass.APPEAL,
        what="Decided appeals: grounds, contact email, reasons and documents",
        trigger="The appeal was decided", date_field="`Appeal.decided_at`",
        disposal="Anonymised: grounds, email and reasons erased, documents (and their files) deleted; the row stays "
                 "until the entry or warning appealed is deleted.",
        action=Action.ANONYMISED, default_months=12, min_months=6, max_months=72,
        source="UK GDPR Art. 5(1)(e) storage limitation",
    ),
    RetentionRule(
        RecordClass.CASE,
        what="Cases that have no register entry, incident or formal warning left",
        trigger="Their last entry, incident or warning is disposed of",
        disposal="Deleted, with the decisions recorded on it and their letters.",
        action=Action.DELETED, default_months=None,
        source="Domain R65",
    ),
    RetentionRule(
        RecordClass.PERSON,
        what="Customer records that nothing kept refers to any more (no incident, case, entry, letter or appeal)",
        trigger="The record was created", date_field="`Person.created_at`",
        disposal="Deleted with aliases, address history, contact points, identifiers, representatives, adjustments and "
                 "search keys; typed (non-gazetteer) addresses nothing else uses are deleted too.",
        action=Action.DELETED, default_months=3, min_months=1, max_months=12,
        source="Domain R65, R66 (search indexes)",
    ),
    RetentionRule(
        RecordClass.AUDIT_EVENT,
        what="Audit events (identifiers and event types only: no personal data)",
        trigger="The event happened", date_field="`AuditEvent.occurred_at`",
        disposal="Never deleted by the application: the trail is append-only and hash-chained. Events older than the "
                 "period are archived offline from the database by its administrator.",
        action=Action.KEPT, default_months=84, min_months=72, max_months=120,
        source="Accountability (UK GDPR Art. 5(2)); the audit trail holds no personal data",
    ),
    RetentionRule(
        RecordClass.SUBJECT_ACCESS,
        what="Subject access requests answered: the request, its clock and extension, and each redaction with its reason "
             "(the bundle itself is rebuilt from the record, never stored)",
        trigger="The request was closed (one sent but never closed: the bundle was sent)",
        date_field="`SubjectAccessRequest.closed_at`; else `sent_on`",
        disposal="Deleted with its redactions. Until then the customer record it is about is kept too (the request "
                 "refers to it), so the council can show what it sent and what it withheld. Open requests are never disposed of.",
        action=Action.DELETED, default_months=24, min_months=12, max_months=72,
        source="ICO right-of-access guidance: be able to show how a request was handled. No period is set in law; 2 years "
               "after closure covers a complaint to the ICO about the answer and judging a repeated request against the last",
    ),
    RetentionRule(
        RecordClass.RECTIFICATION,
        what="Decided requests to correct, restrict or object to what the register holds, with the customer's "
             "supplementary statement and the decision's reasons",
        trigger="The request was decided, and the entry or incident it disputes has been disposed of",
        date_field="`RectificationRequest.decided_at`",
        disposal="Deleted; its outcome letter too when nothing else refers to it. A statement stays beside a disputed "
                 "entry or incident for as long as that record is kept (UK GDPR Art. 16). Open requests are never disposed of.",
        action=Action.DELETED, default_months=24, min_months=12, max_months=72,
        source="UK GDPR Art. 16 and 18 (domain E27, E28, R79); 2 years after the decision, as for subject access requests",
    ),
    RetentionRule(
        RecordClass.DISCLOSURE,
        what="The disclosure log: what about an entry reached which partner or contractor, when, and under which "
             "agreement and legal basis",
        trigger="The disclosure was made", date_field="`Disclosure.disclosed_at`",
        disposal="Deleted. (It outlives the entry it describes: when the entry is disposed of, the row keeps only its "
                 "reference and the recipient.)",
        action=Action.DELETED, default_months=72, min_months=72, max_months=120,
        source="Domain R92; accountability (UK GDPR Art. 5(2)); 6 years: the Limitation Act 1980 period for a claim "
               "about a disclosure (misuse of personal data, UK GDPR Art. 82)",
    ),
    RetentionRule(
        RecordClass.EQUALITY,
        what="Equality monitoring answers about a customer (special category data)",
        trigger="Their customer record is disposed of",
        disposal="Deleted with the customer record, in the same transaction. No period of its own: the answers are "
                 "held only while the council holds a record about the person that they can be monitored against "
                 "(domain R77).",
        action=Action.DELETED, default_months=None,
        source="UK GDPR Art. 5(1)(e), Art. 9; DPA 2018 Sch. 1 para. 8",
    ),
    RetentionRule(
        RecordClass.RECERTIFICATION,
        what="Quarterly access checks: the campaign, each line manager's task and each role confirmed or removed, "
             "with its note",
        trigger="The quarter the check was for ended (three months after its first day)",
        date_field="`RecertificationCampaign.quarter_start` + 3 months",
        disposal="Deleted with its tasks and items. The roles themselves, and the audit events of each decision, stay.",
        action=Action.DELETED, default_months=24, min_months=12, max_months=72,
        source="Accountability (UK GDPR Art. 5(2), Art. 32): eight quarters of checks show a pattern to an auditor; "
               "the audit trail keeps each decision for longer",
    ),
)

RULES_BY_CLASS: Mapping[str, RetentionRule] = {rule.record_class.value: rule for rule in RULES}
OVERRIDABLE = tuple(rule for rule in RULES if rule.overridable and not rule.council_setting)


def rule_for(record_class: str) -> RetentionRule:
    return RULES_BY_CLASS[str(record_class)]


def check_months(record_class: str, months: int) -> str:
    """An error message when `months` is outside the class's limits, else ""."""
    rule = rule_for(record_class)
    if not rule.overridable:
        return f"The period for {rule.label.lower()} cannot be changed."
    assert rule.min_months is not None and rule.max_months is not None  # pragma: no mutate: for mypy; overridable means both limits
    if not rule.min_months <= months <= rule.max_months:
        return f"Choose between {rule.min_months} and {rule.max_months} months."
    return ""


def limits_condition() -> models.Q:
    """The database check for RetentionOverride: each class within its limits (classes whose value lives
    elsewhere, or that cannot change, cannot have an override row)."""
    conditions = [models.Q(record_class=rule.record_class.value, months__gte=rule.min_months, months__lte=rule.max_months)
                  for rule in OVERRIDABLE]
    return reduce(operator.or_, conditions)
