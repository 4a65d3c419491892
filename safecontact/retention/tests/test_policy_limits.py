"""The limits in the retention table, at their boundaries: what the DPO is told, and what the database's check
allows (issue 18)."""

import pytest

from safecontact.access.policy import Role
from safecontact.core.tests.refusals import refusal
from safecontact.retention import services
from safecontact.retention.models import RetentionOverride
from safecontact.retention.policies import (
    OVERRIDABLE,
    RULES,
    Action,
    RecordClass,
    RetentionRule,
    check_months,
    limits_condition,
    rule_for,
)


def test_a_rule_is_found_by_its_class_or_the_class_name():
    assert rule_for(RecordClass.CHECK_LOG) is rule_for("check_log")
    assert rule_for("check_log").record_class == RecordClass.CHECK_LOG and rule_for("case").label == "Cases"


@pytest.mark.parametrize(("default", "low", "high", "overridable"), [
    (12, 6, 72, True), (12, 12, 12, False), (None, 1, 12, False), (None, None, None, False),
])
def test_a_period_may_change_only_when_the_table_gives_one_and_a_range(default, low, high, overridable):
    rule = RetentionRule(RecordClass.CASE, what="w", trigger="t", disposal="d", action=Action.DELETED, default_months=default,
                         min_months=low, max_months=high)
    assert rule.overridable is overridable


@pytest.mark.parametrize("rule", [r for r in RULES if r.overridable], ids=lambda r: r.record_class.value)
def test_each_classs_period_may_be_anything_within_its_limits_and_nothing_beyond(rule):
    low, high = rule.min_months, rule.max_months
    message = f"Choose between {low} and {high} months."
    assert (check_months(rule.record_class, low), check_months(rule.record_class, high)) == ("", "")
    assert (check_months(rule.record_class, low - 1), check_months(rule.record_class, high + 1)) == (message, message)


@pytest.mark.parametrize(("record_class", "label"), [("attachment", "incident attachments (evidence files)"), ("case", "cases")])
def test_a_class_that_follows_another_record_has_no_period_to_change(record_class, label):
    assert check_months(record_class, 6) == f"The period for {label} cannot be changed."


@pytest.mark.django_db
@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.record_class.value)
def test_the_database_check_allows_exactly_the_limits_of_the_classes_without_a_council_setting(rule):
    condition = limits_condition()
    low, high = rule.min_months or 1, rule.max_months or 120
    may_override = rule in OVERRIDABLE
    assert may_override == (rule.overridable and not rule.council_setting)
    for months, inside in ((low - 1, False), (low, True), (high, True), (high + 1, False)):
        assert condition.check({"record_class": rule.record_class.value, "months": months}) is (may_override and inside), months


def test_the_dpo_is_told_the_limits_against_the_months_field(council, user_with_role):
    dpo = user_with_role(Role.DPO)
    assert refusal(services.retention_period_set, actor=dpo, council=council, record_class="check_log", months=25, reason="Longer") == (
        "Choose between 1 and 24 months.", "months")
    assert refusal(services.retention_period_set, actor=dpo, council=council, record_class="case", months=6, reason="Shorter") == (
        "The period for cases cannot be changed.", "months")
    assert refusal(services.retention_period_set, actor=dpo, council=council, record_class="check_log", months=6, reason="  ") == (
        "Say why the council keeps these records for this period.", "reason")
    assert not RetentionOverride.objects.exists()
