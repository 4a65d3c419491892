"""The one retention table: complete, within limits (code and database), overridable per council, and
rendered to docs/retention-policy.md."""

import os

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from safecontact.access.policy import Role
from safecontact.accounts.models import CouncilSettings
from safecontact.audit.events import EventType
from safecontact.audit.models import AuditEvent
from safecontact.core.exceptions import ApplicationError
from safecontact.retention import services
from safecontact.retention.management.commands.render_retention_policy import policy_document_path
from safecontact.retention.models import RetentionOverride
from safecontact.retention.policies import RULES, RULES_BY_CLASS, RecordClass
from safecontact.retention.render import render_policy_markdown
from safecontact.retention.selectors import last_trigger_date, retention_periods


def test_every_record_class_has_exactly_one_rule_within_its_own_limits():
    assert [rule.record_class for rule in RULES] == list(RecordClass)
    for rule in RULES:
        if rule.default_months is not None:
            assert rule.min_months <= rule.default_months <= rule.max_months, rule.record_class
        assert rule.what and rule.trigger and rule.disposal


def test_ended_entries_default_to_six_months_after_removal_and_riddor_to_at_least_three_years():
    assert RULES_BY_CLASS["ended_measure"].default_months == 6
    assert RULES_BY_CLASS["riddor_incident"].min_months == 36


def test_the_council_setting_for_ended_entries_has_the_tables_limits():
    field = CouncilSettings._meta.get_field(RULES_BY_CLASS["ended_measure"].council_setting)
    limits = {type(v).__name__: v.limit_value for v in field.validators}
    rule = RULES_BY_CLASS["ended_measure"]
    assert (limits["MinValueValidator"], limits["MaxValueValidator"], field.default) == (rule.min_months, rule.max_months, rule.default_months)


def test_retention_policy_document_is_current():
    rendered = render_policy_markdown()
    path = policy_document_path()
    if os.environ.get("UPDATE_RETENTION_POLICY") == "1":
        path.write_text(rendered)
    assert path.exists(), "docs/retention-policy.md is missing: run `manage.py render_retention_policy`"
    assert path.read_text() == rendered, "docs/retention-policy.md is stale: run `manage.py render_retention_policy`"


@pytest.mark.parametrize(("today", "months", "last"), [
    ("2026-07-15", 6, "2026-01-15"), ("2026-02-28", 1, "2026-01-31"), ("2028-02-29", 12, "2027-02-28"), ("2026-03-01", 1, "2026-02-01"),
])
def test_last_trigger_date_is_the_latest_day_whose_period_has_run(today, months, last):
    from datetime import date

    assert last_trigger_date(today=date.fromisoformat(today), months=months) == date.fromisoformat(last)


@pytest.fixture
def dpo(user_with_role):
    return user_with_role(Role.DPO)


def test_dpo_sets_a_period_within_limits_and_it_is_audited(council, dpo):
    services.retention_period_set(actor=dpo, council=council, record_class="check_log", months=6, reason="Shorter is enough")
    assert retention_periods(council=council)["check_log"] == 6
    event = AuditEvent.objects.get(event_type=EventType.RETENTION_PERIOD_CHANGED)
    assert event.data == {"record_class": "check_log", "months": 6, "previous_months": 12}


def test_setting_the_default_again_removes_the_override(council, dpo):
    services.retention_period_set(actor=dpo, council=council, record_class="check_log", months=6, reason="Shorter")
    services.retention_period_set(actor=dpo, council=council, record_class="check_log", months=12, reason="Back")
    assert not RetentionOverride.objects.exists()


def test_the_ended_entry_period_is_the_council_setting(council, dpo):
    services.retention_period_set(actor=dpo, council=council, record_class="ended_measure", months=4, reason="Cheltenham")
    assert CouncilSettings.objects.get(council=council).ended_measure_retention_months == 4
    assert not RetentionOverride.objects.exists()
    assert retention_periods(council=council)["ended_measure"] == 4


@pytest.mark.parametrize(("record_class", "months"), [("check_log", 0), ("check_log", 25), ("riddor_incident", 35),
                                                      ("ended_measure", 73), ("attachment", 6), ("case", 1)])
def test_periods_outside_the_limits_are_refused(council, dpo, record_class, months):
    with pytest.raises(ApplicationError):
        services.retention_period_set(actor=dpo, council=council, record_class=record_class, months=months, reason="Try")
    assert not RetentionOverride.objects.exists()


def test_the_database_refuses_an_override_outside_the_limits(council):
    with pytest.raises(IntegrityError), transaction.atomic():
        RetentionOverride.objects.create(council=council, record_class="riddor_incident", months=12, reason="Too short")
    with pytest.raises(IntegrityError), transaction.atomic():
        RetentionOverride.objects.create(council=council, record_class="ended_measure", months=6, reason="Lives in settings")
    RetentionOverride.objects.create(council=council, record_class="riddor_incident", months=48, reason="Insurer asks")


def test_only_the_dpo_changes_periods(council, user_with_role):
    with pytest.raises(PermissionDenied):
        services.retention_period_set(actor=user_with_role(Role.REGISTER_MANAGER), council=council, record_class="check_log",
                                      months=6, reason="Mine")
