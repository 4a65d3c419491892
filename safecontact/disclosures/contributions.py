"""What the disclosure log adds to the shell: the log in Administration, for the data protection officer, and a
partner's check in the demo data."""

from safecontact.access.policy import Action
from safecontact.core.contributions import DemoStep, NavEntry
from safecontact.disclosures.demo import seed

NAVIGATION = [NavEntry("admin", "Disclosures to partners", "disclosures:log", Action.DISCLOSURE_LOG_VIEW, 92)]
# After the register (10), which shares an entry with the demo partner body.
DEMO_STEPS = [DemoStep("disclosures", seed, 15)]
