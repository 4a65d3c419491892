import json
from datetime import date

import pytest

from safecontact.access.policy import Role
from safecontact.audit.models import AuditEvent
from safecontact.core.exceptions import ApplicationError
from safecontact.letters.rendering import pdf_text
from safecontact.subject_access import rendering, services
from safecontact.subject_access.selectors_bundle import REDACTED, bundle_for, redacted_bundle_for
from safecontact.subject_access.tests.factories import THIRD_PARTY, WITNESS, person_with_everything


@pytest.fixture
def dpo(user_with_role):
    return user_with_role(Role.DPO, full_name="Dee Pio")


@pytest.fixture
def held(council, user_with_role):
    return person_with_everything(council, user_with_role)


@pytest.fixture
def sar(council, dpo, held):
    return services.sar_start(actor=dpo, council=council, person=held.person, received_on=date.today())


def _text(sections):
    return "\n".join(f"{item.title} {f.label} {f.value}" for s in sections for item in s.items for f in item.fields)


def test_bundle_gathers_everything_held(sar, held):
    sections = {s.key: s for s in bundle_for(request=sar)}
    text = _text(sections.values())
    assert "Margaret" in text and "Peggy Okonkwo" in text and "12 Mill Lane" in text and "07700 900123" in text
    assert len(sections["incidents"].items) == 1 and THIRD_PARTY in text
    assert [i.title for i in sections["register"].items] == [f"Register entry {held.measure.reference}"]
    assert any(i.key.startswith("decision:") for i in sections["cases"].items)
    assert [i.title for i in sections["letters"].items] == ["Letter LET-T-1"]
    assert len(sections["checks"].items) == 1 and "Precautions apply" in text
    assert [i.title for i in sections["appeals"].items] == ["Appeal APP-T-1"]
    assert len(sections["reviews"].items) == 1
    assert "Vera Viewer viewed your record" in text


def test_ended_entries_are_in_the_bundle(sar, held):
    from safecontact.register.models import Measure

    Measure.objects.filter(pk=held.measure.pk).update(status="ended", ended_reason="removed")
    register = next(s for s in bundle_for(request=sar) if s.key == "register")
    assert "Ended" in _text([register])


def test_witnesses_staff_affected_and_partner_input_are_withheld_by_default(sar):
    text = _text(bundle_for(request=sar))
    assert WITNESS not in text and "Rachel Green" not in text and "Police say" not in text
    assert REDACTED in text


def test_redaction_is_a_logged_row_and_an_audit_event_without_the_text(sar, held, dpo):
    incident_key = f"incident:{held.incident.pk}"
    redaction = services.redaction_add(actor=dpo, request=sar, item_key=incident_key, item_title="Incident", text=THIRD_PARTY,
                                       reason="A neighbour who has not agreed to be named")
    assert (redaction.redacted_by, redaction.item_key, redaction.text) == (dpo, incident_key, THIRD_PARTY)
    event = AuditEvent.objects.get(event_type="subject_access.redacted")
    assert event.actor_id == dpo.pk and event.subject_id == str(sar.pk)
    assert event.data == {"redaction": str(redaction.pk), "item": incident_key, "field": "", "by_text": True}
    assert THIRD_PARTY not in json.dumps(event.data) and "neighbour" not in json.dumps(event.data)


def test_redaction_needs_a_reason_and_something_to_redact(sar, dpo):
    with pytest.raises(ApplicationError, match="why"):
        services.redaction_add(actor=dpo, request=sar, item_key="", text=THIRD_PARTY, reason=" ")
    with pytest.raises(ApplicationError):
        services.redaction_add(actor=dpo, request=sar, item_key="", reason="No target")


def test_no_redaction_once_the_bundle_is_sent(sar, dpo):
    services.sar_status_set(actor=dpo, request=sar, status="ready")
    services.sar_status_set(actor=dpo, request=sar, status="sent")
    with pytest.raises(ApplicationError, match="sent"):
        services.redaction_add(actor=dpo, request=sar, item_key="", text=THIRD_PARTY, reason="Late")


def test_redacted_name_never_appears_in_the_pdf_json_or_csv(sar, held, dpo):
    services.redaction_add(actor=dpo, request=sar, item_key=f"incident:{held.incident.pk}", text=THIRD_PARTY.upper(),
                           reason="Third party")
    services.redaction_add(actor=dpo, request=sar, item_key="views", field=next(
        f.key for s in bundle_for(request=sar) for i in s.items if i.key == "views" for f in i.fields), reason="Staff name")
    sections = redacted_bundle_for(request=sar)
    pdf = rendering.bundle_pdf(request=sar, sections=sections)
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "Okonkwo" in text and "[redacted]" in text
    data = rendering.bundle_json(request=sar, sections=sections).decode()
    rows = "\n".join(",".join(row) for row in rendering.bundle_csv_rows(sections))
    for output in (text, data, rows):
        assert THIRD_PARTY not in output and THIRD_PARTY.lower() not in output.lower()
        assert WITNESS not in output and "Vera Viewer" not in output
    assert json.loads(data)["sections"][0]["items"][0]["title"] == "Your details"


def test_whole_field_redaction(sar, held, dpo):
    key = f"appeal:{held.measure.appeals.get().pk}"
    services.redaction_add(actor=dpo, request=sar, item_key=key, field="grounds_detail", reason="Test")
    item = next(i for s in redacted_bundle_for(request=sar) for i in s.items if i.key == key)
    assert next(f for f in item.fields if f.key == "grounds_detail").value == REDACTED


def test_words_redacted_throughout_the_bundle(sar, dpo):
    services.redaction_add(actor=dpo, request=sar, item_key="", text="Mill Lane", reason="Test")
    text = _text(redacted_bundle_for(request=sar))
    assert "Mill Lane" not in text
