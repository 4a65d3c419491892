import os
from pathlib import Path

from safecontact.access.policy import ACTION_DESCRIPTIONS, POLICY, Action, Role
from safecontact.access.render import render_matrix_markdown

MATRIX = Path(__file__).resolve().parents[3] / "docs" / "access-matrix.md"


def test_every_action_has_a_policy_row_and_a_description():
    assert set(POLICY) == set(Action)
    assert set(ACTION_DESCRIPTIONS) == set(Action)


def test_access_matrix_document_is_current():
    rendered = render_matrix_markdown()
    if os.environ.get("UPDATE_MATRIX") == "1":
        MATRIX.write_text(rendered)
    assert MATRIX.exists(), "docs/access-matrix.md is missing: run `make matrix`"
    assert MATRIX.read_text() == rendered, "docs/access-matrix.md is stale: run `make matrix`"


def test_only_register_manager_approves_access():
    assert POLICY[Action.ROLE_ASSIGNMENT_DECIDE] == frozenset({Role.REGISTER_MANAGER})


def test_checker_roles_cannot_read_the_audit_trail():
    for role in (Role.STAFF, Role.COUNCILLOR, Role.CONTRACTOR, Role.PARTNER):
        assert role not in POLICY[Action.AUDIT_LOG_VIEW]
