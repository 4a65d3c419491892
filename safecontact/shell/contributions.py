"""What the shell itself contributes: the kernel's daily steps (the kernel registers nothing: the registry is
there) and the daily runs page."""

from safecontact.access.policy import Action
from safecontact.core.contributions import DailyStep, NavEntry

NAVIGATION = [NavEntry("admin", "Daily runs", "core:daily_run_list", Action.JOB_RUN_VIEW, 100)]
DAILY_STEPS = [
    DailyStep("orphan_files", "safecontact.core.files.orphan_files_sweep", 60),
    DailyStep("rate_limits", "safecontact.core.ratelimit.rate_limits_prune", 90),
]
