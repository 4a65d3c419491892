"""What managed lists add to the shell: the lists the council keeps, in Administration."""

from safecontact.access.policy import Action
from safecontact.core.contributions import NavEntry

NAVIGATION = [NavEntry("admin", "Lists", "lists:index", Action.MANAGED_LIST_EDIT, 50)]
