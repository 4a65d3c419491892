from safecontact.cases.models import Decision
from safecontact.incidents.models import Incident
from safecontact.people.models import Person
from safecontact.shell.demo import seed_demo


def test_demo_data_holds_a_spread_of_incidents_people_and_decisions(db):
    seed_demo()
    seed_demo()  # idempotent
    statuses = set(Incident.objects.values_list("status", flat=True))
    assert {"submitted", "closed", "warning_recorded", "decided"} <= statuses
    assert Person.objects.filter(merged_into__isnull=False).exists()
    assert set(Decision.objects.values_list("outcome", flat=True)) >= {"formal_warning", "propose_both"}
    assert Incident.objects.filter(riddor_flag=True).exists()
