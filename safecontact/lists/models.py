"""A council's own settings for the defaults every council shares (issue 13 part 3).

A managed list's rows with no council are the defaults; rows with a council are that council's own. A council
renames, moves, retires and deletes its own rows in place. It cannot change a default (other councils use it), so
where it has moved or retired one, that is recorded here, one row per council and default, and the lists'
selectors read it. No foreign key to the list item: the row names it by list and id, so this app comes before the
apps whose lists it manages (lists/registry.py)."""

from django.db import models

from safecontact.accounts.models import Organisation, User
from safecontact.core.models import BaseModel


class DefaultItemSetting(BaseModel):
    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    list_key = models.CharField(max_length=40)
    item_id = models.UUIDField()
    # Where the default sits in this council's list; empty until the council has moved anything in the list.
    position = models.PositiveSmallIntegerField(null=True, blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    retired_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "list_key", "item_id"], name="list_default_setting_unique")]

    def __str__(self) -> str:
        return f"{self.list_key} {self.item_id} for {self.council_id}"
