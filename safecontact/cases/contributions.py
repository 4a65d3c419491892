"""What cases add to the shell: the case list in the Work queue."""

from safecontact.access.policy import Action
from safecontact.core.contributions import NavEntry

NAVIGATION = [NavEntry("work", "Cases", "cases:case_list", Action.CASE_VIEW, 30)]
