"""Warnings are disposed of by the retention table (the "warning" class, 12 months from the day the warning was
given): a formal warning with its letters and appeals; an informal warning's details with its letters and appeals.
A warning under appeal waits; a report disposed of before its warning takes the warning's letters with it."""

from datetime import date, timedelta

from django.test import Client

from safecontact.access.policy import Role
from safecontact.appeals import services as appeals
from safecontact.appeals.models import Appeal
from safecontact.cases.models import Decision
from safecontact.incidents.models import Incident, Triage
from safecontact.letters import services as letters
from safecontact.letters.models import Letter
from safecontact.letters.tests.warning_builders import formal_warning, informal_warning
from safecontact.retention.tests.helpers import at, sweep

START = date(2026, 1, 15)
DUE = date(2027, 1, 15)


def issued(made, council, *, formal):
    if formal:
        draft = letters.formal_warning_letter_prepare(actor=made.officer, council=council, decision=made.decision)
    else:
        draft = letters.informal_warning_letter_prepare(actor=made.officer, council=council, incident=made.incident)
    return letters.letter_issue(actor=made.officer, letter=draft, channel="post", address_confirmed=True)


def appealed(letter, user_with_role, *, decide=True):
    client = Client()
    client.post("/appeal/", {"reference": letter.reference, "code": letter.verification_code, "grounds": ["factual_inaccuracy"]},
                REMOTE_ADDR="203.0.113.5")
    client.post("/appeal/check/", REMOTE_ADDR="203.0.113.5")  # "Send your appeal" on check your answers
    appeal = Appeal.objects.get(letter=letter)
    if decide:
        officer = user_with_role(Role.APPEALS_OFFICER)
        appeal = appeals.appeal_assign(actor=user_with_role(Role.REGISTER_MANAGER), appeal=appeal, officer=officer)
        appeal = appeals.appeal_decide(actor=officer, appeal=appeal, outcome="not_upheld", reasons="The facts are right.")
    return appeal


def test_an_expired_formal_warning_goes_with_its_letters_and_appeals(council, user_with_role):
    with at(START):
        made = formal_warning(council, user_with_role)
        letter = issued(made, council, formal=True)
        appealed(letter, user_with_role)
    assert Letter.objects.filter(decision=made.decision).count() == 3  # the warning, the acknowledgement, the outcome
    assert sweep(DUE - timedelta(days=1))["warning"] == 0
    assert Decision.objects.filter(pk=made.decision.pk).exists()
    counts = sweep(DUE)
    assert counts["warning"] == 1
    assert not Decision.objects.filter(pk=made.decision.pk).exists()
    assert not Letter.objects.filter(pk=letter.pk).exists() and not Appeal.objects.exists()


def test_an_expired_informal_warning_is_erased_with_its_letters_and_appeals(council, user_with_role):
    with at(START):
        made = informal_warning(council, user_with_role, given_on=START)
        letter = issued(made, council, formal=False)
        appealed(letter, user_with_role)
        Incident.objects.filter(pk=made.incident.pk).update(submitted_at=made.incident.submitted_at + timedelta(days=60))
    assert Letter.objects.filter(incident=made.incident).count() == 3
    assert sweep(DUE - timedelta(days=1))["warning"] == 0
    assert sweep(DUE)["warning"] == 1
    triage = Triage.objects.get(incident=made.incident)  # the report itself has its own, later, date
    assert (triage.warning_given_by, triage.warning_what_was_said, triage.warning_given_on) == ("", "", None)
    assert not Letter.objects.filter(incident=made.incident).exists() and not Appeal.objects.exists()


def test_a_warning_under_appeal_waits_for_the_appeal(council, user_with_role):
    with at(START):
        made = informal_warning(council, user_with_role, given_on=START)
        letter = issued(made, council, formal=False)
        appeal = appealed(letter, user_with_role, decide=False)
    counts = sweep(DUE)
    assert counts["warning"] == 0 and counts["incident"] == 0
    assert Triage.objects.get(incident=made.incident).warning_given_on == START and Appeal.objects.filter(pk=appeal.pk).exists()


def test_a_report_disposed_of_before_its_warning_takes_the_warning_letters_with_it(council, user_with_role):
    with at(START):
        made = informal_warning(council, user_with_role)
        issued(made, council, formal=False)
    Triage.objects.filter(incident=made.incident).update(warning_given_on=START + timedelta(days=60))  # warned later, by phone
    counts = sweep(DUE)
    assert counts["incident"] == 1 and counts["warning"] == 0
    assert not Incident.objects.filter(pk=made.incident.pk).exists() and not Letter.objects.exists()
