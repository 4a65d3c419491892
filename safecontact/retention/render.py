"""Renders the retention table as Markdown for docs/retention-policy.md (checked by a test)."""

from safecontact.retention.policies import RULES, RetentionRule


def _months(value: int | None) -> str:
    if value is None:
        return "–"
    return f"{value // 12} years" if value % 12 == 0 and value >= 24 else f"{value} months"


def _limits(rule: RetentionRule) -> str:
    if not rule.overridable:
        return "fixed"
    return f"{_months(rule.min_months)} to {_months(rule.max_months)}"


def render_policy_markdown() -> str:
    lines = [
        "# Retention policy",
        "",
        "Generated from `safecontact/retention/policies.py` by `manage.py render_retention_policy`; do not edit by hand.",
        "A test fails when this document is stale.",
        "",
        "The daily run (`manage.py run_daily`) disposes of each record on the first day on or after *trigger date + period*,",
        "never before, and never while a legal hold on the person or case (or the record's own legal-hold flag) covers it.",
        "Each record is disposed of in its own transaction. The disposal log keeps the class of record, the count, what",
        "was done and the date, never which record. A council may change a period within the limits shown",
        "(the Data Protection Officer, on the Retention page).",
        "",
        "| Record class | Kept for (default) | After | Council may choose | On disposal | Source |",
        "|---|---|---|---|---|---|",
    ]
    for rule in RULES:
        period = _months(rule.default_months) if rule.default_months is not None else "follows another record"
        if rule.council_setting:
            period += f" (council setting `{rule.council_setting}`)"
        trigger = f"{rule.trigger} ({rule.date_field})" if rule.date_field else rule.trigger
        lines.append(f"| **{rule.label}** (`{rule.record_class.value}`): {rule.what} | {period} | {trigger} | "
                     f"{_limits(rule)} | {rule.action.label}. {rule.disposal} | {rule.source} |")
    lines += [
        "",
        "Backups expire on the standard backup cycle, so disposed records leave the backups within that cycle (domain R66).",
    ]
    return "\n".join(lines) + "\n"
