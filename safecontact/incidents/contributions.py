"""What incident reporting adds to the shell: the Report area, triage in the Work queue, home-page tasks, demo reports."""

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from safecontact.access.checks import can
from safecontact.access.policy import Action
from safecontact.core.contributions import DemoData, DemoStep, HomeTask, MainAction, NavEntry

NAVIGATION = [
    NavEntry("report", "Report an incident", "incidents:report_start", Action.INCIDENT_REPORT, 10),
    NavEntry("report", "Your reports", "incidents:my_reports", Action.INCIDENT_REPORT, 20),
    NavEntry("work", "Triage", "incidents:triage_queue", Action.INCIDENT_TRIAGE, 10),
    NavEntry("work", "Incidents", "incidents:incident_list", Action.INCIDENT_LIST, 20),
]

MAIN_ACTIONS = [MainAction("Report an incident", "incidents:report_start", Action.INCIDENT_REPORT, 20)]


def incident_tasks(user: Any, council: Any) -> Iterable[HomeTask]:
    from safecontact.incidents import selectors

    if can(user, Action.INCIDENT_REPORT, council):
        drafts = selectors.my_incidents_for(actor=user, council=council).filter(status="draft").count()
        if drafts:
            yield HomeTask("Your draft reports, not sent yet", drafts, reverse("incidents:my_reports"))
    if can(user, Action.INCIDENT_TRIAGE, council):
        queue = selectors.triage_queue_for(actor=user, council=council)
        waiting, late = queue.count(), selectors.late_for_triage(queue).count()
        if waiting:
            yield HomeTask("Incidents awaiting your triage", waiting, reverse("incidents:triage_queue"))
        if late:
            yield HomeTask("Late for triage", late, reverse("incidents:triage_queue") + "?show=late")
    if can(user, Action.PERSON_EDIT, council) and can(user, Action.INCIDENT_LIST, council):
        # Counted with the list's own filter, so that the link shows exactly these.
        unlinked = selectors.incident_list_for(actor=user, council=council, unlinked=True).exclude(status="draft").count()
        if unlinked:
            yield HomeTask("Incidents not yet linked to a person", unlinked, reverse("incidents:incident_list") + "?linked=no")
    if can(user, Action.CASE_VIEW, council):
        referred = selectors.referred_incidents_for(council=council).count()
        if referred:
            yield HomeTask("Incidents referred for a decision", referred, reverse("cases:case_list") + "?show=referred")


def seed(demo: DemoData) -> None:
    from safecontact.incidents.demo import seed_incidents

    seed_incidents(demo.council, demo.users)


HOME_TASKS = [incident_tasks]
DEMO_STEPS = [DemoStep("incidents", seed, 20)]
