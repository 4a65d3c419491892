"""Requests to correct records (R79): the clock, the "disputed" state while open, the customer's statement, the
outcome letter, locking and audit events."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from safecontact.access.policy import Role
from safecontact.audit.models import AuditEvent
from safecontact.core.exceptions import ApplicationError
from safecontact.letters.models import Event
from safecontact.letters.rendering import render_html
from safecontact.rectification import selectors, services
from safecontact.rectification.clock import due_date, extended_due_date
from safecontact.rectification.models import RectificationRequest
from safecontact.rectification.tests.factories import disputed_setup, record
from safecontact.retention.tests.helpers import at


@pytest.fixture
def setup(council, user_with_role):
    return disputed_setup(council, user_with_role)


def events(item, event_type):
    return AuditEvent.objects.filter(subject_id=str(item.pk), event_type=event_type)


def stale(item):
    return RectificationRequest.objects.get(pk=item.pk)


def test_recording_starts_the_one_month_clock_and_marks_the_record_disputed(setup):
    item = record(setup, received_on=date(2026, 9, 3))
    assert item.reference.startswith("RCT-") and item.status == "open"
    assert item.due_on == date(2026, 10, 5) == item.respond_by
    on_person = selectors.disputes_for(person=setup["person"])
    on_entry = selectors.disputes_for(measure=setup["measure"])
    assert on_person.open == [item] and on_entry.open == [item]
    event = events(item, "rectification.recorded").get()
    assert event.data["kind"] == "rectification" and event.data["due_on"] == "2026-10-05"
    assert str(event.actor_id) == str(setup["dpo"].pk)


def test_a_request_about_another_entry_does_not_mark_this_one(setup, council, user_with_role):
    from safecontact.register.tests import builders

    other = builders.live_marker(council, user_with_role, subject=setup["person"])
    record(setup)  # about setup["measure"]
    assert not selectors.disputes_for(measure=other)
    whole = record(setup, measure=False)  # about the whole record: every entry of the person shows it
    assert selectors.disputes_for(measure=other).open == [whole]


def test_only_the_dpo_records_and_decides(setup, user_with_role):
    manager = user_with_role(Role.REGISTER_MANAGER)
    with pytest.raises(PermissionDenied):
        record(setup, actor=manager)
    item = record(setup)
    with pytest.raises(PermissionDenied):
        services.rectification_decide(actor=manager, request=item, outcome="refused", reasons="No")
    assert list(selectors.request_list_for(actor=manager, council=item.council)) == [item]  # but sees the list


def test_a_request_must_name_this_customers_records(setup, council, user_with_role):
    from safecontact.register.tests import builders

    someone_else = builders.person(council, given="Maud", family="Ellery")
    with pytest.raises(ApplicationError) as refused:
        record(setup, person=someone_else)
    assert refused.value.field == "measure"
    with pytest.raises(ApplicationError) as future:
        record(setup, received_on=timezone.localdate() + timedelta(days=1))
    assert future.value.field == "received_on"


def test_extension_within_the_first_month_moves_the_deadline_once(setup):
    received = date(2026, 9, 2)
    item = record(setup, received_on=received)
    with at(date(2026, 9, 20)):
        item = services.rectification_extend(actor=setup["dpo"], request=item, reason="Police records to obtain")
        assert item.extended_due_on == extended_due_date(received) == date(2026, 12, 2) == item.respond_by
        with pytest.raises(ApplicationError, match="only once"):
            services.rectification_extend(actor=setup["dpo"], request=item, reason="Again")
    event = events(item, "rectification.extended").get()
    assert event.data == {"due_on": "2026-10-02", "extended_due_on": "2026-12-02"}


def test_extension_after_the_first_month_is_refused(setup):
    item = record(setup, received_on=date(2026, 9, 2))
    with at(date(2026, 10, 3)), pytest.raises(ApplicationError, match="first month"):
        services.rectification_extend(actor=setup["dpo"], request=item, reason="Complex")
    assert stale(item).extended_due_on is None and not events(item, "rectification.extended").exists()


def test_the_statement_is_shown_beside_the_record_and_kept_after_a_refusal(setup):
    item = record(setup)
    item = services.rectification_statement_add(actor=setup["dpo"], request=item, statement="I was upset, not threatening.")
    assert selectors.disputes_for(person=setup["person"]).statements == [item]
    assert events(item, "rectification.statement_added").get().data == {"replaced": False}
    services.rectification_decide(actor=setup["dpo"], request=item, outcome="refused", reasons="Two staff witnessed it.")
    after = selectors.disputes_for(measure=setup["measure"])
    assert after.open == [] and [r.statement for r in after.statements] == ["I was upset, not threatening."]


def test_deciding_clears_the_dispute_and_prepares_the_outcome_letter(setup):
    item = record(setup, received_on=timezone.localdate() - timedelta(days=3))
    item = services.rectification_decide(actor=setup["dpo"], request=item, outcome="upheld", reasons="The call log shows it.",
                                         correction="The incident account now says the customer raised his voice.")
    assert (item.status, item.decided_by, item.decided_at is not None) == ("upheld", setup["dpo"], True)
    assert not selectors.disputes_for(person=setup["person"]) and not selectors.disputes_for(measure=setup["measure"])
    letter = item.outcome_letter
    assert letter.event == Event.RECTIFICATION_OUTCOME and letter.status == "draft" and letter.person == setup["person"]
    assert letter.measure == setup["measure"] and letter.extra["request_reference"] == item.reference
    html = render_html(letter)
    assert "we agree with your request" in html and "The call log shows it." in html
    assert "Information Commissioner" in html and "0303 123 1113" in html
    assert "how to appeal" not in html.lower()  # an outcome about records is not appealable under the behaviour policy
    event = events(item, "rectification.decided").get()
    assert event.data["outcome"] == "upheld" and event.data["letter"] == str(letter.pk) and event.data["late"] is False


def test_upheld_needs_what_was_corrected_and_every_outcome_needs_reasons(setup):
    item = record(setup)
    with pytest.raises(ApplicationError) as no_correction:
        services.rectification_decide(actor=setup["dpo"], request=item, outcome="partly_upheld", reasons="Some of it")
    assert no_correction.value.field == "correction"
    with pytest.raises(ApplicationError) as no_reasons:
        services.rectification_decide(actor=setup["dpo"], request=item, outcome="refused", reasons="  ")
    assert no_reasons.value.field == "reasons"
    assert stale(item).is_open


def test_deciding_a_request_decided_meanwhile_is_refused_from_a_fresh_read(setup, user_with_role):
    item = record(setup)
    page = stale(item)  # a page opened before the other DPO decided
    other_dpo = user_with_role(Role.DPO, full_name="Tom Reeve")
    services.rectification_decide(actor=other_dpo, request=item, outcome="refused", reasons="Accurate.")
    with pytest.raises(ApplicationError, match="already been decided"):
        services.rectification_decide(actor=setup["dpo"], request=page, outcome="upheld", reasons="x", correction="y")
    with pytest.raises(ApplicationError, match="already been decided"):
        services.rectification_extend(actor=setup["dpo"], request=page, reason="Complex")
    final = stale(item)
    assert (final.status, final.decided_by) == ("refused", other_dpo)
    assert events(item, "rectification.decided").count() == 1


def test_no_statement_beside_a_record_corrected_in_full(setup):
    item = record(setup)
    services.rectification_decide(actor=setup["dpo"], request=item, outcome="upheld", reasons="Right", correction="Fixed")
    with pytest.raises(ApplicationError, match="upheld"):
        services.rectification_statement_add(actor=setup["dpo"], request=item, statement="Thanks")


def test_the_list_filters_and_sorts_by_the_deadline(setup):
    today = timezone.localdate()
    late = record(setup, received_on=today - timedelta(days=45))
    soon = record(setup, received_on=today - timedelta(days=27), measure=False)
    fresh = record(setup, received_on=today)
    dpo, council = setup["dpo"], setup["measure"].council
    assert list(selectors.request_list_for(actor=dpo, council=council)) == [late, soon, fresh]
    assert list(selectors.request_list_for(actor=dpo, council=council, sort="-due")) == [fresh, soon, late]
    assert list(selectors.request_list_for(actor=dpo, council=council, show="overdue")) == [late]
    assert soon in selectors.request_list_for(actor=dpo, council=council, show="due_soon")
    assert due_date(soon.received_on) == soon.due_on
