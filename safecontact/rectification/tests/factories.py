"""Test data for rectification: a live restriction on William Harrington (letters' factory), the DPO, and a
request recorded through the service (house style: later steps set up with services, not raw rows)."""

from datetime import date

from django.utils import timezone

from safecontact.access.policy import Role
from safecontact.letters.tests.factories import live_restriction
from safecontact.rectification import services


def disputed_setup(council, user_with_role):
    measure, officer, approver, reporter = live_restriction(council, user_with_role)
    dpo = user_with_role(Role.DPO, full_name="Priya Shah")
    return {"measure": measure, "person": measure.person, "officer": officer, "approver": approver, "reporter": reporter,
            "dpo": dpo}


def record(setup, *, received_on: date | None = None, measure=True, **kw):
    fields = {"actor": setup["dpo"], "council": setup["measure"].council, "person": setup["person"], "kind": "rectification",
              "channel": "letter", "what_is_wrong": "I did not shout at the officer on 3 March",
              "received_on": received_on or timezone.localdate(), "measure": setup["measure"] if measure else None}
    fields.update(kw)
    return services.rectification_record(**fields)
