"""What the policy app adds to the shell: the policy versions, the annual review reminder, the demo policy."""

from safecontact.access.policy import Action
from safecontact.core.contributions import DailyStep, DemoData, DemoStep, NavEntry

NAVIGATION = [NavEntry("reviews", "Policy", "policies:version_list", Action.POLICY_VIEW, 50)]


def seed(demo: DemoData) -> None:
    from safecontact.policies.demo import seed_policy

    seed_policy(council=demo.council, manager=demo.users["register-manager"])


DEMO_STEPS = [DemoStep("policy", seed, 40)]
DAILY_STEPS = [DailyStep("policy", "safecontact.policies.services.policies_daily", 40)]
