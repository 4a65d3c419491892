"""Demo data: the demo partner's officer checks before a visit and is shown the precautions of an entry shared with
Demo Homes, so the DPO's disclosure log and the agreement's page have a check answer beside the sharing at approval."""

from __future__ import annotations

from safecontact.core.contributions import DemoData


def seed(demo: DemoData) -> None:
    from safecontact.checks.services import CheckQuery, check_run
    from safecontact.register.models import LIVE_STATUSES, Measure

    partner = demo.users.get("partner")
    if partner is None:
        return
    measure = (Measure.objects.filter(council=demo.council, status__in=LIVE_STATUSES, shared_with=partner.organisation,
                                      person__isnull=False, person__date_of_birth__isnull=False)
               .select_related("person").order_by("reference").first())
    if measure is None or measure.person is None:
        return
    person = measure.person
    check_run(actor=partner, council=demo.council, query=CheckQuery(
        purpose="home_visit", name=f"{person.given_names} {person.family_name}", date_of_birth=person.date_of_birth))
