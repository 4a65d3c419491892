import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from safecontact.access.policy import Role
from safecontact.audit.models import AuditEvent
from safecontact.governance import services
from safecontact.governance.models import AgendaItem, ChecklistTask, Meeting
from safecontact.letters.rendering import pdf_text
from safecontact.register.models import Measure

from .conftest import recommend_removal


def _item(officer, meeting, marker):
    recommend_removal(marker, officer)
    services.meeting_agenda_build(actor=officer, meeting=meeting)
    return AgendaItem.objects.get(meeting=meeting, measure=marker)


def test_officer_plans_a_meeting_and_builds_its_agenda(client_for, council, officer, member, marker):
    client = client_for(officer)
    page = client.get(reverse("governance:meeting_create"))
    assert page.status_code == 200 and member.full_name in page.content.decode()
    response = client.post(reverse("governance:meeting_create"), {
        "held_on": timezone.localdate().strftime("%d/%m/%Y"), "members_present": [str(member.pk)], "notes": "Quarterly"})
    meeting = Meeting.objects.get(council=council)
    assert response.status_code == 302 and response["Location"] == reverse("governance:meeting_detail", kwargs={"id": meeting.pk})
    recommend_removal(marker, officer)
    response = client.post(reverse("governance:meeting_agenda_build", kwargs={"id": meeting.pk}), follow=True)
    assert "1 new item added" in response.content.decode()
    assert marker.reference in response.content.decode()


def test_invalid_meeting_form_keeps_what_was_typed(client_for, officer):
    response = client_for(officer).post(reverse("governance:meeting_create"), {"held_on": "31/02/2026", "notes": "Apologies from Ann"})
    body = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in body and "Apologies from Ann" in body


def test_remove_asks_for_confirmation_then_ends_the_entry(client_for, officer, member, meeting, marker):
    item = _item(officer, meeting, marker)
    client = client_for(member)
    page = client.get(reverse("governance:item_detail", kwargs={"id": item.pk}))
    assert page.status_code == 200 and 'name="decision"' in page.content.decode()
    assert AuditEvent.objects.filter(event_type="access.viewed", subject_id=str(marker.pk), actor_id=member.pk).exists()
    reasons = "No incident for a year; engaged well."
    confirm = client.post(reverse("governance:item_decide", kwargs={"id": item.pk}), {"decision": "remove", "reasons": reasons})
    assert confirm.status_code == 200 and "Yes, remove the entry" in confirm.content.decode()
    marker.refresh_from_db()
    assert marker.is_live  # nothing happens before the confirmation
    response = client.post(reverse("governance:item_remove_confirm", kwargs={"id": item.pk}), {"reasons": reasons})
    assert response.status_code == 302
    marker.refresh_from_db()
    item.refresh_from_db()
    assert marker.status == Measure.Status.ENDED and item.decision == "remove" and item.decision_reasons == reasons
    assert item.checklist.count() > 0 and item.removal_letter is not None


def test_retain_is_recorded_at_once(client_for, officer, member, meeting, marker):
    item = _item(officer, meeting, marker)
    response = client_for(member).post(reverse("governance:item_decide", kwargs={"id": item.pk}),
                                       {"decision": "retain", "reasons": "Threats repeated."})
    assert response.status_code == 302
    item.refresh_from_db()
    marker.refresh_from_db()
    assert item.decision == "retain" and marker.is_live


def test_decision_without_reasons_shows_the_error_and_keeps_the_choice(client_for, officer, member, meeting, marker):
    item = _item(officer, meeting, marker)
    response = client_for(member).post(reverse("governance:item_decide", kwargs={"id": item.pk}), {"decision": "remove", "reasons": ""})
    body = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in body
    assert re.search(r'value="remove"\s+checked="checked"', body)


def test_officer_ticks_off_the_checklist(client_for, officer, member, meeting, marker):
    item = services.agenda_item_decide(actor=member, item=_item(officer, meeting, marker), decision="remove", reasons="Done.")
    task = item.checklist.first()
    response = client_for(officer).post(reverse("governance:checklist_update", kwargs={"id": task.pk}), {"status": "done"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == ChecklistTask.Status.DONE and task.done_by == officer


def test_pack_and_minutes_print_as_pdf_and_each_view_is_audited(client_for, officer, member, meeting, marker):
    item = _item(officer, meeting, marker)
    services.agenda_item_decide(actor=member, item=item, decision="retain", reasons="Threats repeated last month.")
    client = client_for(member)
    pack = client.get(reverse("governance:meeting_pack_pdf", kwargs={"id": meeting.pk}))
    assert pack.status_code == 200 and pack["Content-Type"] == "application/pdf" and pack.content.startswith(b"%PDF")
    assert pack["Cache-Control"] == "no-store"
    text = pdf_text(pack.content)
    assert marker.reference in text and "Harrington" in text and "Review recommended removal" in text
    minutes = client.get(reverse("governance:meeting_minutes_pdf", kwargs={"id": meeting.pk}))
    text = pdf_text(minutes.content)
    assert "Retain on the register" in text and "Threats repeated last month." in text and member.full_name in text
    lists = set(AuditEvent.objects.filter(event_type="access.listed", subject_id=str(meeting.pk), actor_id=member.pk)
                .values_list("data__list", flat=True))
    assert {"governance_pack", "governance_minutes"} <= lists


def test_pdf_is_refused_to_roles_without_access_and_anonymous(client, client_for, user_with_role, meeting):
    url = reverse("governance:meeting_pack_pdf", kwargs={"id": meeting.pk})
    assert client.get(url).status_code == 302  # to sign in
    for role in (Role.STAFF, Role.DECISION_MAKER, Role.PARTNER):
        assert client_for(user_with_role(role)).get(url).status_code == 403


def test_another_councils_meeting_item_and_pdf_are_404(client_for, other_council, user_with_role, officer, meeting, marker):
    item = _item(officer, meeting, marker)
    elsewhere_member = user_with_role(Role.GOVERNANCE_MEMBER, for_council=other_council)
    elsewhere_officer = user_with_role(Role.REGISTER_OFFICER, for_council=other_council)
    for user in (elsewhere_member, elsewhere_officer):
        client = client_for(user)
        for name in ("meeting_detail", "meeting_pack_pdf", "meeting_minutes_pdf"):
            assert client.get(reverse(f"governance:{name}", kwargs={"id": meeting.pk})).status_code == 404, name
        assert client.get(reverse("governance:item_detail", kwargs={"id": item.pk})).status_code == 404
    response = client_for(elsewhere_member).post(reverse("governance:item_remove_confirm", kwargs={"id": item.pk}), {"reasons": "x"})
    assert response.status_code == 404
    marker.refresh_from_db()
    assert marker.is_live


def test_meeting_list_shows_the_councils_meetings(client_for, council, officer, member, meeting):
    services.meeting_create(actor=officer, council=council, held_on=timezone.localdate() + timedelta(days=90))
    body = client_for(member).get(reverse("governance:meeting_list")).content.decode()
    assert meeting.reference in body and "Plan a meeting" not in body


def test_home_page_shows_items_awaiting_the_groups_decision(client_for, officer, member, meeting, marker):
    _item(officer, meeting, marker)
    body = client_for(member).get(reverse("core:home")).content.decode()
    assert "Entries awaiting the Governance Group" in body
