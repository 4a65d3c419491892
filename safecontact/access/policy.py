"""THE permission matrix: the only place that says which role may do which action.

Role *definitions* are code (here); role *assignments* are data (accounts.RoleAssignment).
Anything not granted here is denied. Row-level visibility (council, team, data-sharing
agreement) is the selectors' job; they answer 404 for what a user may not see.

`docs/access-matrix.md` is rendered from this table by a test that fails when it is stale.
"""

from collections.abc import Mapping
from enum import StrEnum

from django.db import models


class Role(models.TextChoices):
    STAFF = "staff", "Staff member"
    MANAGER = "manager", "Manager"
    COUNCILLOR = "councillor", "Councillor (member)"
    CONTRACTOR = "contractor", "Contractor"
    PARTNER = "partner", "Partner organisation user"
    REGISTER_OFFICER = "register_officer", "Register officer (Customer Relations)"
    REGISTER_MANAGER = "register_manager", "Register manager"
    DECISION_MAKER = "decision_maker", "Decision-maker"
    HS_ADVISER = "hs_adviser", "Health and safety adviser"
    GOVERNANCE_MEMBER = "governance_member", "Governance Group member"
    APPEALS_OFFICER = "appeals_officer", "Appeals officer"
    DPO = "dpo", "Data Protection Officer"
    SYSADMIN = "sysadmin", "System administrator"


class Action(StrEnum):
    HOME_VIEW = "home.view"
    COUNCIL_SWITCH = "council.switch"
    ROLE_ASSIGNMENT_LIST = "role_assignment.list"
    ROLE_ASSIGNMENT_VIEW = "role_assignment.view"
    ROLE_ASSIGNMENT_REQUEST = "role_assignment.request"
    ROLE_ASSIGNMENT_DECIDE = "role_assignment.decide"
    ROLE_ASSIGNMENT_REVOKE = "role_assignment.revoke"
    NEW_STARTER_DECIDE = "new_starter.decide"
    USER_DEACTIVATE = "user.deactivate"
    COUNCIL_SETTINGS_VIEW = "council_settings.view"
    COUNCIL_SETTINGS_EDIT = "council_settings.edit"
    MANAGED_LIST_EDIT = "managed_list.edit"
    SHARING_AGREEMENT_LIST = "sharing_agreement.list"
    SHARING_AGREEMENT_EDIT = "sharing_agreement.edit"
    AUDIT_LOG_VIEW = "audit_log.view"
    RECORD_VIEWS_VIEW = "audit_log.record_views"
    API_SCHEMA_VIEW = "api_schema.view"
    SIGN_IN_LOCKOUT_RELEASE = "sign_in_lockout.release"
    # --- Setting up a council: councils, staff, teams, invitations ---
    COUNCIL_SETUP = "council.setup"
    USER_LIST = "user.list"
    USER_INVITE = "user.invite"
    USER_IMPORT = "user.import"
    USER_EDIT = "user.edit"
    TEAM_EDIT = "team.edit"
    # --- Report and decide (incidents, people, cases) ---
    INCIDENT_REPORT = "incident.report"
    INCIDENT_RECORD_ON_BEHALF = "incident.record_on_behalf"
    INCIDENT_VIEW = "incident.view"
    INCIDENT_LIST = "incident.list"
    INCIDENT_TRIAGE = "incident.triage"
    PERSON_VIEW = "person.view"
    PERSON_EDIT = "person.edit"
    PERSON_MERGE = "person.merge"
    CASE_VIEW = "case.view"
    CASE_OPEN = "case.open"
    DECISION_MAKE = "decision.make"
    # --- Be fair (letters, appeals) ---
    LETTER_VIEW = "letter.view"
    LETTER_PREPARE = "letter.prepare"
    LETTER_ISSUE = "letter.issue"
    LETTER_TEMPLATE_EDIT = "letter_template.edit"
    NOTIFY_DECISION = "measure.notify_decision"
    NOTIFY_FOLLOW_UP = "measure.notify_follow_up"
    APPEAL_VIEW = "appeal.view"
    APPEAL_RECORD = "appeal.record"
    APPEAL_ASSIGN = "appeal.assign"
    APPEAL_DECIDE = "appeal.decide"
    # --- Protect (register, checks) ---
    REGISTER_VIEW = "register.view"
    MEASURE_PROPOSE = "measure.propose"
    MEASURE_APPROVE = "measure.approve"
    CHECK_RUN = "check.run"
    CHECK_LOG_VIEW = "check_log.view"
    CHECK_TEAM_VIEW = "check_log.team"
    REGISTER_IMPORT = "register.import"
    ADDRESS_LOOKUP = "address.lookup"
    CHECK_RATE_ALERT_VIEW = "check_rate_alert.view"
    POSSIBLE_MATCH_RESOLVE = "possible_match.resolve"
    # --- Review and forget: reviews ---
    REVIEW_LIST_OWN = "review.list_own"
    REVIEW_LIST_ALL = "review.list_all"
    REVIEW_VIEW = "review.view"
    REVIEW_RECORD = "review.record"
    REVIEW_SETTINGS_EDIT = "review_settings.edit"
    # --- Review and forget: governance ---
    GOVERNANCE_VIEW = "governance.view"
    GOVERNANCE_MANAGE = "governance.manage"
    GOVERNANCE_DECIDE = "governance.decide"
    GOVERNANCE_REPORT_VIEW = "governance.report_view"
    GOVERNANCE_ANNUAL_REPORT = "governance.annual_report"
    # --- Review and forget: equality monitoring (R77) ---
    EQUALITY_RECORD = "equality.record"
    EQUALITY_REPORT_VIEW = "equality.report_view"
    # --- Review and forget: retention ---
    RETENTION_VIEW = "retention.view"
    RETENTION_EDIT = "retention.edit"
    LEGAL_HOLD_PLACE = "legal_hold.place"
    # --- Review and forget: policy and jobs ---
    POLICY_VIEW = "policy.view"
    POLICY_EDIT = "policy.edit"
    POLICY_APPROVE = "policy.approve"
    JOB_RUN_VIEW = "job_run.view"
    STAFF_EMAIL_VIEW = "staff_email.view"
    STAFF_EMAIL_RETRY = "staff_email.retry"
    # --- Data protection: subject access (R78) ---
    SUBJECT_ACCESS_VIEW = "subject_access.view"
    SUBJECT_ACCESS_HANDLE = "subject_access.handle"
    # --- Data protection: rectification, restriction and objection (R79) ---
    RECTIFICATION_VIEW = "rectification.view"
    RECTIFICATION_RECORD = "rectification.record"
    RECTIFICATION_DECIDE = "rectification.decide"
    # --- Data protection: disclosures to partners and who could see an entry (R92, R90) ---
    DISCLOSURE_LOG_VIEW = "disclosure_log.view"
    ENTRY_AUDIENCE_VIEW = "entry_audience.view"

    # --- Access oversight: usage report (R45) and the quarterly access check (R28 in issue 17) ---
    USAGE_REPORT_VIEW = "usage_report.view"
    RECERTIFICATION_MANAGE = "recertification.manage"
    RECERTIFICATION_CONFIRM = "recertification.confirm"


R = Role
EVERYONE = frozenset(Role)
# Everyone whose work brings them into contact with the public checks before contact.
CHECKERS = frozenset({R.STAFF, R.MANAGER, R.COUNCILLOR, R.CONTRACTOR, R.PARTNER, R.REGISTER_OFFICER, R.REGISTER_MANAGER,
                      R.DECISION_MAKER, R.HS_ADVISER})
# Roles that see only what their organisation's data-sharing agreement allows.
EXTERNAL_ROLES = frozenset({R.PARTNER, R.CONTRACTOR})

POLICY: Mapping[Action, frozenset[Role]] = {
    Action.HOME_VIEW: EVERYONE,
    Action.COUNCIL_SWITCH: EVERYONE,
    Action.ROLE_ASSIGNMENT_LIST: frozenset({R.MANAGER, R.REGISTER_MANAGER, R.SYSADMIN, R.DPO}),
    Action.ROLE_ASSIGNMENT_VIEW: frozenset({R.MANAGER, R.REGISTER_MANAGER, R.SYSADMIN, R.DPO}),
    Action.ROLE_ASSIGNMENT_REQUEST: frozenset({R.MANAGER, R.REGISTER_MANAGER}),
    Action.ROLE_ASSIGNMENT_DECIDE: frozenset({R.REGISTER_MANAGER}),
    Action.ROLE_ASSIGNMENT_REVOKE: frozenset({R.REGISTER_MANAGER, R.SYSADMIN}),
    Action.NEW_STARTER_DECIDE: frozenset({R.MANAGER, R.REGISTER_MANAGER}),
    Action.USER_DEACTIVATE: frozenset({R.REGISTER_MANAGER, R.SYSADMIN}),
    Action.COUNCIL_SETTINGS_VIEW: frozenset({R.REGISTER_MANAGER, R.DPO, R.SYSADMIN}),
    Action.COUNCIL_SETTINGS_EDIT: frozenset({R.REGISTER_MANAGER}),
    # The council's own lists (behaviours, precautions, restriction types); where flags are copied is GOVERNANCE_MANAGE.
    Action.MANAGED_LIST_EDIT: frozenset({R.REGISTER_MANAGER}),
    Action.SHARING_AGREEMENT_LIST: frozenset({R.REGISTER_MANAGER, R.DPO}),
    Action.SHARING_AGREEMENT_EDIT: frozenset({R.DPO}),
    Action.AUDIT_LOG_VIEW: frozenset({R.DPO}),
    Action.RECORD_VIEWS_VIEW: frozenset({R.DPO, R.REGISTER_MANAGER}),
    Action.API_SCHEMA_VIEW: frozenset({R.REGISTER_MANAGER, R.SYSADMIN, R.DPO}),
    # Only the system administrator lifts a lockout early; otherwise it ends after AXES_COOLOFF_TIME.
    Action.SIGN_IN_LOCKOUT_RELEASE: frozenset({R.SYSADMIN}),
    # --- Setting up a council ---
    # The system administrator runs the installation: sets up a new council and invites its first register manager.
    Action.COUNCIL_SETUP: frozenset({R.SYSADMIN}),
    # Staff, teams and line managers are kept by the register manager, or the system administrator. An invitation
    # gives a role only when a register manager sends it (accounts/invitations.py); otherwise roles are requested.
    Action.USER_LIST: frozenset({R.REGISTER_MANAGER, R.SYSADMIN}),
    Action.USER_INVITE: frozenset({R.REGISTER_MANAGER, R.SYSADMIN}),
    Action.USER_IMPORT: frozenset({R.REGISTER_MANAGER, R.SYSADMIN}),
    Action.USER_EDIT: frozenset({R.REGISTER_MANAGER, R.SYSADMIN}),
    Action.TEAM_EDIT: frozenset({R.REGISTER_MANAGER, R.SYSADMIN}),
    # --- Report and decide (incidents, people, cases) ---
    # Everyone who deals with the public reports; reporters see their own reports (row level, in
    # incidents.selectors), managers their team's, council-wide roles all, H&S the RIDDOR-flagged.
    Action.INCIDENT_REPORT: frozenset({R.STAFF, R.MANAGER, R.COUNCILLOR, R.CONTRACTOR, R.PARTNER, R.REGISTER_OFFICER,
                                       R.REGISTER_MANAGER, R.DECISION_MAKER, R.HS_ADVISER}),
    Action.INCIDENT_RECORD_ON_BEHALF: frozenset({R.REGISTER_OFFICER, R.REGISTER_MANAGER}),
    Action.INCIDENT_VIEW: frozenset({R.STAFF, R.MANAGER, R.COUNCILLOR, R.CONTRACTOR, R.PARTNER, R.REGISTER_OFFICER,
                                     R.REGISTER_MANAGER, R.DECISION_MAKER, R.HS_ADVISER, R.DPO}),
    Action.INCIDENT_LIST: frozenset({R.MANAGER, R.REGISTER_OFFICER, R.REGISTER_MANAGER, R.DECISION_MAKER, R.HS_ADVISER, R.DPO}),
    Action.INCIDENT_TRIAGE: frozenset({R.MANAGER, R.REGISTER_MANAGER}),
    Action.PERSON_VIEW: frozenset({R.REGISTER_OFFICER, R.REGISTER_MANAGER, R.DECISION_MAKER, R.DPO}),
    Action.PERSON_EDIT: frozenset({R.REGISTER_OFFICER, R.REGISTER_MANAGER}),
    Action.PERSON_MERGE: frozenset({R.REGISTER_OFFICER, R.REGISTER_MANAGER}),
    Action.CASE_VIEW: frozenset({R.REGISTER_OFFICER, R.REGISTER_MANAGER, R.DECISION_MAKER, R.DPO}),
    Action.CASE_OPEN: frozenset({R.REGISTER_OFFICER, R.REGISTER_MANAGER, R.DECISION_MAKER}),
    Action.DECISION_MAKE: frozenset({R.DECISION_MAKER}),
    # --- Be fair (letters, appeals) ---
    # Register officers prepare and send letters; the register manager owns the wording. Appeals go to an
    # appeals officer who had no part in the case (enforced in appeals.services, not here).
    Action.LETTER_VIEW: frozenset({R.REGISTER_OFFICER, R.REGISTER_MANAGER, R.APPEALS_OFFICER, R.DPO}),
    Action.LETTER_PREPARE: frozenset({R.REGISTER_OFFICER, R.REGISTER_MANAGER}),
    Action.LETTER_ISSUE: frozenset({R.REGISTER_OFFICER, R.REGISTER_MANAGER}),
    Action.LETTER_TEMPLATE_EDIT: frozenset({R.REGISTER_MANAGER}),
    Action.NOTIFY_DECISION: frozenset({R.DECISION_MAKER, R.REGISTER_MANAGER}),
    Action.NOTIFY_FOLLOW_UP: frozenset({R.REGISTER_OFFICER, R.REGISTER_MANAGER, R.DECISION_MAKER}),
    Action.APPEAL_VIEW: frozenset({R.REGISTER_OFFICER, R.REGISTER_MANAGER, R.APPEALS_OFFICER, R.DPO}),
    Action.APPEAL_RECORD: frozenset({R.REGISTER_OFFICER, R.REGISTER_MANAGER}),
    Action.APPEAL_ASSIGN: frozenset({R.REGISTER_MANAGER}),
    Action.APPEAL_DECIDE: frozenset({R.APPEALS_OFFICER}),
    # --- Protect (register, checks) ---
    Action.REGISTER_VIEW: frozenset({R.REGISTER_OFFICER, R.REGISTER_MANAGER, R.DECISION_MAKER, R.HS_ADVISER, R.GOVERNANCE_MEMBER,
                                     R.APPEALS_OFFICER, R.DPO}),
    Action.MEASURE_PROPOSE: frozenset({R.REGISTER_OFFICER, R.REGISTER_MANAGER}),
    Action.MEASURE_APPROVE: frozenset({R.DECISION_MAKER}),
    Action.CHECK_RUN: CHECKERS,
    Action.CHECK_LOG_VIEW: frozenset({R.REGISTER_OFFICER, R.REGISTER_MANAGER, R.DPO}),
    Action.CHECK_TEAM_VIEW: frozenset({R.MANAGER}),
    Action.REGISTER_IMPORT: frozenset({R.REGISTER_MANAGER}),
    Action.ADDRESS_LOOKUP: CHECKERS,
    # Someone stopped for checking too fast may be testing who is on the register: those who answer for it see who.
    Action.CHECK_RATE_ALERT_VIEW: frozenset({R.REGISTER_MANAGER, R.DPO}),
    # Customer Relations answers possible matches: they see the query and the candidates, as the register's officers.
    Action.POSSIBLE_MATCH_RESOLVE: frozenset({R.REGISTER_OFFICER, R.REGISTER_MANAGER}),
    # --- Review and forget: reviews ---
    # Owners (register officers and managers) review their own entries; anyone who may record a review
    # may review any live entry of the council. Overdue reviews are shown to the Governance Group too (R55).
    Action.REVIEW_LIST_OWN: frozenset({R.REGISTER_OFFICER, R.REGISTER_MANAGER}),
    Action.REVIEW_LIST_ALL: frozenset({R.REGISTER_OFFICER, R.REGISTER_MANAGER, R.GOVERNANCE_MEMBER}),
    Action.REVIEW_VIEW: frozenset({R.REGISTER_OFFICER, R.REGISTER_MANAGER, R.DECISION_MAKER, R.GOVERNANCE_MEMBER, R.APPEALS_OFFICER,
                                   R.DPO}),
    Action.REVIEW_RECORD: frozenset({R.REGISTER_OFFICER, R.REGISTER_MANAGER, R.DECISION_MAKER}),
    Action.REVIEW_SETTINGS_EDIT: frozenset({R.REGISTER_MANAGER}),
    # --- Review and forget: governance ---
    # Officers organise the Governance Group's meetings and clear the removal checklists; only its members decide.
    Action.GOVERNANCE_VIEW: frozenset({R.GOVERNANCE_MEMBER, R.REGISTER_MANAGER, R.REGISTER_OFFICER, R.DPO}),
    Action.GOVERNANCE_MANAGE: frozenset({R.REGISTER_MANAGER, R.REGISTER_OFFICER}),
    Action.GOVERNANCE_DECIDE: frozenset({R.GOVERNANCE_MEMBER}),
    Action.GOVERNANCE_REPORT_VIEW: frozenset({R.GOVERNANCE_MEMBER, R.REGISTER_MANAGER, R.REGISTER_OFFICER, R.DPO}),
    # The annual review of the policy goes to Cabinet from those who answer for the register: the Governance Group,
    # the register manager and the DPO. Its figures are published, so small numbers are withheld in it.
    Action.GOVERNANCE_ANNUAL_REPORT: frozenset({R.GOVERNANCE_MEMBER, R.REGISTER_MANAGER, R.DPO}),
    # --- Review and forget: equality monitoring (R77) ---
    # Customer Relations and the DPO record a customer's answers (special category data, kept apart from the case);
    # the figures by group, small numbers withheld, are for the DPO and the Governance Group, who check that the
    # register does not fall unevenly on any group (the public sector equality duty).
    Action.EQUALITY_RECORD: frozenset({R.REGISTER_OFFICER, R.DPO}),
    Action.EQUALITY_REPORT_VIEW: frozenset({R.DPO, R.GOVERNANCE_MEMBER}),
    # --- Review and forget: retention ---
    # The DPO owns the retention periods; the register manager sees what is due and may hold records too.
    Action.RETENTION_VIEW: frozenset({R.DPO, R.REGISTER_MANAGER}),
    Action.RETENTION_EDIT: frozenset({R.DPO}),
    Action.LEGAL_HOLD_PLACE: frozenset({R.DPO, R.REGISTER_MANAGER}),
    # --- Review and forget: policy and jobs ---
    # The register manager drafts and approves the policy under delegated authority (recorded on each version).
    Action.POLICY_VIEW: frozenset({R.REGISTER_OFFICER, R.REGISTER_MANAGER, R.DECISION_MAKER, R.GOVERNANCE_MEMBER, R.APPEALS_OFFICER,
                                   R.DPO}),
    Action.POLICY_EDIT: frozenset({R.REGISTER_MANAGER}),
    Action.POLICY_APPROVE: frozenset({R.REGISTER_MANAGER}),
    Action.JOB_RUN_VIEW: frozenset({R.REGISTER_MANAGER, R.DPO, R.SYSADMIN}),
    Action.STAFF_EMAIL_VIEW: frozenset({R.REGISTER_MANAGER, R.DPO, R.SYSADMIN}),
    Action.STAFF_EMAIL_RETRY: frozenset({R.REGISTER_MANAGER, R.SYSADMIN}),
    # --- Data protection: subject access (R78) ---
    # The DPO alone: a bundle gathers everything about a person, witnesses' and staff names and the audit of views
    # included, before anything is redacted. The register manager sees who viewed one record (RECORD_VIEWS_VIEW)
    # but has no part in answering a request (domain role 11), so does not see the requests either.
    Action.SUBJECT_ACCESS_VIEW: frozenset({R.DPO}),
    Action.SUBJECT_ACCESS_HANDLE: frozenset({R.DPO}),
    # --- Data protection: rectification, restriction and objection (R79) ---
    # The DPO handles these requests (domain role 11): records them, attaches the customer's statement, extends the
    # clock and decides. The register manager sees them, because an upheld request is corrected on the register by
    # the register's own pages; every role that opens the person's or the entry's page sees the "disputed" banner.
    Action.RECTIFICATION_VIEW: frozenset({R.DPO, R.REGISTER_MANAGER}),
    Action.RECTIFICATION_RECORD: frozenset({R.DPO}),
    Action.RECTIFICATION_DECIDE: frozenset({R.DPO}),
    # --- Data protection: disclosures (R92, R90) ---
    # The log of what went to partners and contractors is the DPO's (domain role 11 owns the agreements); each
    # agreement's own page (SHARING_AGREEMENT_LIST) shows the register manager what went under it too. Who could see
    # an entry is asked by the DPO and by the register manager, who grants access (R90: "an administrator").
    Action.DISCLOSURE_LOG_VIEW: frozenset({R.DPO}),
    Action.ENTRY_AUDIENCE_VIEW: frozenset({R.DPO, R.REGISTER_MANAGER}),
    # --- Access oversight (R45, R28) ---
    # Usage by user is reported to the DPO and to the register manager, who administers access (R45: "administrators
    # shall be able to report views by user"). The quarterly check is run by the DPO and the system administrator; each
    # line manager (the manager role, or a register manager who manages staff) confirms or removes their own staff's
    # roles, row by row in accounts/selectors_recertification.py.
    Action.USAGE_REPORT_VIEW: frozenset({R.DPO, R.REGISTER_MANAGER}),
    Action.RECERTIFICATION_MANAGE: frozenset({R.DPO, R.SYSADMIN}),
    Action.RECERTIFICATION_CONFIRM: frozenset({R.MANAGER, R.REGISTER_MANAGER}),
}

# Short descriptions for the home page ("what you can do here") and the rendered matrix.
ACTION_DESCRIPTIONS: Mapping[Action, str] = {
    Action.HOME_VIEW: "See your home page",
    Action.COUNCIL_SWITCH: "Switch between the councils you work for",
    Action.ROLE_ASSIGNMENT_LIST: "List who holds which role",
    Action.ROLE_ASSIGNMENT_VIEW: "See one role assignment",
    Action.ROLE_ASSIGNMENT_REQUEST: "Ask for a role for a member of staff, with the business need",
    Action.ROLE_ASSIGNMENT_DECIDE: "Approve or refuse a request for a role",
    Action.ROLE_ASSIGNMENT_REVOKE: "Revoke a role",
    Action.NEW_STARTER_DECIDE: "Decide register access for a new starter",
    Action.USER_DEACTIVATE: "Deactivate a user who has left (revokes every role)",
    Action.COUNCIL_SETTINGS_VIEW: "See the council's register settings",
    Action.COUNCIL_SETTINGS_EDIT: "Change the council's register settings",
    Action.MANAGED_LIST_EDIT: "Add, rename, reorder and retire the council's behaviour categories, precautions and restriction types",
    Action.SHARING_AGREEMENT_LIST: "See data-sharing agreements with partners",
    Action.SHARING_AGREEMENT_EDIT: "Record or end a data-sharing agreement",
    Action.AUDIT_LOG_VIEW: "Read the audit trail",
    Action.RECORD_VIEWS_VIEW: "See who has viewed a customer record or a register entry",
    Action.API_SCHEMA_VIEW: "Read the API schema and documentation",
    Action.SIGN_IN_LOCKOUT_RELEASE: "See accounts locked after repeated failed sign-ins, and unlock them",
    Action.COUNCIL_SETUP: "See the councils using this installation and set up a new one, inviting its first register manager",
    Action.USER_LIST: "See the council's staff, their teams and line managers, and the invitations waiting",
    Action.USER_INVITE: "Invite a member of staff to sign in, and resend or cancel an invitation",
    Action.USER_IMPORT: "Invite the council's staff from a spreadsheet (CSV), checked row by row first",
    Action.USER_EDIT: "Change a member of staff's job title, team or line manager",
    Action.TEAM_EDIT: "Add or rename the council's teams and service areas",
    # --- Report and decide (incidents, people, cases) ---
    Action.INCIDENT_REPORT: "Report an incident, keep drafts and follow your own reports to their outcome",
    Action.INCIDENT_RECORD_ON_BEHALF: "Record an incident on behalf of a partner body or the police",
    Action.INCIDENT_VIEW: "Read an incident report you may see (your own, your team's, or all for officers)",
    Action.INCIDENT_LIST: "List and search the incident reports you may see",
    Action.INCIDENT_TRIAGE: "Triage a submitted incident report (checklist and outcome)",
    Action.PERSON_VIEW: "See a customer's record: names, addresses, adjustments, incidents and cases",
    Action.PERSON_EDIT: "Create or update a customer's record and link incidents to it",
    Action.PERSON_MERGE: "Merge two records of the same customer (audited, nothing lost)",
    Action.CASE_VIEW: "See cases and the decisions recorded on them",
    Action.CASE_OPEN: "Open a case for a customer from a referred incident",
    Action.DECISION_MAKE: "Decide on a case: formal warning, proposed restriction or marker, police referral (never about your own report)",
    # --- Be fair (letters, appeals) ---
    Action.LETTER_VIEW: "Read letters sent to customers and the outbox",
    Action.LETTER_PREPARE: "Prepare a letter to a customer and edit its free-text paragraphs",
    Action.LETTER_ISSUE: "Confirm the correspondence address and issue a letter (email, GOV.UK Notify or post)",
    Action.LETTER_TEMPLATE_EDIT: "Change the council's letter wording (versioned, previewed before use)",
    Action.NOTIFY_DECISION: "Decide not to tell a customer about a measure (with reasons and a date to reconsider)",
    Action.NOTIFY_FOLLOW_UP: "See live entries whose customer has not been told, and decisions not to tell due for reconsideration",
    Action.APPEAL_VIEW: "See appeals against warnings, restrictions and markers",
    Action.APPEAL_RECORD: "Record an appeal received by letter, email, phone or in person",
    Action.APPEAL_ASSIGN: "Assign an appeal to an appeals officer who had no part in the case",
    Action.APPEAL_DECIDE: "Decide an appeal assigned to you: uphold, vary or overturn, with reasons",
    # --- Protect (register, checks) ---
    Action.REGISTER_VIEW: "See register entries in full (not for checkers: they see precautions only)",
    Action.MEASURE_PROPOSE: "Propose a safety marker or contact restriction, from a specific incident",
    Action.MEASURE_APPROVE: "Approve or refuse a proposed measure (never one you proposed)",
    Action.CHECK_RUN: "Check a name or address before a call, meeting or home visit",
    Action.CHECK_LOG_VIEW: "See who checked an entry, and when",
    Action.CHECK_TEAM_VIEW: "See whether your staff checked before their visits",
    Action.REGISTER_IMPORT: "Import an existing spreadsheet register",
    Action.ADDRESS_LOOKUP: "Look up an address by postcode",
    Action.CHECK_RATE_ALERT_VIEW: "See who was stopped for running too many checks in a short time, and when",
    Action.POSSIBLE_MATCH_RESOLVE: "Answer possible matches: say whether a check was about the person on the register",
    # --- Review and forget: reviews ---
    Action.REVIEW_LIST_OWN: "See the register entries you own that are due or overdue for review",
    Action.REVIEW_LIST_ALL: "See every register entry due or overdue for review, and long-lived entries",
    Action.REVIEW_VIEW: "Read the review history of a register entry",
    Action.REVIEW_RECORD: "Review a register entry: evidence, representations, outcome with reasons, next review date",
    Action.REVIEW_SETTINGS_EDIT: "Change when review reminders and escalations are sent",
    # --- Review and forget: governance ---
    Action.GOVERNANCE_VIEW: "See Governance Group meetings, their agendas, packs and minutes",
    Action.GOVERNANCE_MANAGE: "Plan Governance Group meetings, build their agendas and tick off removal checklists",
    Action.GOVERNANCE_DECIDE: "Record the Governance Group's decision on an entry: remove or retain, with reasons",
    Action.GOVERNANCE_REPORT_VIEW: (
        "See the quarterly governance report and register figures, and download them for freedom of information "
        "(numbers only)"
    ),
    Action.GOVERNANCE_ANNUAL_REPORT: "Download the annual policy review report for Cabinet (figures with charts, small numbers withheld)",
    Action.EQUALITY_RECORD: "Record a customer's equality monitoring answers (kept apart from their case, never used in decisions)",
    Action.EQUALITY_REPORT_VIEW: "See entries and contact restrictions by protected characteristic (numbers only, small numbers withheld)",
    # --- Review and forget: retention ---
    Action.RETENTION_VIEW: "See the retention periods, what is due for disposal, the disposal log and legal holds",
    Action.RETENTION_EDIT: "Change the council's retention periods, within the limits of the retention policy",
    Action.LEGAL_HOLD_PLACE: "Place or lift a legal hold on a person or case (stops their disposal)",
    # --- Review and forget: policy and jobs ---
    Action.POLICY_VIEW: "Read every version of the behaviour policy, drafts included",
    Action.POLICY_EDIT: "Draft a new version of the behaviour policy",
    Action.POLICY_APPROVE: "Approve a policy version under a recorded authority, with its effective and review dates",
    Action.JOB_RUN_VIEW: "See the daily runs (reminders, escalations, disposal) with their counts and errors",
    Action.STAFF_EMAIL_VIEW: "See the emails to staff (notifications and reminders) that are waiting, sent or could not be sent",
    Action.STAFF_EMAIL_RETRY: "Try again to send an email to staff that could not be sent",
    # --- Data protection: subject access (R78) ---
    Action.SUBJECT_ACCESS_VIEW: "See subject access requests, their deadlines and what each bundle holds",
    Action.SUBJECT_ACCESS_HANDLE: (
        "Start a subject access request, extend its deadline, redact other people's details (with reasons) and "
        "download the bundle"
    ),
    # --- Data protection: rectification, restriction and objection (R79) ---
    Action.RECTIFICATION_VIEW: "See requests to correct, restrict or stop using a customer's records, and their deadlines",
    Action.RECTIFICATION_RECORD: "Record a customer's request to correct, restrict or stop using their records, and their statement",
    Action.RECTIFICATION_DECIDE: "Extend the deadline of a request to correct records, and decide it with reasons (letter prepared)",
    # --- Data protection: disclosures (R92, R90) ---
    Action.DISCLOSURE_LOG_VIEW: (
        "See and download the log of what was disclosed to partner bodies and contractors, and under which agreement"
    ),
    Action.ENTRY_AUDIENCE_VIEW: (
        "See who could see a register entry, and why: their role, the entry naming them, or an agreement"
    ),
    # --- Access oversight (R45, R28) ---
    Action.USAGE_REPORT_VIEW: (
        "See and download how much each person checked, viewed and downloaded over a period, with unusual patterns"
    ),
    Action.RECERTIFICATION_MANAGE: "Start the quarterly access check and follow which managers have confirmed their staff's roles",
    Action.RECERTIFICATION_CONFIRM: "Confirm or remove each role your staff hold, at the quarterly access check",
}


def roles_for(action: Action) -> frozenset[Role]:
    return POLICY.get(action, frozenset())
