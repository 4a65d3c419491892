"""The whole life of an entry: reviewed, removed by the Governance Group (checklist, letter issued),
then disposed of by the daily run six months later with everything that pointed at it: its reviews,
its agenda item and checklist, its letter. The meeting itself (no personal data) stays."""

from datetime import timedelta

from django.utils import timezone

from safecontact.core.workdays import add_months
from safecontact.governance import services
from safecontact.governance.models import AgendaItem, ChecklistTask, Meeting
from safecontact.letters import services as letters
from safecontact.letters.models import Letter
from safecontact.people.models import Person
from safecontact.register.models import Measure
from safecontact.retention.tests.helpers import at
from safecontact.reviews.models import Review
from safecontact.shell.jobs import run_daily

from .conftest import recommend_removal


def test_a_removed_entry_is_disposed_with_its_reviews_agenda_item_checklist_and_letter(
    council, officer, member, meeting, marker, flagged,
):
    recommend_removal(marker, officer)
    services.meeting_agenda_build(actor=officer, meeting=meeting)
    item = services.agenda_item_decide(actor=member, item=AgendaItem.objects.get(measure=marker), decision="remove",
                                       reasons="No incident for a year.")
    letters.letter_issue(actor=officer, letter=item.removal_letter, channel="post", address_confirmed=True)
    removed_on = timezone.localdate()

    with at(add_months(removed_on, 6) - timedelta(days=1)):
        day_before = run_daily(today=add_months(removed_on, 6) - timedelta(days=1))
    assert day_before.errors == [] and Measure.objects.filter(pk=marker.pk).exists()

    with at(add_months(removed_on, 6)):
        run = run_daily(today=add_months(removed_on, 6))
    assert run.errors == [], run.errors
    assert run.counts["retention.ended_measure"] == 1
    assert not Measure.objects.filter(pk=marker.pk).exists()
    assert not Review.objects.exists() and not AgendaItem.objects.exists() and not ChecklistTask.objects.exists()
    assert not Letter.objects.exists() and not Person.objects.filter(pk=flagged.pk).exists()
    assert Meeting.objects.filter(pk=meeting.pk).exists()
