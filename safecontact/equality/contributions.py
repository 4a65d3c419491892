"""What equality monitoring adds to the shell: two links under Reviews and governance, no home task, no demo data
(the demo's customers are invented, and invented protected characteristics would only mislead)."""

from safecontact.access.policy import Action
from safecontact.core.contributions import NavEntry

NAVIGATION = [NavEntry("reviews", "Equality monitoring", "equality:find_person", Action.EQUALITY_RECORD, 70),
              NavEntry("reviews", "Equality figures", "equality:figures", Action.EQUALITY_REPORT_VIEW, 71)]
