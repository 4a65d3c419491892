"""Ended entries (R64, ADR 0019): the register manager and the DPO keep seeing them until they are deleted; the
register's other roles for ENDED_ENTRY_VISIBLE_DAYS after the ending (letters, removal checklist); nobody else."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from safecontact.access.policy import Role
from safecontact.register import selectors, services
from safecontact.register.tests import builders as b


@pytest.fixture
def ended(council, user_with_role, subject):
    measure = b.live_marker(council, user_with_role, subject=subject)
    return services.measure_end(actor=None, measure=measure, reason="Removed by the Governance Group")


def _visible(actor, council, measure) -> bool:
    return selectors.measure_list_for(actor=actor, council=council).filter(pk=measure.pk).exists()


@pytest.mark.parametrize("role", [Role.REGISTER_OFFICER, Role.DECISION_MAKER, Role.APPEALS_OFFICER, Role.GOVERNANCE_MEMBER,
                                  Role.REGISTER_MANAGER, Role.DPO])
def test_register_roles_still_see_an_entry_that_ended_recently(role, ended, council, user_with_role, settings):
    settings.ENDED_ENTRY_VISIBLE_DAYS = 30
    assert _visible(user_with_role(role), council, ended)


@pytest.mark.parametrize(("role", "sees"), [(Role.REGISTER_OFFICER, False), (Role.DECISION_MAKER, False),
                                            (Role.HS_ADVISER, False), (Role.APPEALS_OFFICER, False),
                                            (Role.GOVERNANCE_MEMBER, False), (Role.REGISTER_MANAGER, True), (Role.DPO, True)])
def test_after_the_period_only_the_register_manager_and_the_dpo_see_an_ended_entry(role, sees, ended, council,
                                                                                     user_with_role, settings):
    settings.ENDED_ENTRY_VISIBLE_DAYS = 30
    actor = user_with_role(role)
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        assert _visible(actor, council, ended) is sees
        assert selectors.measure_list_for(actor=actor, council=council, status="ended").filter(pk=ended.pk).exists() is sees


def test_live_entries_are_not_affected(council, user_with_role, subject):
    live = b.live_marker(council, user_with_role, subject=subject)
    officer = user_with_role(Role.REGISTER_OFFICER)
    with time_machine.travel(timezone.now() + timedelta(days=200)):
        assert _visible(officer, council, live)


def test_the_period_is_a_setting(ended, council, user_with_role, settings):
    officer = user_with_role(Role.REGISTER_OFFICER)
    settings.ENDED_ENTRY_VISIBLE_DAYS = 0
    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        assert not _visible(officer, council, ended)


def test_an_officer_gets_404_for_an_old_ended_entry_and_the_dpo_still_opens_it(ended, council, user_with_role, client_for,
                                                                                settings):
    settings.ENDED_ENTRY_VISIBLE_DAYS = 30
    officer, dpo = user_with_role(Role.REGISTER_OFFICER), user_with_role(Role.DPO)
    url = reverse("register:measure_detail", args=[ended.pk])
    assert client_for(officer).get(url).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        assert client_for(officer).get(url).status_code == 404
        assert ended.reference not in client_for(officer).get(reverse("register:measure_list") + "?status=ended").content.decode()
        assert client_for(dpo).get(url).status_code == 200
