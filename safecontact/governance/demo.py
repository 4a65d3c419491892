"""Demo Governance Group: the next quarterly meeting, planned, with its agenda built from the demo
register (the overdue review is on it). Idempotent."""

from datetime import timedelta

from django.utils import timezone

from safecontact.accounts.models import Organisation, User
from safecontact.governance import services
from safecontact.governance.models import Meeting


def seed_governance(*, council: Organisation, manager: User) -> None:
    if Meeting.objects.filter(council=council).exists():
        return
    meeting = services.meeting_create(actor=manager, council=council, held_on=timezone.localdate() + timedelta(days=14),
                                      notes="Quarterly meeting.")
    services.meeting_agenda_build(actor=manager, meeting=meeting)


__all__ = ["seed_governance"]
