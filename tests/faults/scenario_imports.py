"""Two register officers import the same 400-row file at the same moment. The second must wait and then see the
first one's people and entries: one import of 400 people, and no person with two live entries."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from django.db.models import Count, Q

from tests.faults.common import Result, another, audit_verifies, council_with, in_threads

HEADER = ["first_name", "last_name", "aliases", "date_of_birth", "address", "postcode", "uprn", "kind", "risk_impact",
          "risk_likelihood", "precautions", "restriction", "reason", "incident_date", "incident_summary", "date_added", "review_due"]
GIVEN = ["Aled", "Bethan", "Carys", "Dylan", "Eirlys", "Ffion", "Gareth", "Heledd", "Iolo", "Jac"]
FAMILY = ["Pryce", "Vaughan", "Lloyd", "Rowlands", "Meredith", "Gwynne", "Probert", "Tudor", "Bevan", "Howells"]


def sheet(rows: int) -> bytes:
    """`rows` different people (distinct names and dates of birth), each with one safety marker."""
    review = (date.today() + timedelta(days=150)).strftime("%d/%m/%Y")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for n in range(rows):
        born = date(1940, 1, 1) + timedelta(days=53 * n)
        suffix = chr(65 + n // 26 % 26) + chr(97 + n % 26)  # letters only: names hold no digits
        writer.writerow([GIVEN[n % 10], f"{FAMILY[n // 40 % 10]}-{suffix}", "", born.strftime("%d/%m/%Y"),
                         f"{n + 1} Fault Street", "CF10 1AA", "", "marker", "3", "3", "Visit in pairs", "",
                         "Threatened staff at the door.", "12/01/2024", "Threatened an officer.", "15/01/2024", review])
    return out.getvalue().encode()


def run(*, short: bool) -> Result:
    from safecontact.access.policy import Role
    from safecontact.people.models import Person
    from safecontact.register.models import LIVE_STATUSES
    from safecontact.register.services_import import register_import

    result = Result("Two imports of the same file at once")
    rows = 100 if short else 400
    council, users = council_with(Role.REGISTER_MANAGER, Role.DECISION_MAKER)
    second_manager = another(council, Role.REGISTER_MANAGER, "Second Register Manager")
    data = sheet(rows)

    def importing(user):  # type: ignore[no-untyped-def]
        return lambda: register_import(actor=user, council=council, source=io.BytesIO(data), filename="register.csv",
                                       dry_run=False, approved_by=users[Role.DECISION_MAKER])

    outcomes = in_threads(importing(users[Role.REGISTER_MANAGER]), importing(second_manager))
    reports = [value for kind, value in outcomes if kind == "ok"]
    crashed = [repr(value) for kind, value in outcomes if kind == "error"]
    people = Person.objects.filter(council=council).count()
    doubled = (Person.objects.filter(council=council)
               .annotate(live=Count("measures", filter=Q(measures__status__in=LIVE_STATUSES))).filter(live__gt=1).count())
    created = [r.measures_created for r in reports]
    errors = [str(e)[:100] for r in reports for e in (getattr(r, "errors", None) or [])][:1]
    result.figures.update({"the second import was told": errors, "rows in the file": rows, "entries each import created": created,
                           "people on the register": people,
                           "people with two live entries": doubled, "imports that crashed": len(crashed)})
    result.expect(not crashed, f"an import crashed: {crashed}")
    result.expect(people == rows, f"{people} people for {rows} rows: an import was applied twice")
    result.expect(doubled == 0, f"{doubled} people have two live entries")
    audit_verifies(result)
    return result
