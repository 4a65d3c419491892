"""The URL sweep (tests/test_url_access.py) for the subject access pages alone: every role, and anonymous, gets
exactly what the promises allow. A quick check while working on this app; the full sweep still covers it."""

import pytest
from django.test import Client

from safecontact.access.policy import Role
from tests.test_url_access import ALL_PATTERNS, sweep_failures
from tests.url_samples import make_context

PATTERNS = [(name, pattern) for name, pattern in ALL_PATTERNS if name.startswith("subject_access:")]


def test_every_subject_access_page_is_swept():
    assert len(PATTERNS) == 9


@pytest.mark.parametrize("role", [*Role, None], ids=[*(r.value for r in Role), "anonymous"])
def test_each_role_gets_what_the_promises_allow(role, council, user_with_role, client_for):
    actor = user_with_role(role, full_name="Sweep Actor") if role else None
    client = client_for(actor) if actor else Client()
    ctx = make_context(council, actor or user_with_role(Role.STAFF))
    failures = [failure for name, pattern in PATTERNS for failure in sweep_failures(client, role, name, pattern, ctx)]
    assert failures == []
