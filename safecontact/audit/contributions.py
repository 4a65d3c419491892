"""What the audit trail adds to the shell: the trail in Administration and the daily checkpoint of its hash chain."""

from safecontact.access.policy import Action
from safecontact.core.contributions import DailyStep, MainAction, NavEntry

NAVIGATION = [
    NavEntry("admin", "Audit trail", "audit:event_list", Action.AUDIT_LOG_VIEW, 90),
    # Who used the register how much, with unusual patterns (R45).
    NavEntry("admin", "Usage by person", "audit:usage_report", Action.USAGE_REPORT_VIEW, 95),
]
# The data protection officer's most common task: who saw or changed a person's record.
MAIN_ACTIONS = [MainAction("Search the audit trail", "audit:event_list", Action.AUDIT_LOG_VIEW, 30)]
DAILY_STEPS = [DailyStep("audit_checkpoint", "safecontact.audit.checkpoints.audit_checkpoints_daily", 80)]
