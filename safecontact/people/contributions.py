"""What people records add to the shell: the people list in the Register area."""

from safecontact.access.policy import Action
from safecontact.core.contributions import NavEntry

NAVIGATION = [NavEntry("register", "People", "people:person_list", Action.PERSON_VIEW, 20)]
