"""Every audit event type, in one enum. Stored as plain strings (no `choices`) so adding a type
needs no migration."""

from enum import StrEnum


class EventType(StrEnum):
    # Sign-in and authentication
    SIGNED_IN = "auth.signed_in"
    SIGNED_OUT = "auth.signed_out"
    SIGN_IN_FAILED = "auth.sign_in_failed"
    LOCKED_OUT = "auth.locked_out"
    MFA_ADDED = "auth.mfa_added"
    MFA_REMOVED = "auth.mfa_removed"
    MFA_RESET = "auth.mfa_reset"
    PASSWORD_CHANGED = "auth.password_changed"
    PASSWORD_RESET = "auth.password_reset"
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
    COUNCIL_SETTINGS_CHANGED = "council_settings.changed"
    SHARING_AGREEMENT_RECORDED = "sharing_agreement.recorded"
    SHARING_AGREEMENT_ENDED = "sharing_agreement.ended"
    TEAM_CREATED = "team.created"
    # Reads of personal data
    VIEWED = "access.viewed"
    LISTED = "access.listed"
    # Register and checks
    MEASURE_PROPOSED = "measure.proposed"
    MEASURE_APPROVED = "measure.approved"
    MEASURE_REFUSED = "measure.refused"
    MEASURE_ENDED = "measure.ended"
    CHECK_RUN = "check.run"
    CHECK_ACKNOWLEDGED = "check.acknowledged"
    API_CLIENT_CREATED = "api_client.created"
    REGISTER_IMPORTED = "register.imported"
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
    MEASURE_VARIED = "measure.varied"
    APPEAL_RECORDED = "appeal.recorded"
    APPEAL_ASSIGNED = "appeal.assigned"
    APPEAL_DECIDED = "appeal.decided"
    # --- Review and forget: reviews ---
    # --- Review and forget: governance ---
    # --- Review and forget: retention ---
    # --- Review and forget: policy and jobs ---
