"""can(), require() and the roles they read (issue 18): nobody outside a council's role assignments gets anything,
whatever the matrix says, and an action the matrix does not list grants nothing."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from safecontact.access.checks import allowed_actions, can, require, roles_of
from safecontact.access.policy import POLICY, Action, Role, roles_for


@pytest.fixture
def decision_maker(user_with_role):
    return user_with_role(Role.DECISION_MAKER)


def test_a_role_in_one_council_gives_nothing_in_another(decision_maker, council, other_council):
    assert roles_of(decision_maker, council) == frozenset({Role.DECISION_MAKER})
    assert roles_of(decision_maker, other_council) == frozenset()
    assert can(decision_maker, Action.MEASURE_APPROVE, council) and not can(decision_maker, Action.MEASURE_APPROVE, other_council)
    require(decision_maker, Action.MEASURE_APPROVE, council)
    with pytest.raises(PermissionDenied, match="^Not allowed: measure.approve$"):
        require(decision_maker, Action.MEASURE_APPROVE, other_council)


@pytest.mark.parametrize("who", ["nobody", "anonymous", "inactive", "no-council"])
def test_nobody_signed_out_or_switched_off_holds_any_role(decision_maker, council, who):
    user, where = {"nobody": (None, council), "anonymous": (AnonymousUser(), council), "inactive": (decision_maker, council),
                   "no-council": (decision_maker, None)}[who]
    if who == "inactive":
        decision_maker.is_active = False
    assert roles_of(user, where) == frozenset() and allowed_actions(user, where) == []
    assert not can(user, Action.MEASURE_APPROVE, where)
    with pytest.raises(PermissionDenied):
        require(user, Action.MEASURE_APPROVE, where)


def test_a_users_roles_are_read_once_per_council(decision_maker, council, other_council, django_assert_num_queries):
    with django_assert_num_queries(1):
        roles_of(decision_maker, council)
        roles_of(decision_maker, council)
    with django_assert_num_queries(1):
        roles_of(decision_maker, other_council)


def test_the_actions_a_user_may_take_are_those_the_matrix_gives_their_roles(decision_maker, council):
    expected = [action for action in Action if Role.DECISION_MAKER in POLICY[action]]
    assert allowed_actions(decision_maker, council) == expected
    assert Action.MEASURE_APPROVE in expected and Action.MEASURE_PROPOSE not in expected


def test_an_action_the_matrix_does_not_list_grants_nobody():
    assert roles_for("no.such.action") == frozenset()  # type: ignore[arg-type]
    assert roles_for(Action.MEASURE_APPROVE) == frozenset({Role.DECISION_MAKER})
