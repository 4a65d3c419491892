"""Service navigation by role: a link appears only when the matrix allows its action."""

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from safecontact.access.checks import can
from safecontact.access.policy import Action


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    action: Action


NAV_ITEMS = [
    NavItem("Home", "core:home", Action.HOME_VIEW),
    # --- Be fair (letters, appeals) ---
    NavItem("Letters", "letters:outbox", Action.LETTER_VIEW),
    NavItem("Appeals", "appeals:appeal_list", Action.APPEAL_VIEW),
    # --- Protect (register, checks) ---
    NavItem("Check before contact", "checks:start", Action.CHECK_RUN),
    NavItem("Register", "register:measure_list", Action.REGISTER_VIEW),
    NavItem("Team checks", "checks:team", Action.CHECK_TEAM_VIEW),
    # --- Review and forget: reviews ---
    NavItem("Your reviews", "reviews:my_reviews", Action.REVIEW_LIST_OWN),
    NavItem("Reviews due", "reviews:reviews_due", Action.REVIEW_LIST_ALL),
    # --- Review and forget: governance ---
    NavItem("Governance", "governance:meeting_list", Action.GOVERNANCE_VIEW),
    # --- Review and forget: retention ---
    NavItem("Retention", "retention:overview", Action.RETENTION_VIEW),
    # --- Review and forget: policy and jobs ---
    NavItem("Policy", "policies:version_list", Action.POLICY_VIEW),
    NavItem("Emails to staff", "notifications:staff_email_list", Action.STAFF_EMAIL_VIEW),
    # --- Report and decide (incidents, people, cases) ---
    NavItem("Report an incident", "incidents:report_start", Action.INCIDENT_REPORT),
    NavItem("Your reports", "incidents:my_reports", Action.INCIDENT_REPORT),
    NavItem("Triage", "incidents:triage_queue", Action.INCIDENT_TRIAGE),
    NavItem("Incidents", "incidents:incident_list", Action.INCIDENT_LIST),
    NavItem("People", "people:person_list", Action.PERSON_VIEW),
    NavItem("Cases", "cases:case_list", Action.CASE_VIEW),
    NavItem("Staff", "accounts:user_list", Action.USER_LIST),
    NavItem("Access and roles", "accounts:role_assignment_list", Action.ROLE_ASSIGNMENT_LIST),
    NavItem("Sharing agreements", "accounts:sharing_agreement_list", Action.SHARING_AGREEMENT_LIST),
    NavItem("Council settings", "accounts:council_settings", Action.COUNCIL_SETTINGS_VIEW),
    NavItem("Lists", "lists:index", Action.MANAGED_LIST_EDIT),
    NavItem("Locked accounts", "accounts:lockout_list", Action.SIGN_IN_LOCKOUT_RELEASE),
    NavItem("Councils", "accounts:council_list", Action.COUNCIL_SETUP),
    NavItem("Audit trail", "audit:event_list", Action.AUDIT_LOG_VIEW),
]


def navigation_for(request: HttpRequest) -> list[dict[str, object]]:
    user = getattr(request, "user", None)
    council = getattr(request, "council", None)
    if user is None or not user.is_authenticated:
        return []
    items = []
    for item in NAV_ITEMS:
        if can(user, item.action, council):  # type: ignore[arg-type]
            items.append({"label": item.label, "url": reverse(item.url_name), "active": False})
    # Only the most specific item is current: /reviews/due/ marks "Reviews due", not "Your reviews" too.
    matching = [i for i in items if request.path == i["url"] or (i["url"] != "/" and request.path.startswith(str(i["url"])))]
    if matching:
        max(matching, key=lambda i: len(str(i["url"])))["active"] = True
    return items
