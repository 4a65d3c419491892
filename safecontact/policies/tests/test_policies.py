"""The behaviour policy in versions: drafted, approved under a recorded authority, cited, published,
and its annual review remembered by the daily run."""

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import Client

from safecontact.access.policy import Role
from safecontact.cases.tests import test_services as case_tests
from safecontact.core.exceptions import ApplicationError
from safecontact.policies import services
from safecontact.policies.models import PolicyVersion
from safecontact.policies.selectors import policy_in_force, policy_review_overdue

TEXT = "# Our policy\n\nWe expect **courtesy**.\n\n- Threats are never acceptable\n\n<script>alert(1)</script>\n"


@pytest.fixture
def manager(user_with_role):
    return user_with_role(Role.REGISTER_MANAGER)


def approved(council, manager, version="1.0", effective=date(2026, 4, 1), review=None):
    draft = services.policy_draft_save(actor=manager, council=council, version=version, title="", text=TEXT)
    return services.policy_approve(actor=manager, policy=draft, authority="Delegated to the Customer Services Manager",
                                   effective_from=effective, next_review_due=review)


def test_approve_sets_a_review_date_a_year_on_and_the_version_comes_into_force(council, manager):
    policy = approved(council, manager)
    assert policy.next_review_due == date(2027, 4, 1)
    assert policy_in_force(council=council, on=date(2026, 3, 31)) is None
    assert policy_in_force(council=council, on=date(2026, 4, 1)) == policy


def test_a_later_version_takes_over_on_its_effective_date(council, manager):
    first = approved(council, manager)
    second = approved(council, manager, version="2.0", effective=date(2026, 10, 1))
    assert policy_in_force(council=council, on=date(2026, 9, 30)) == first
    assert policy_in_force(council=council, on=date(2026, 10, 1)) == second


def test_refusals_name_the_field(council, manager, user_with_role):
    with pytest.raises(ApplicationError) as error:
        services.policy_draft_save(actor=manager, council=council, version=" ", title="", text=TEXT)
    assert error.value.field == "version"
    approved(council, manager)
    with pytest.raises(ApplicationError) as error:
        services.policy_draft_save(actor=manager, council=council, version="1.0", title="", text=TEXT)
    assert error.value.field == "version"
    draft = services.policy_draft_save(actor=manager, council=council, version="1.1", title="", text=TEXT)
    with pytest.raises(ApplicationError) as error:
        services.policy_approve(actor=manager, policy=draft, authority=" ", effective_from=date(2026, 5, 1))
    assert error.value.field == "authority"
    with pytest.raises(ApplicationError) as error:
        services.policy_approve(actor=manager, policy=draft, authority="Cabinet", effective_from=date(2026, 5, 1),
                                next_review_due=date(2027, 6, 1))
    assert error.value.field == "next_review_due"


def test_an_approved_version_is_never_edited(council, manager):
    policy = approved(council, manager)
    with pytest.raises(ApplicationError):
        services.policy_draft_save(actor=manager, council=council, version="1.0", title="", text="changed", draft=policy)


def test_only_the_register_manager_drafts(council, user_with_role):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.policy_draft_save(actor=user_with_role(Role.REGISTER_OFFICER), council=council, version="1", title="", text=TEXT)


def test_database_refuses_an_incomplete_approval_and_a_review_beyond_a_year(council, manager):
    draft = services.policy_draft_save(actor=manager, council=council, version="9", title="", text=TEXT)
    with pytest.raises(IntegrityError), transaction.atomic():
        PolicyVersion.objects.filter(pk=draft.pk).update(status="approved")
    with pytest.raises(IntegrityError), transaction.atomic():
        PolicyVersion.objects.filter(pk=draft.pk).update(effective_from=date(2026, 1, 1), next_review_due=date(2027, 1, 3))


def test_daily_run_reminds_the_register_managers_once_when_the_review_date_passes(council, manager, django_capture_on_commit_callbacks):
    approved(council, manager, effective=date(2025, 4, 1))  # review due 1 April 2026
    with time_machine.travel(date(2026, 4, 1)):
        assert services.policies_daily(today=date(2026, 4, 1)) == {"policy_review_reminders": 0}
    with django_capture_on_commit_callbacks(execute=True):
        assert services.policies_daily(today=date(2026, 4, 2)) == {"policy_review_reminders": 1}
        assert services.policies_daily(today=date(2026, 4, 3)) == {"policy_review_reminders": 0}
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [manager.email]
    assert "policy" in mail.outbox[0].subject and "Our policy" not in mail.outbox[0].body
    assert policy_review_overdue(council=council, on=date(2026, 4, 2)) is not None
    approved(council, manager, version="2.0", effective=date(2026, 4, 10))
    assert policy_review_overdue(council=council, on=date(2026, 4, 11)) is None


def test_public_page_shows_the_version_in_force_without_signing_in_and_escapes_html(council, manager):
    client = Client()
    assert client.get(f"/policy/{council.slug}/").status_code == 404  # nothing published yet
    approved(council, manager, effective=date(2020, 1, 1), review=date(2020, 12, 31))
    services.policy_draft_save(actor=manager, council=council, version="2.0-draft", title="", text="Secret draft")
    page = client.get(f"/policy/{council.slug}/").content.decode()
    assert "We expect <strong>courtesy</strong>" in page and 'class="govuk-heading-l"' in page
    assert "<script>alert(1)</script>" not in page and "Secret draft" not in page
    assert client.get("/policy/no-such-council/").status_code == 404


referred = case_tests.referred  # a shared fixture


def test_decision_cites_the_version_in_force_unless_one_is_named(council, manager, user_with_role, referred):
    from safecontact.cases import services as cases

    approved(council, manager, version="3.1", effective=date(2020, 1, 1), review=date(2020, 12, 31))
    decider = user_with_role(Role.DECISION_MAKER)
    case = cases.case_open_for_incident(actor=decider, council=council, incident=referred)
    decision = cases.decision_record(actor=decider, council=council, case=case, **case_tests.decision_answers())
    assert decision.policy_version == "3.1"


def test_draft_form_keeps_what_was_typed_and_approve_shows_errors(council, manager, client_for):
    client = client_for(manager)
    response = client.post("/policy/versions/new/", {"title": "Policy", "version": "", "text": "Kept text"})
    assert response.status_code == 200 and "Kept text" in response.content.decode() and "Error:" in response.content.decode()
    response = client.post("/policy/versions/new/", {"title": "Policy", "version": "4.0", "text": "Kept text"})
    draft = PolicyVersion.objects.get(version="4.0")
    assert response.status_code == 302 and response["Location"] == f"/policy/versions/{draft.pk}/"
    response = client.post(f"/policy/versions/{draft.pk}/approve/", {"authority": "", "effective_from": "31/02/2026"})
    assert response.status_code == 200 and "Error:" in response.content.decode()
    response = client.post(f"/policy/versions/{draft.pk}/approve/", {"authority": "Cabinet", "effective_from": "1/4/2026"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "approved" and client.get(f"/policy/versions/{draft.pk}/edit/").status_code == 404
    assert "In force" in client.get("/policy/versions/").content.decode()


def test_another_councils_version_is_404(council, other_council, manager, user_with_role, client_for):
    policy = approved(council, manager)
    outsider = user_with_role(Role.REGISTER_MANAGER, for_council=other_council)
    assert client_for(outsider).get(f"/policy/versions/{policy.pk}/").status_code == 404
