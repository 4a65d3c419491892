"""Two decision-makers act on the same entry at the same moment: approve against refuse, approve against approve.
Exactly one succeeds each time, the other is told, and the audit chain verifies."""

from __future__ import annotations

from tests.faults.common import Result, another, audit_verifies, council_with, in_threads


def run(*, short: bool) -> Result:
    from safecontact.access.policy import Role
    from safecontact.core.exceptions import ApplicationError
    from safecontact.register import services
    from safecontact.register.models import Measure
    from safecontact.register.tests import builders as b

    result = Result("Approve against refuse, approve against approve")
    council, users = council_with(Role.REGISTER_OFFICER, Role.STAFF, Role.DECISION_MAKER)
    second = another(council, Role.DECISION_MAKER, "Second Decision-Maker")
    rounds = 5 if short else 20
    one_winner = told = 0
    for n in range(rounds):
        for kind in ("refuse", "approve"):
            subject = b.person(council, given=f"Race{n}", family=f"{kind.title()}")
            measure = b.propose(actor=users[Role.REGISTER_OFFICER], council=council,
                                originating_incident=b.incident(council, users[Role.STAFF], subject), person=subject,
                                reasons="Threats", marker=b.marker_details())
            first, other = Measure.objects.get(pk=measure.pk), Measure.objects.get(pk=measure.pk)
            calls = [lambda: services.measure_approve(actor=users[Role.DECISION_MAKER], measure=first)]  # noqa: B023
            if kind == "refuse":
                calls.append(lambda: services.measure_refuse(actor=second, measure=other, reason="Below the threshold"))  # noqa: B023
            else:
                calls.append(lambda: services.measure_approve(actor=second, measure=other))  # noqa: B023
            outcomes = in_threads(*calls)
            wins = sum(1 for kind_, _ in outcomes if kind_ == "ok")
            refusals = [v for kind_, v in outcomes if kind_ == "error" and isinstance(v, ApplicationError)]
            one_winner += wins == 1
            told += len(refusals) == 1
            result.expect(wins == 1 and len(refusals) == 1, f"round {n} {kind}: {outcomes}")
    result.figures.update({"races": rounds * 2, "exactly one succeeded": one_winner, "the other was told": told})
    audit_verifies(result)
    return result
