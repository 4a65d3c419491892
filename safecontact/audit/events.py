"""Every audit event type, in one enum. Stored as plain strings (no `choices`) so adding a type
needs no migration."""

from enum import StrEnum


class EventType(StrEnum):
    @property
    def label(self) -> str:
        return event_name(self.value)

    # Sign-in and authentication
    SIGNED_IN = "auth.signed_in"
    SIGNED_OUT = "auth.signed_out"
    SIGN_IN_FAILED = "auth.sign_in_failed"
    LOCKED_OUT = "auth.locked_out"
    LOCKOUT_RELEASED = "auth.lockout_released"
    MFA_ADDED = "auth.mfa_added"
    MFA_REMOVED = "auth.mfa_removed"
    MFA_RESET = "auth.mfa_reset"
    PASSWORD_CHANGED = "auth.password_changed"
    PASSWORD_RESET = "auth.password_reset"
    # Sign-in through a council's identity provider (accounts/social.py): linked at first sign-in, or refused
    SIGNED_IN_WITH_PROVIDER = "auth.signed_in_with_provider"
    SIGN_IN_PROVIDER_LINKED = "auth.sign_in_provider_linked"
    SIGN_IN_PROVIDER_REFUSED = "auth.sign_in_provider_refused"
    SIGN_IN_PROVIDER_CONFIGURED = "sign_in_provider.configured"
    # Organisations, users and access
    ORGANISATION_CREATED = "organisation.created"
    USER_CREATED = "user.created"
    USER_DEACTIVATED = "user.deactivated"
    NEW_STARTER_ACCESS_DECIDED = "user.new_starter_access_decided"
    ROLE_REQUESTED = "role_assignment.requested"
    ROLE_APPROVED = "role_assignment.approved"
    ROLE_REFUSED = "role_assignment.refused"
    ROLE_RENEWED = "role_assignment.renewed"
    ROLE_REVOKED = "role_assignment.revoked"
    # The quarterly access check (R28 in issue 17): a line manager confirms or removes each role their staff hold
    RECERTIFICATION_STARTED = "role_assignment.recertification_started"
    RECERTIFICATION_CONFIRMED = "role_assignment.recertification_confirmed"
    RECERTIFICATION_REMOVED = "role_assignment.recertification_removed"
    RECERTIFICATION_REMINDED = "role_assignment.recertification_reminded"
    RECERTIFICATION_ESCALATED = "role_assignment.recertification_escalated"
    COUNCIL_SETTINGS_CHANGED = "council_settings.changed"
    SHARING_AGREEMENT_RECORDED = "sharing_agreement.recorded"
    SHARING_AGREEMENT_ENDED = "sharing_agreement.ended"
    TEAM_CREATED = "team.created"
    TEAM_RENAMED = "team.renamed"
    USER_UPDATED = "user.updated"
    STAFF_IMPORTED = "user.staff_imported"
    INVITATION_SENT = "invitation.sent"
    INVITATION_RESENT = "invitation.resent"
    INVITATION_CANCELLED = "invitation.cancelled"
    INVITATION_ACCEPTED = "invitation.accepted"
    INVITATION_LINK_REFUSED = "invitation.link_refused"
    # Managed lists (lists/): behaviour categories, precautions, restriction types, where flags are copied
    LIST_ITEM_ADDED = "list_item.added"
    LIST_ITEM_CHANGED = "list_item.changed"
    LIST_ITEM_MOVED = "list_item.moved"
    LIST_ITEM_RETIRED = "list_item.retired"
    LIST_ITEM_RESTORED = "list_item.restored"
    LIST_ITEM_DELETED = "list_item.deleted"
    # Reads of personal data
    VIEWED = "access.viewed"
    LISTED = "access.listed"
    AUDIT_EXPORTED = "access.audit_exported"  # the audit trail (a filtered view of it) downloaded as CSV
    USAGE_REPORT_EXPORTED = "access.usage_report_exported"  # the usage report by user (R45) downloaded as CSV
    # Register and checks
    MEASURE_PROPOSED = "measure.proposed"
    MEASURE_APPROVED = "measure.approved"
    MEASURE_REFUSED = "measure.refused"
    MEASURE_ENDED = "measure.ended"
    CHECK_RUN = "check.run"
    CHECK_ACKNOWLEDGED = "check.acknowledged"
    CHECK_RATE_LIMITED = "check.rate_limited"
    POSSIBLE_MATCH_OPENED = "possible_match.opened"
    POSSIBLE_MATCH_RESOLVED = "possible_match.resolved"
    POSSIBLE_MATCH_REMEMBERED = "possible_match.remembered"
    API_CLIENT_CREATED = "api_client.created"
    REGISTER_IMPORTED = "register.imported"
    REGISTER_IMPORT_STARTED = "register.import_started"  # a file uploaded on the web page, to be checked by the worker
    REGISTER_IMPORT_CONFIRMED = "register.import_confirmed"
    REGISTER_IMPORT_CANCELLED = "register.import_cancelled"  # by the uploader, or abandoned (the daily run)
    GAZETTEER_IMPORTED = "gazetteer.imported"
    # Report and decide: incidents, people, cases
    INCIDENT_DRAFT_CREATED = "incident.draft_created"
    INCIDENT_DRAFT_SAVED = "incident.draft_saved"
    INCIDENT_SUBMITTED = "incident.submitted"
    INCIDENT_TRIAGED = "incident.triaged"
    INCIDENT_PERSON_LINKED = "incident.person_linked"
    INCIDENT_DECIDED = "incident.decided"
    ATTACHMENT_ADDED = "attachment.added"
    ATTACHMENT_REMOVED = "attachment.removed"
    PERSON_CREATED = "person.created"
    PERSON_UPDATED = "person.updated"
    PERSON_DETAIL_ADDED = "person.detail_added"
    PERSON_MERGED = "person.merged"
    PERSON_MERGED_INTO = "person.merged_into"
    CASE_OPENED = "case.opened"
    CASE_INCIDENT_ADDED = "case.incident_added"
    DECISION_RECORDED = "decision.recorded"
    WARNING_WITHDRAWN = "warning.withdrawn"  # a formal or informal warning overturned on appeal
    # --- Be fair (letters, appeals) ---
    LETTER_PREPARED = "letter.prepared"
    LETTER_EDITED = "letter.edited"
    LETTER_ISSUED = "letter.issued"
    LETTER_SENT = "letter.sent"
    LETTER_DELIVERY_FAILED = "letter.delivery_failed"
    LETTER_REQUEUED = "letter.requeued"
    LETTER_TEMPLATE_SAVED = "letter_template.saved"
    LETTER_TEMPLATE_ACTIVATED = "letter_template.activated"
    LETTER_SETTINGS_CHANGED = "letter_settings.changed"
    MEASURE_NOTIFICATION_DECIDED = "measure.notification_decided"
    MEASURE_NOTIFICATION_RECONSIDER_DUE = "measure.notification_reconsider_due"
    MEASURE_VARIED = "measure.varied"
    MEASURE_INTERIM_APPROVED = "measure.interim_approved"
    MEASURE_INTERIM_CONFIRMED = "measure.interim_confirmed"
    APPEAL_RECORDED = "appeal.recorded"
    APPEAL_ASSIGNED = "appeal.assigned"
    APPEAL_DECIDED = "appeal.decided"
    # --- Review and forget: reviews ---
    REVIEW_COMPLETED = "review.completed"
    REVIEW_REMINDER_SENT = "review.reminder_sent"
    REVIEW_ESCALATED = "review.escalated"
    REVIEW_BROUGHT_FORWARD = "review.brought_forward"
    REVIEW_SETTINGS_CHANGED = "review_settings.changed"
    # --- Review and forget: governance ---
    GOVERNANCE_MEETING_CREATED = "governance.meeting_created"
    GOVERNANCE_MEETING_UPDATED = "governance.meeting_updated"
    GOVERNANCE_AGENDA_BUILT = "governance.agenda_built"
    GOVERNANCE_ITEM_DECIDED = "governance.item_decided"
    GOVERNANCE_CHECKLIST_UPDATED = "governance.checklist_updated"
    GOVERNANCE_CLEARANCE_OPENED = "governance.clearance_opened"
    GOVERNANCE_SYSTEM_ADDED = "governance.system_added"  # earlier events only: now list_item.added (lists/)
    GOVERNANCE_ANNUAL_REPORT_DOWNLOADED = "governance.annual_report_downloaded"  # the Cabinet report PDF (counts only)
    GOVERNANCE_FOI_FIGURES_DOWNLOADED = "governance.foi_figures_downloaded"  # the FOI-safe figures as a PDF
    # --- Equality monitoring (R77) ---
    EQUALITY_RECORDED = "equality.recorded"  # which questions changed, never the answers
    # --- Review and forget: retention ---
    RETENTION_DISPOSED = "retention.disposed"
    RETENTION_LOG_EXPORTED = "retention.log_exported"  # the disposal log downloaded as CSV (R66)
    RETENTION_SWEEP_ERROR = "retention.sweep_error"
    ORPHAN_FILES_REMOVED = "files.orphans_removed"  # the daily sweep of upload files no row names (counts only)
    EVIDENCE_FILES_ENCRYPTED = "files.evidence_encrypted"  # encrypt_evidence: files (re-)encrypted (counts only)
    RETENTION_PERIOD_CHANGED = "retention.period_changed"
    LEGAL_HOLD_PLACED = "legal_hold.placed"
    LEGAL_HOLD_LIFTED = "legal_hold.lifted"
    # --- Review and forget: policy and jobs ---
    POLICY_DRAFT_SAVED = "policy.draft_saved"
    POLICY_APPROVED = "policy.approved"
    POLICY_REVIEW_REMINDED = "policy.review_reminded"
    DAILY_RUN_FINISHED = "daily_run.finished"
    DAILY_RUN_STOPPED = "daily_run.stopped"  # left "running" by a process that died; the day is run again
    # --- Emails to staff (notifications/) ---
    STAFF_EMAIL_SENT = "staff_email.sent"
    STAFF_EMAIL_DELIVERY_FAILED = "staff_email.delivery_failed"
    STAFF_EMAIL_REQUEUED = "staff_email.requeued"
    # --- Data protection: subject access (subject_access/, R78) ---
    SUBJECT_ACCESS_STARTED = "subject_access.started"
    SUBJECT_ACCESS_EXTENDED = "subject_access.extended"
    SUBJECT_ACCESS_REDACTED = "subject_access.redacted"
    SUBJECT_ACCESS_STATUS_CHANGED = "subject_access.status_changed"
    SUBJECT_ACCESS_DOWNLOADED = "subject_access.downloaded"
    # --- Data protection: disclosures to partners (disclosures/, R92) ---
    DISCLOSURE_LOG_EXPORTED = "disclosure.log_exported"  # the disclosure log (a filtered view of it) downloaded as CSV
    # --- Data protection: rectification, restriction and objection (rectification/, R79) ---
    RECTIFICATION_RECORDED = "rectification.recorded"
    RECTIFICATION_EXTENDED = "rectification.extended"
    RECTIFICATION_STATEMENT_ADDED = "rectification.statement_added"
    RECTIFICATION_DECIDED = "rectification.decided"


# What people read: every event type has a name (the audit trail page shows it and filters by it).
_NAMES: dict[str, str] = {
    EventType.SIGNED_IN: "Signed in",
    EventType.SIGNED_OUT: "Signed out",
    EventType.SIGN_IN_FAILED: "Sign-in failed",
    EventType.LOCKED_OUT: "Locked out after failed sign-ins",
    EventType.LOCKOUT_RELEASED: "Lockout released",
    EventType.MFA_ADDED: "Authenticator app added",
    EventType.MFA_REMOVED: "Authenticator app removed",
    EventType.MFA_RESET: "Authenticator app reset",
    EventType.PASSWORD_CHANGED: "Password changed",
    EventType.PASSWORD_RESET: "Password reset",
    EventType.SIGNED_IN_WITH_PROVIDER: "Signed in with the council's identity provider",
    EventType.SIGN_IN_PROVIDER_LINKED: "Work account linked at first sign-in",
    EventType.SIGN_IN_PROVIDER_REFUSED: "Sign-in with the council's identity provider refused",
    EventType.SIGN_IN_PROVIDER_CONFIGURED: "Identity provider set up or changed",
    EventType.ORGANISATION_CREATED: "Organisation set up",
    EventType.USER_CREATED: "Person added to the staff list",
    EventType.USER_DEACTIVATED: "Staff member deactivated",
    EventType.NEW_STARTER_ACCESS_DECIDED: "New starter's access decided",
    EventType.ROLE_REQUESTED: "Role asked for",
    EventType.ROLE_APPROVED: "Role approved",
    EventType.ROLE_REFUSED: "Role refused",
    EventType.ROLE_RENEWED: "Role renewed",
    EventType.ROLE_REVOKED: "Role revoked",
    EventType.RECERTIFICATION_STARTED: "Quarterly access check started",
    EventType.RECERTIFICATION_CONFIRMED: "Role confirmed at the quarterly access check",
    EventType.RECERTIFICATION_REMOVED: "Role removed at the quarterly access check",
    EventType.RECERTIFICATION_REMINDED: "Manager reminded of the quarterly access check",
    EventType.RECERTIFICATION_ESCALATED: "Overdue quarterly access check escalated",
    EventType.COUNCIL_SETTINGS_CHANGED: "Council settings changed",
    EventType.SHARING_AGREEMENT_RECORDED: "Data-sharing agreement recorded",
    EventType.SHARING_AGREEMENT_ENDED: "Data-sharing agreement ended",
    EventType.TEAM_CREATED: "Team added",
    EventType.TEAM_RENAMED: "Team renamed",
    EventType.USER_UPDATED: "Staff details changed",
    EventType.STAFF_IMPORTED: "Staff invited from a spreadsheet",
    EventType.INVITATION_SENT: "Invitation sent",
    EventType.INVITATION_RESENT: "Invitation sent again",
    EventType.INVITATION_CANCELLED: "Invitation cancelled",
    EventType.INVITATION_ACCEPTED: "Invitation accepted",
    EventType.INVITATION_LINK_REFUSED: "Invitation link refused",
    EventType.LIST_ITEM_ADDED: "List item added",
    EventType.LIST_ITEM_CHANGED: "List item changed",
    EventType.LIST_ITEM_MOVED: "List item moved",
    EventType.LIST_ITEM_RETIRED: "List item retired",
    EventType.LIST_ITEM_RESTORED: "List item restored",
    EventType.LIST_ITEM_DELETED: "List item deleted",
    EventType.VIEWED: "Record viewed",
    EventType.LISTED: "List viewed",
    EventType.AUDIT_EXPORTED: "Audit trail downloaded",
    EventType.USAGE_REPORT_EXPORTED: "Usage report downloaded",
    EventType.MEASURE_PROPOSED: "Register entry proposed",
    EventType.MEASURE_APPROVED: "Register entry approved",
    EventType.MEASURE_REFUSED: "Register entry refused",
    EventType.MEASURE_ENDED: "Register entry ended",
    EventType.CHECK_RUN: "Check before contact run",
    EventType.CHECK_ACKNOWLEDGED: "Precautions read and acknowledged",
    EventType.CHECK_RATE_LIMITED: "Checks paused: too many in a short time",
    EventType.POSSIBLE_MATCH_OPENED: "Possible match sent to Customer Relations",
    EventType.POSSIBLE_MATCH_RESOLVED: "Possible match answered by Customer Relations",
    EventType.POSSIBLE_MATCH_REMEMBERED: "Check answered from an earlier 'not the same person'",
    EventType.API_CLIENT_CREATED: "API client added",
    EventType.REGISTER_IMPORTED: "Register entries imported",
    EventType.REGISTER_IMPORT_STARTED: "Register import file uploaded",
    EventType.REGISTER_IMPORT_CONFIRMED: "Register import confirmed",
    EventType.REGISTER_IMPORT_CANCELLED: "Register import cancelled",
    EventType.GAZETTEER_IMPORTED: "Address gazetteer loaded",
    EventType.INCIDENT_DRAFT_CREATED: "Incident report started",
    EventType.INCIDENT_DRAFT_SAVED: "Incident report draft saved",
    EventType.INCIDENT_SUBMITTED: "Incident reported",
    EventType.INCIDENT_TRIAGED: "Incident triaged",
    EventType.INCIDENT_PERSON_LINKED: "Incident linked to a person",
    EventType.INCIDENT_DECIDED: "Incident decided",
    EventType.ATTACHMENT_ADDED: "Evidence file added",
    EventType.ATTACHMENT_REMOVED: "Evidence file removed",
    EventType.PERSON_CREATED: "Person record created",
    EventType.PERSON_UPDATED: "Person record changed",
    EventType.PERSON_DETAIL_ADDED: "Detail added to a person record",
    EventType.PERSON_MERGED: "Person records merged",
    EventType.PERSON_MERGED_INTO: "Person record merged into another",
    EventType.CASE_OPENED: "Case opened",
    EventType.CASE_INCIDENT_ADDED: "Incident added to a case",
    EventType.DECISION_RECORDED: "Decision recorded",
    EventType.WARNING_WITHDRAWN: "Warning withdrawn on appeal",
    EventType.LETTER_PREPARED: "Letter prepared",
    EventType.LETTER_EDITED: "Letter edited",
    EventType.LETTER_ISSUED: "Letter issued",
    EventType.LETTER_SENT: "Letter sent",
    EventType.LETTER_DELIVERY_FAILED: "Letter could not be delivered",
    EventType.LETTER_REQUEUED: "Letter sent again",
    EventType.LETTER_TEMPLATE_SAVED: "Letter wording saved",
    EventType.LETTER_TEMPLATE_ACTIVATED: "Letter wording put into use",
    EventType.LETTER_SETTINGS_CHANGED: "Letter settings changed",
    EventType.MEASURE_NOTIFICATION_DECIDED: "Decision on telling the customer recorded",
    EventType.MEASURE_NOTIFICATION_RECONSIDER_DUE: "Decision not to tell the customer due for reconsideration",
    EventType.MEASURE_VARIED: "Register entry varied",
    EventType.MEASURE_INTERIM_APPROVED: "Interim restriction approved",
    EventType.MEASURE_INTERIM_CONFIRMED: "Interim restriction confirmed",
    EventType.APPEAL_RECORDED: "Appeal received",
    EventType.APPEAL_ASSIGNED: "Appeal assigned",
    EventType.APPEAL_DECIDED: "Appeal decided",
    EventType.REVIEW_COMPLETED: "Review completed",
    EventType.REVIEW_REMINDER_SENT: "Review reminder sent",
    EventType.REVIEW_ESCALATED: "Overdue review escalated",
    EventType.REVIEW_BROUGHT_FORWARD: "Review brought forward",
    EventType.REVIEW_SETTINGS_CHANGED: "Review settings changed",
    EventType.GOVERNANCE_MEETING_CREATED: "Governance meeting added",
    EventType.GOVERNANCE_MEETING_UPDATED: "Governance meeting changed",
    EventType.GOVERNANCE_AGENDA_BUILT: "Governance agenda built",
    EventType.GOVERNANCE_ITEM_DECIDED: "Governance item decided",
    EventType.GOVERNANCE_CHECKLIST_UPDATED: "Removal checklist updated",
    EventType.GOVERNANCE_CLEARANCE_OPENED: "Flag removal checklist opened",
    EventType.GOVERNANCE_SYSTEM_ADDED: "System where flags are copied added",
    EventType.GOVERNANCE_ANNUAL_REPORT_DOWNLOADED: "Annual policy review report downloaded",
    EventType.GOVERNANCE_FOI_FIGURES_DOWNLOADED: "Register figures for a freedom of information answer downloaded",
    EventType.EQUALITY_RECORDED: "Equality monitoring answers recorded",
    EventType.RETENTION_DISPOSED: "Records disposed of",
    EventType.RETENTION_LOG_EXPORTED: "Disposal log downloaded",
    EventType.RETENTION_SWEEP_ERROR: "Disposal failed for a record",
    EventType.ORPHAN_FILES_REMOVED: "Unused upload files removed",
    EventType.EVIDENCE_FILES_ENCRYPTED: "Evidence files encrypted",
    EventType.RETENTION_PERIOD_CHANGED: "Retention period changed",
    EventType.LEGAL_HOLD_PLACED: "Legal hold placed",
    EventType.LEGAL_HOLD_LIFTED: "Legal hold lifted",
    EventType.POLICY_DRAFT_SAVED: "Policy draft saved",
    EventType.POLICY_APPROVED: "Policy approved",
    EventType.POLICY_REVIEW_REMINDED: "Policy review reminder sent",
    EventType.DAILY_RUN_FINISHED: "Daily run finished",
    EventType.DAILY_RUN_STOPPED: "Daily run found stopped and started again",
    EventType.STAFF_EMAIL_SENT: "Email to staff sent",
    EventType.STAFF_EMAIL_DELIVERY_FAILED: "Email to staff could not be delivered",
    EventType.STAFF_EMAIL_REQUEUED: "Email to staff sent again",
    EventType.SUBJECT_ACCESS_STARTED: "Subject access request started",
    EventType.SUBJECT_ACCESS_EXTENDED: "Subject access deadline extended",
    EventType.SUBJECT_ACCESS_REDACTED: "Detail redacted from a subject access bundle",
    EventType.SUBJECT_ACCESS_STATUS_CHANGED: "Subject access request moved on",
    EventType.SUBJECT_ACCESS_DOWNLOADED: "Subject access bundle downloaded",
    EventType.DISCLOSURE_LOG_EXPORTED: "Disclosure log downloaded",
    EventType.RECTIFICATION_RECORDED: "Request to correct records received",
    EventType.RECTIFICATION_EXTENDED: "Deadline of a request to correct records extended",
    EventType.RECTIFICATION_STATEMENT_ADDED: "Customer's statement added to a disputed record",
    EventType.RECTIFICATION_DECIDED: "Request to correct records decided",
}

# The filter on the audit trail page groups event types by the part of the service they belong to.
AREAS: dict[str, tuple[str, tuple[str, ...]]] = {
    "sign-in": ("Sign-in", ("auth.", "sign_in_provider.")),
    "staff": ("Staff, roles and organisations", ("organisation.", "user.", "role_assignment.", "council_settings.",
                                                "sharing_agreement.", "team.", "invitation.")),
    "lists": ("Lists", ("list_item.",)),
    "views": ("Views of personal data", ("access.",)),
    "register": ("Register and checks", ("measure.", "check.", "possible_match.", "api_client.", "register.", "gazetteer.")),
    "incidents": ("Incidents, people and cases", ("incident.", "attachment.", "person.", "case.", "decision.",
                                               "warning.")),
    "letters": ("Letters and appeals", ("letter.", "letter_template.", "letter_settings.", "appeal.")),
    "reviews": ("Reviews and governance", ("review.", "review_settings.", "governance.")),
    "equality": ("Equality monitoring", ("equality.",)),
    "retention": ("Retention, files and the daily run", ("retention.", "files.", "legal_hold.", "policy.", "daily_run.")),
    "emails": ("Emails to staff", ("staff_email.",)),
    "subject-access": ("Subject access requests", ("subject_access.",)),
    "disclosures": ("Disclosures to partners", ("disclosure.",)),
    "rectification": ("Requests to correct records", ("rectification.",)),
}


def event_name(code: str) -> str:
    """The name of an event type stored as `code`; a code no longer in the enum (older rows) still reads as words."""
    return _NAMES.get(code) or code.replace(".", ": ", 1).replace("_", " ").capitalize()


def area_event_types(area: str) -> list[str]:
    """The event types of one area of AREAS (none for an unknown area)."""
    prefixes = AREAS[area][1] if area in AREAS else ()
    return [event.value for event in EventType if event.value.startswith(prefixes)] if prefixes else []
