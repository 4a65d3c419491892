"""The access promises: who may do what, written down a second time, by hand, from the domain.

`access/policy.py` is the matrix the code obeys. This table is an independent statement of the same
thing, made from the domain report (/work/shared/docs/domain.md: section (b) roles, R22, R37, R41-R46,
R55, R61, R64, R68-R69, the Clift and Peterborough failures) and the action descriptions, so that a
test can notice when the matrix changes. The URL sweep (tests/test_url_access.py) takes its expected
allow/deny answers from here, not from the matrix it tests.

Each row says, in plain words, the promise that a changed cell would break. A row marked `todo` is
one where the current matrix and the domain report disagree: the row still matches the matrix (so the
suite is green) until somebody decides, and the note says what the domain says.

To change a permission: change POLICY, change the row here with the reason in the promise, run
`make matrix`. See docs/testing.md, "How the access promises work".
"""

from dataclasses import dataclass

from safecontact.access.policy import Action, Role

STAFF = Role.STAFF
MANAGER = Role.MANAGER
COUNCILLOR = Role.COUNCILLOR
CONTRACTOR = Role.CONTRACTOR
PARTNER = Role.PARTNER
REGISTER_OFFICER = Role.REGISTER_OFFICER
REGISTER_MANAGER = Role.REGISTER_MANAGER
DECISION_MAKER = Role.DECISION_MAKER
HS_ADVISER = Role.HS_ADVISER
GOVERNANCE_MEMBER = Role.GOVERNANCE_MEMBER
APPEALS_OFFICER = Role.APPEALS_OFFICER
DPO = Role.DPO
SYSADMIN = Role.SYSADMIN

# Spelled out here on purpose, not imported from policy.py: everyone whose work may bring them face to face
# with a customer (domain roles 1-4, 7-9). The Governance Group, appeals officers, the DPO and the system
# administrator are not on this list: they have no visits to check before and no front line to report from.
MEETS_THE_PUBLIC = frozenset({STAFF, MANAGER, COUNCILLOR, CONTRACTOR, PARTNER, REGISTER_OFFICER, REGISTER_MANAGER,
                              DECISION_MAKER, HS_ADVISER})


@dataclass(frozen=True)
class Promise:
    roles: frozenset[Role]
    promise: str
    todo: str = ""  # where policy.py and the domain report disagree; reported, not yet decided


def _p(promise: str, *roles: Role | frozenset[Role], todo: str = "") -> Promise:
    flat: set[Role] = set()
    for r in roles:
        flat |= r if isinstance(r, frozenset) else {r}
    return Promise(roles=frozenset(flat), promise=promise, todo=todo)


A = Action
PROMISES: dict[Action, Promise] = {
    # --- Everyone ---
    A.HOME_VIEW: _p("Everyone who holds a role has a home page; it shows only what their roles allow.", frozenset(Role)),
    A.COUNCIL_SWITCH: _p("Anyone who works for several councils can switch between them; their roles still apply one council at a time.",
                         frozenset(Role)),
    # --- Access to the register (R43, R44) ---
    A.ROLE_ASSIGNMENT_LIST: _p("Who holds which role is seen by managers, the register manager, the DPO and the system administrator; "
                               "never by checkers, councillors or partners.", MANAGER, REGISTER_MANAGER, DPO, SYSADMIN),
    A.ROLE_ASSIGNMENT_VIEW: _p("One role assignment is seen by the same people who may list them.", MANAGER, REGISTER_MANAGER, DPO, SYSADMIN),
    A.ROLE_ASSIGNMENT_REQUEST: _p("Register access is asked for by a manager, naming the person and the business need (R43).",
                                  MANAGER, REGISTER_MANAGER),
    A.ROLE_ASSIGNMENT_DECIDE: _p("Only the register manager approves or refuses a request for a role (R43); no manager approves their own request.",
                                 REGISTER_MANAGER),
    A.ROLE_ASSIGNMENT_REVOKE: _p("Only the register manager, or the system administrator, takes a role away.", REGISTER_MANAGER, SYSADMIN),
    A.NEW_STARTER_DECIDE: _p("A manager (or the register manager) decides whether each new starter needs register access (R43, G16).",
                             MANAGER, REGISTER_MANAGER),
    A.USER_DEACTIVATE: _p("Only the register manager or the system administrator deactivates someone who has left, ending every role (R44).",
                          REGISTER_MANAGER, SYSADMIN),
    A.SIGN_IN_LOCKOUT_RELEASE: _p("Only the system administrator unlocks an account locked after repeated failed sign-ins.", SYSADMIN),
    # --- Setting up a council (R100) ---
    A.COUNCIL_SETUP: _p("Only the system administrator, who runs the installation, sets up a new council and invites its first "
                        "register manager; nobody inside a council does.", SYSADMIN),
    A.USER_LIST: _p("The council's staff list (names, work emails, teams, line managers, invitations) is kept by the register "
                    "manager and the system administrator; managers see their own reports through new starters.",
                    REGISTER_MANAGER, SYSADMIN),
    A.USER_INVITE: _p("Only the register manager or the system administrator invites someone to sign in (no self-registration); "
                      "an invitation gives a role only as the register manager's approval (R43).", REGISTER_MANAGER, SYSADMIN),
    A.USER_IMPORT: _p("Only the register manager or the system administrator invites staff in bulk from a spreadsheet.",
                      REGISTER_MANAGER, SYSADMIN),
    A.USER_EDIT: _p("Only the register manager or the system administrator changes someone's job title, team or line manager "
                    "(a line manager sees and triages their reports' incidents).", REGISTER_MANAGER, SYSADMIN),
    A.TEAM_EDIT: _p("Only the register manager or the system administrator adds or renames the council's teams.",
                    REGISTER_MANAGER, SYSADMIN),
    # --- Council set-up, sharing, audit ---
    A.COUNCIL_SETTINGS_VIEW: _p("The council's register settings are seen by the register manager, the DPO and the system administrator.",
                                REGISTER_MANAGER, DPO, SYSADMIN),
    A.COUNCIL_SETTINGS_EDIT: _p("Only the register manager changes the council's register settings (R1).", REGISTER_MANAGER),
    A.MANAGED_LIST_EDIT: _p("Only the register manager changes the council's behaviour categories, precautions and restriction types "
                            "(R5); officers and checkers choose from them.", REGISTER_MANAGER),
    A.SHARING_AGREEMENT_LIST: _p("Data-sharing agreements are seen by the DPO, who owns them, and the register manager, who lets partners in "
                                 "under them; never by the partners themselves.", REGISTER_MANAGER, DPO),
    A.SHARING_AGREEMENT_EDIT: _p("Only the DPO records or ends a data-sharing agreement (domain role 11).", DPO),
    A.AUDIT_LOG_VIEW: _p("Only the DPO reads the audit trail (R83); no checker, officer or administrator browses it.", DPO),
    A.RECORD_VIEWS_VIEW: _p("Who has viewed one customer record or one register entry is reported to the DPO and the register manager "
                            "(R45: views by entry, issue 17); the rest of the trail stays the DPO's.", DPO, REGISTER_MANAGER),
    A.API_SCHEMA_VIEW: _p("The API documentation is for those who connect systems: the register manager, the DPO and the system administrator.",
                          REGISTER_MANAGER, DPO, SYSADMIN),
    # --- Report and decide: incidents (R6, R7, R13, R14, R91) ---
    A.INCIDENT_REPORT: _p("Everyone who meets the public, councillors, contractors and partners included, can report an incident (R6, R7).",
                          MEETS_THE_PUBLIC),
    A.INCIDENT_RECORD_ON_BEHALF: _p("Only register officers and the register manager record an incident for a partner body or the police (R91).",
                                    REGISTER_OFFICER, REGISTER_MANAGER),
    A.INCIDENT_VIEW: _p("Incident reports are read only by those who report them (their own), managers (their team's), officers, "
                        "H&S (RIDDOR) and the DPO.", MEETS_THE_PUBLIC, DPO),
    A.INCIDENT_LIST: _p("Lists of incident reports are for managers, officers, decision-makers, H&S and the DPO; front-line staff, "
                        "councillors and partners follow only their own reports.",
                        MANAGER, REGISTER_OFFICER, REGISTER_MANAGER, DECISION_MAKER, HS_ADVISER, DPO),
    A.INCIDENT_TRIAGE: _p("A manager triages a submitted report (R13, R15), or the register manager from the council's queue; nobody else.",
                          MANAGER, REGISTER_MANAGER),
    # --- Report and decide: people and cases (R22, R34, R42) ---
    A.PERSON_VIEW: _p("A customer's full record is seen by register officers, the register manager, decision-makers and the DPO; "
                      "never by checkers, councillors or partners (R42).", REGISTER_OFFICER, REGISTER_MANAGER, DECISION_MAKER, DPO),
    A.PERSON_EDIT: _p("Only register officers and the register manager create or change a customer's record (one register, R34).",
                      REGISTER_OFFICER, REGISTER_MANAGER),
    A.PERSON_MERGE: _p("Only register officers and the register manager merge two records of one customer; not the DPO, not a decision-maker.",
                       REGISTER_OFFICER, REGISTER_MANAGER),
    A.CASE_VIEW: _p("Cases and their decisions are seen by register officers, the register manager, decision-makers and the DPO.",
                    REGISTER_OFFICER, REGISTER_MANAGER, DECISION_MAKER, DPO,
                    todo="Domain role 6, Appeal officer, 'May see: The case file and the appeal submission'; "
                         "policy.py does not give the appeals officer case.view (nor incident.view, person.view)."),
    A.CASE_OPEN: _p("A case is opened from a referred incident by a register officer, the register manager or a decision-maker.",
                    REGISTER_OFFICER, REGISTER_MANAGER, DECISION_MAKER),
    A.DECISION_MAKE: _p("Only a decision-maker decides on a case (R22), and never about their own report.", DECISION_MAKER,
                        todo="Domain role 2, Line/service manager, 'May do: ... Issue a formal warning. Propose a restriction or "
                             "register entry'; glossary 'Formal warning: A written warning from a service manager'. In policy.py a "
                             "formal warning is a decision.make outcome, which managers do not hold."),
    # --- Be fair: letters (R35-R40) ---
    A.LETTER_VIEW: _p("Letters to customers are read by those who send them, appeals officers and the DPO; never by partners, "
                      "councillors or front-line staff.", REGISTER_OFFICER, REGISTER_MANAGER, APPEALS_OFFICER, DPO,
                      todo="Domain role 3, Decision-maker, 'May see: The full case file'; 'May do: ... Sign the notification'; "
                           "R39 letters are 'linked to the case'. policy.py does not give decision-makers letter.view."),
    A.LETTER_PREPARE: _p("Only register officers and the register manager prepare a letter to a customer.", REGISTER_OFFICER, REGISTER_MANAGER),
    A.LETTER_ISSUE: _p("Only register officers and the register manager send a letter, after confirming the address (R38).",
                       REGISTER_OFFICER, REGISTER_MANAGER),
    A.LETTER_TEMPLATE_EDIT: _p("Only the register manager changes the council's letter wording (R40).", REGISTER_MANAGER),
    A.NOTIFY_DECISION: _p("Deciding not to tell a customer about a measure is for the decision-maker and the register manager (R37).",
                          DECISION_MAKER, REGISTER_MANAGER,
                          todo="R37 'If the decision-maker chooses not to notify ... the system shall require a reason'; Appendix 2 "
                               "question 3 'Who may decide not to notify' is open. policy.py also lets the register manager decide."),
    A.NOTIFY_FOLLOW_UP: _p("The list of live entries whose customer has not been told, and of decisions not to tell that are due for "
                           "reconsideration, is for those who tell the customer or decide not to: register officers, the register "
                           "manager and decision-makers (R37: the reconsider date must be acted on). It names customers, so never "
                           "front-line staff, partners or councillors.", REGISTER_OFFICER, REGISTER_MANAGER, DECISION_MAKER),
    # --- Be fair: appeals (R68-R72) ---
    A.APPEAL_VIEW: _p("Appeals are seen by register officers, the register manager, appeals officers and the DPO.",
                      REGISTER_OFFICER, REGISTER_MANAGER, APPEALS_OFFICER, DPO),
    A.APPEAL_RECORD: _p("Register officers and the register manager record an appeal received by letter, email, phone or in person (R68).",
                        REGISTER_OFFICER, REGISTER_MANAGER),
    A.APPEAL_ASSIGN: _p("Only the register manager assigns an appeal, to an appeals officer who had no part in the case (R69).", REGISTER_MANAGER),
    A.APPEAL_DECIDE: _p("Only an appeals officer decides an appeal, never the person who made the decision (R69).", APPEALS_OFFICER),
    # --- Protect: the register and checks (R22, R42, R45, R46, R49, R53) ---
    A.REGISTER_VIEW: _p("Register entries in full are for officers, decision-makers, H&S, the Governance Group, appeals officers and the DPO; "
                        "checkers (staff, councillors, contractors, partners) see precautions only (R42, Clift). An ended entry "
                        "stays visible to the register manager and the DPO until it is deleted, and to the other roles here "
                        "only for a short period after it ended (R64, ADR 0019).",
                        REGISTER_OFFICER, REGISTER_MANAGER, DECISION_MAKER, HS_ADVISER, GOVERNANCE_MEMBER, APPEALS_OFFICER, DPO,
                        todo="Domain role 2, Line/service manager, 'May see: Incident reports for their service. Register entries "
                             "relevant to their service.' policy.py does not give managers register.view (they only check)."),
    A.MEASURE_PROPOSE: _p("Register officers and the register manager propose a marker or restriction, from a specific incident (R31).",
                          REGISTER_OFFICER, REGISTER_MANAGER,
                          todo="Domain role 2, Line/service manager, 'May do: ... Propose a restriction or register entry'; North "
                               "Somerset 'Editors are team managers'. policy.py does not give managers measure.propose."),
    A.MEASURE_APPROVE: _p("Only a decision-maker approves a marker or restriction (R22), never one they proposed.", DECISION_MAKER),
    A.CHECK_RUN: _p("Everyone who may meet the public checks a name or address before contact (R49, R53); the Governance Group, appeals "
                    "officers, the DPO and the system administrator do not.", MEETS_THE_PUBLIC),
    A.CHECK_LOG_VIEW: _p("Who checked an entry, and when, is seen by register officers, the register manager and the DPO (R45).",
                         REGISTER_OFFICER, REGISTER_MANAGER, DPO),
    A.CHECK_TEAM_VIEW: _p("Only managers see whether their own staff checked before their visits (G16).", MANAGER),
    A.REGISTER_IMPORT: _p("Only the register manager imports an existing spreadsheet register.", REGISTER_MANAGER),
    A.ADDRESS_LOOKUP: _p("Postcode look-up is for those who check or report (everyone who meets the public).", MEETS_THE_PUBLIC),
    A.CHECK_RATE_ALERT_VIEW: _p("Who was stopped for checking too fast is seen only by the register manager and the DPO (R103).",
                                REGISTER_MANAGER, DPO),
    A.POSSIBLE_MATCH_RESOLVE: _p("Customer Relations (register officers and the register manager) answer a possible match: they "
                                 "see the query and the candidates and say whether it is the same person (issue 15).",
                                 REGISTER_OFFICER, REGISTER_MANAGER),
    # --- Review and forget: reviews (R55-R59) ---
    A.REVIEW_LIST_OWN: _p("Register officers and the register manager see the entries they own that are due for review.",
                          REGISTER_OFFICER, REGISTER_MANAGER),
    A.REVIEW_LIST_ALL: _p("Every entry due or overdue for review is shown to register officers, the register manager and the Governance "
                          "Group (R55).", REGISTER_OFFICER, REGISTER_MANAGER, GOVERNANCE_MEMBER),
    A.REVIEW_VIEW: _p("An entry's review history is read by officers, decision-makers, the Governance Group, appeals officers and the DPO.",
                      REGISTER_OFFICER, REGISTER_MANAGER, DECISION_MAKER, GOVERNANCE_MEMBER, APPEALS_OFFICER, DPO),
    A.REVIEW_RECORD: _p("A review (continue, amend or lift, with reasons) is recorded by register officers, the register manager or a "
                        "decision-maker; never by checkers.", REGISTER_OFFICER, REGISTER_MANAGER, DECISION_MAKER,
                        todo="Domain role 5, Governance/review body, 'May do: Decide retain, amend or remove'; role 4, Register "
                             "administrator, only 'Schedule reviews'. policy.py lets register officers and the register manager "
                             "record review outcomes (owners reviewing their own entries) and not Governance Group members."),
    A.REVIEW_SETTINGS_EDIT: _p("Only the register manager changes when review reminders and escalations are sent (R55, R56).", REGISTER_MANAGER),
    # --- Review and forget: governance (R60, R61, R84) ---
    A.GOVERNANCE_VIEW: _p("Governance Group meetings, packs and minutes are seen by its members, register officers, the register manager "
                          "and the DPO.", GOVERNANCE_MEMBER, REGISTER_OFFICER, REGISTER_MANAGER, DPO),
    A.GOVERNANCE_MANAGE: _p("Register officers and the register manager organise the Governance Group's meetings (R60); they do not decide.",
                            REGISTER_OFFICER, REGISTER_MANAGER),
    A.GOVERNANCE_DECIDE: _p("Only Governance Group members decide to remove or retain an entry (R61).", GOVERNANCE_MEMBER),
    A.GOVERNANCE_REPORT_VIEW: _p("The quarterly governance report (numbers only, R84) is for the Governance Group, register officers, "
                                 "the register manager and the DPO.", GOVERNANCE_MEMBER, REGISTER_OFFICER, REGISTER_MANAGER, DPO),
    A.GOVERNANCE_ANNUAL_REPORT: _p("The annual policy review report for Cabinet (R84, R85, R106; NNC 4.3, Cheltenham 6.3) is downloaded "
                                   "by the Governance Group, the register manager and the DPO, who answer for the register.",
                                   GOVERNANCE_MEMBER, REGISTER_MANAGER, DPO),
    # --- Equality monitoring (R77; South Holland PSED fault) ---
    A.EQUALITY_RECORD: _p("A customer's protected characteristics are recorded only by Customer Relations and the DPO, apart from the "
                          "case; decision-makers never see them (R77).", REGISTER_OFFICER, DPO),
    A.EQUALITY_REPORT_VIEW: _p("Entries and restrictions by protected characteristic, in aggregate with small numbers withheld, are for "
                               "the DPO and the Governance Group (R77).", DPO, GOVERNANCE_MEMBER),
    # --- Review and forget: retention (R64-R66) ---
    A.RETENTION_VIEW: _p("Retention periods, what is due for disposal and the disposal log are seen only by the DPO and the register "
                         "manager (R64, R66).", DPO, REGISTER_MANAGER),
    A.RETENTION_EDIT: _p("Only the DPO changes the council's retention periods.", DPO),
    A.LEGAL_HOLD_PLACE: _p("Only the DPO or the register manager stops a record's disposal with a legal hold.", DPO, REGISTER_MANAGER),
    # --- Review and forget: the policy and the daily run (R2-R4, R106) ---
    A.POLICY_VIEW: _p("Every version of the behaviour policy, drafts included, is read by officers, decision-makers, the Governance Group, "
                      "appeals officers and the DPO (the public see the published one).",
                      REGISTER_OFFICER, REGISTER_MANAGER, DECISION_MAKER, GOVERNANCE_MEMBER, APPEALS_OFFICER, DPO),
    A.POLICY_EDIT: _p("Only the register manager drafts a new version of the behaviour policy.", REGISTER_MANAGER),
    A.POLICY_APPROVE: _p("Only the register manager records a policy version's approval, under the authority named on it.", REGISTER_MANAGER),
    A.JOB_RUN_VIEW: _p("The daily runs and their errors are seen by the register manager, the DPO and the system administrator.",
                       REGISTER_MANAGER, DPO, SYSADMIN),
    A.STAFF_EMAIL_VIEW: _p("Emails to staff (links only) and whether they were sent are seen by the register manager, the DPO and the "
                           "system administrator, who look after the service; never by the front line.", REGISTER_MANAGER, DPO, SYSADMIN),
    A.STAFF_EMAIL_RETRY: _p("An email to staff that could not be sent is tried again by the register manager or the system "
                            "administrator (who mends the email server); the DPO only looks.", REGISTER_MANAGER, SYSADMIN),
    # --- Data protection: subject access (R78, domain role 11) ---
    A.SUBJECT_ACCESS_VIEW: _p("Subject access requests and their bundles (everything held about a person, before redaction) are "
                              "seen only by the DPO, who answers them; not the register manager.", DPO),
    A.SUBJECT_ACCESS_HANDLE: _p("Only the DPO starts a subject access request, extends its deadline, redacts third parties and staff "
                                "(each with a reason) and downloads the bundle for the person.", DPO),
    # --- Data protection: disclosures to partners (R92) and who could see an entry (R90, Clift) ---
    A.DISCLOSURE_LOG_VIEW: _p("The log of every disclosure to a partner body or contractor (recipient, data items, agreement, legal "
                              "basis, date) is read and downloaded by the DPO, who owns the agreements (R92, domain role 11).", DPO),
    A.ENTRY_AUDIENCE_VIEW: _p("Who could see a register entry, and why, is reported to the DPO and the register manager, who grants "
                              "access (R90: an administrator runs the report; Clift: over-circulation is the failure).",
                              DPO, REGISTER_MANAGER),
    # --- Data protection: rectification, restriction and objection (R79, domain role 11, E27-E28) ---
    A.RECTIFICATION_VIEW: _p("Requests to correct or restrict a customer's records are seen by the DPO, who answers them, and the "
                             "register manager, whose team corrects the register when one is upheld.", DPO, REGISTER_MANAGER),
    A.RECTIFICATION_RECORD: _p("Only the DPO records a request to correct, restrict or stop using a customer's records, and the "
                               "customer's supplementary statement.", DPO),
    A.RECTIFICATION_DECIDE: _p("Only the DPO extends the one-month deadline and decides a request (upheld, partly upheld or "
                               "refused, with reasons).", DPO),
    # --- Access oversight: usage by user (R45) and the quarterly access check (R28 in issue 17) ---
    A.USAGE_REPORT_VIEW: _p("How much each person checked, viewed and downloaded, with unusual patterns, is reported to the DPO and "
                            "the register manager who administers access (R45, Peterborough G13); nobody else sees colleagues' usage.",
                            DPO, REGISTER_MANAGER),
    A.RECERTIFICATION_MANAGE: _p("The DPO and the system administrator start the quarterly access check and see which managers have "
                                 "not confirmed their staff's roles (R44, G13).", DPO, SYSADMIN),
    A.RECERTIFICATION_CONFIRM: _p("Line managers (the manager role, or a register manager with staff) confirm or remove their own "
                                  "staff's roles at the quarterly access check (R43-R44); only their own staff's.",
                                  MANAGER, REGISTER_MANAGER),
}


def promised_roles(action: Action) -> frozenset[Role] | None:
    """The roles promised an action, or None when the action has no promise yet (test_promises says so)."""
    promise = PROMISES.get(action)
    return None if promise is None else promise.roles
