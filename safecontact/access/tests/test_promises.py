"""The matrix in access/policy.py against the access promises written by hand in promises.py.

Mutation testing (issue 18) showed that no behaviour test noticed a changed cell of POLICY: the URL sweep
took its expected answers from POLICY itself. These tests compare POLICY with the promises, and the last
one proves, cell by cell, that flipping a grant is caught both here and by the behaviour (can() and the URL
sweep's judgement of a guarded URL).
"""

import random
from collections.abc import Iterable, Mapping

import pytest
from django.test import Client

from safecontact.access import policy
from safecontact.access.checks import can
from safecontact.access.policy import ACTION_DESCRIPTIONS, Action, Role
from safecontact.access.tests.promises import PROMISES
from tests.test_url_access import ALL_PATTERNS, required_action, sweep_failures
from tests.url_samples import make_context

HERE = "safecontact/access/tests/promises.py"


def promise_breaches(grants: Mapping[Action, frozenset[Role]], actions: Iterable[Action] | None = None) -> list[str]:
    """Every role gained or lost against the promises, as sentences naming the action, the role and the promise."""
    breaches = []
    for action in actions if actions is not None else PROMISES:
        promise = PROMISES[action]
        granted = grants.get(action, frozenset())
        for role in sorted(granted - promise.roles):
            breaches.append(f"{action}: {role.label} GAINED it, breaking the promise \"{promise.promise}\"")
        for role in sorted(promise.roles - granted):
            breaches.append(f"{action}: {role.label} LOST it, breaking the promise \"{promise.promise}\"")
    return breaches


def _promised_actions() -> list[Action]:
    return [action for action in Action if action in PROMISES]


# --- (a) the matrix keeps every promise ---
@pytest.mark.parametrize("action", _promised_actions(), ids=str)
def test_policy_keeps_the_promise(action):
    breaches = promise_breaches(policy.POLICY, [action])
    assert breaches == [], (
        "\n".join(breaches) + f"\nIf the change is intended, change the promise in {HERE} with the reason, then run `make matrix`."
    )


# --- (b) every action has a promise ---
def test_every_action_has_a_promise():
    # Any action that grants anything to anyone is treated as sensitive: nothing in a new action's name tells a
    # harmless one from one that shows personal data to partners. An action granted to nobody cannot leak yet.
    missing = [action for action in Action if action not in PROMISES and policy.POLICY.get(action)]
    assert missing == [], "\n".join(
        f"add a promise for {action.name} in promises.py ({HERE}): who may \"{ACTION_DESCRIPTIONS.get(action, action)}\", "
        f"and why, in one plain sentence" for action in missing
    )


def test_every_promise_says_something():
    for action, promise in PROMISES.items():
        assert promise.promise.strip().endswith("."), f"{action}: the promise should be a plain sentence"
        assert promise.roles <= frozenset(Role), action


# --- (d) flipping one cell is caught by the promise check and by behaviour ---
# The cells the mutation run (issue 18) showed went unnoticed, then a seeded sample of grants to remove and
# grants to add. The sample is drawn from the table in a fixed order, so it is the same on every run.
NAMED_FLIPS = [(Action.APPEAL_DECIDE, Role.STAFF), (Action.LETTER_VIEW, Role.PARTNER), (Action.PERSON_MERGE, Role.DPO)]


def _sampled_flips(seed: int = 18, each: int = 10) -> list[tuple[Action, Role]]:
    cells = [(action, role) for action in sorted(_promised_actions(), key=str) for role in Role]
    granted = [cell for cell in cells if cell[1] in PROMISES[cell[0]].roles]
    denied = [cell for cell in cells if cell[1] not in PROMISES[cell[0]].roles]
    rng = random.Random(seed)
    return rng.sample(granted, each) + rng.sample(denied, each)


FLIPS = NAMED_FLIPS + [cell for cell in _sampled_flips() if cell not in NAMED_FLIPS]


def _guarded_url(action: Action):
    """One URL pattern guarded by the action: an HTML page if there is one, else an API endpoint, else None."""
    guarded = sorted(((name, p) for name, p in ALL_PATTERNS if required_action(p) == action), key=lambda item: (item[0].startswith("api:"), item[0]))
    return guarded[0] if guarded else None


@pytest.mark.parametrize(("action", "role"), FLIPS, ids=str)
def test_flipping_one_cell_of_the_matrix_is_caught(action, role, monkeypatch, council, user_with_role):
    promised = role in PROMISES[action].roles
    actor = user_with_role(role, full_name="Flip Actor")
    client = Client()
    client.force_login(actor, backend="allauth.account.auth_backends.AuthenticationBackend")
    guarded = _guarded_url(action)
    ctx = make_context(council, actor)

    # Before: the matrix, can() and the sweep all keep the promise.
    assert promise_breaches(policy.POLICY, [action]) == []
    assert can(actor, action, council) is promised
    if guarded:
        assert sweep_failures(client, role, *guarded, ctx) == []

    monkeypatch.setitem(policy.POLICY, action, policy.POLICY[action] ^ {role})

    change = "LOST" if promised else "GAINED"
    breaches = promise_breaches(policy.POLICY, [action])
    assert breaches == [f"{action}: {role.label} {change} it, breaking the promise \"{PROMISES[action].promise}\""]
    assert can(actor, action, council) is not promised, f"can() did not follow the flipped {action} for {role}"
    if guarded:
        assert sweep_failures(client, role, *guarded, ctx) != [], f"the URL sweep did not notice {role} {change} {action} at {guarded[0]}"
