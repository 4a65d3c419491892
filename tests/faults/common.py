"""What every fault scenario shares: its result with figures, a council with people in roles, threads with their own
database connections, and the audit chain check every scenario ends with."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

_names = itertools.count(1)


@dataclass
class Result:
    name: str
    ok: bool = True
    figures: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def expect(self, condition: bool, problem: str) -> None:
        if not condition:
            self.ok = False
            self.problems.append(problem)


def council_with(*roles: str) -> tuple[Any, dict[str, Any]]:
    """A fresh council (its own slug) and one user per role."""
    from safecontact.accounts.services import role_assignment_bootstrap
    from safecontact.core.tests.factories import OrganisationFactory, UserFactory
    from safecontact.core.tests.fixtures import give_mfa

    n = next(_names)
    council = OrganisationFactory(name=f"Faultshire {n} Council", slug=f"faultshire-{n}")
    users = {}
    for role in roles:
        user = UserFactory(organisation=council, full_name=f"{role.replace('_', ' ').title()} {n}")
        role_assignment_bootstrap(council=council, user=user, role=role, reason="fault suite")
        give_mfa(user)
        users[role] = type(user).objects.get(pk=user.pk)
    return council, users


def another(council: Any, role: str, name: str) -> Any:
    """One more user of the council holding `role`."""
    from safecontact.accounts.services import role_assignment_bootstrap
    from safecontact.core.tests.factories import UserFactory
    from safecontact.core.tests.fixtures import give_mfa

    user = UserFactory(organisation=council, full_name=name)
    role_assignment_bootstrap(council=council, user=user, role=role, reason="fault suite")
    give_mfa(user)
    return type(user).objects.get(pk=user.pk)


def in_threads(*calls: Callable[[], Any]) -> list[tuple[str, Any]]:
    """Each call in its own thread and database connection, released together: ("ok", value) or ("error", exception)."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[tuple[str, Any]] = [("not run", None)] * len(calls)

    def run(i: int, call: Callable[[], Any]) -> None:
        try:
            connection.ensure_connection()
            barrier.wait(timeout=30)
            outcomes[i] = ("ok", call())
        except BaseException as error:  # noqa: BLE001 - the scenario judges it
            outcomes[i] = ("error", error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return outcomes


def audit_verifies(result: Result) -> None:
    from safecontact.audit.verify import verify_all

    chains, breaks = verify_all()
    result.figures["audit chains verified"] = chains
    result.expect(not breaks, f"the audit chain is broken: {breaks[:3]}")
