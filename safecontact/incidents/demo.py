"""Demo incidents, people, cases and decisions: a realistic spread for each role's queues.
Made through the services (so references, audit events and matching keys are real). Idempotent."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from safecontact.accounts.models import Organisation, Team, User
from safecontact.cases import services as cases
from safecontact.incidents import services
from safecontact.incidents.models import BehaviourCategory, Incident
from safecontact.incidents.services_triage import incident_triage
from safecontact.people import services as people

# (reporter, days ago, channel, team, categories, account, exact words, subject (given, family, dob, address, postcode) or None)
REPORTS = [
    ("staff", 40, "home_visit", "Housing", ["Threats to staff or their families", "Intimidation by animals (dogs)"],
     "During a tenancy visit the tenant let a large dog into the room and said what would happen if I came back.",
     "Next time the dog won't be on a lead.", ("Gareth", "Pritchard", date(1979, 6, 14), "14 Bryn Road, Demo Town", "DM1 4AB")),
    ("staff", 21, "phone", "Housing", ["Verbal abuse, swearing or shouting", "Threats to staff or their families"],
     "The caller swore repeatedly about a repair and threatened to come to the office. I ended the call.",
     "I'll be waiting for you in the car park.", ("Gareth", "Pritchard", date(1979, 6, 14), "14 Bryn Road, Demo Town", "DM1 4AB")),
    ("councillor", 12, "public_meeting", "Customer Services", ["Verbal abuse, swearing or shouting"],
     "At the ward surgery a resident shouted over other residents and would not let the meeting continue.",
     "", ("Siân", "O'Brien-Ní Dhónaill", None, "3 Chapel Street, Demo Town", "DM2 7QT")),
    ("contractor", 9, "home_visit", "Housing", ["Physical assault"],
     "While repairing a boiler the occupant pushed me into the door frame. I left the property.",
     "Get out of my house.", ("Łukasz", "Żółć", date(1988, 1, 2), "Flat 2, 9 Mill Lane, Demo Town", "DM3 1XY")),
    ("partner", 7, "email", "Housing", ["Excessive contact (calls, emails, letters)", "The same issue through many routes"],
     "Forty-three emails in five days about the same complaint, copied to every councillor.",
     "", ("Deborah", "Hale", date(1965, 11, 30), "22 Orchard Way, Demo Town", "DM1 9HH")),
    ("staff", 3, "face_to_face", "Revenues and Benefits", ["Verbal abuse, swearing or shouting"],
     "Customer at the counter raised their voice about a council tax bill. They seemed not to hear my replies.",
     "", ("Bill", "Pritchard", None, "", "")),
    ("staff", 1, "social_media", "Customer Services", ["Abuse on social media or online"],
     "A post on the council's page named me and called me a liar, with a photo of my car.",
     "We know what you drive.", None),
]


def _categories(labels: list[str]) -> list[BehaviourCategory]:
    return list(BehaviourCategory.objects.filter(council=None, label__in=labels))


def _report(council: Organisation, users: dict[str, User], spec: tuple) -> Incident:  # type: ignore[type-arg]
    who, days, channel, team, labels, account, words, subject = spec
    reporter = users[who]
    answers = {
        "occurred_at": timezone.now() - timedelta(days=days, hours=2), "channel": channel,
        "team": Team.objects.filter(council=council, name=team).first(), "location": "Demo Town", "account": account,
        "exact_words": words, "immediate_action": ["visit_abandoned"] if channel == "home_visit" else ["call_ended" if channel == "phone" else "none"],
        "injury": "Physical assault" in labels, "injury_detail": "Bruised shoulder" if "Physical assault" in labels else "",
        "subject_not_known": subject is None,
    }
    if subject:
        given, family, dob, address, postcode = subject
        answers.update(subject_given_names=given, subject_family_name=family, subject_date_of_birth=dob, subject_address=address,
                       subject_postcode=postcode, identity_confirmation="known_account" if dob else "witness_only")
    incident = services.incident_draft_create(actor=reporter, council=council)
    services.incident_draft_save(actor=reporter, council=council, incident=incident, changes=answers, categories=_categories(labels))
    return services.incident_submit(actor=reporter, council=council, incident=incident)


def _triage(council: Organisation, actor: User, incident: Incident, outcome: str, reasons: str, **extra: object) -> None:
    answers = {"complaint_handled_properly": True, "communication_adequate": True, "new_information": False,
               "possible_disability_or_need": False, **extra}
    incident_triage(actor=actor, council=council, incident=incident, outcome=outcome, reasons=reasons, **answers)  # type: ignore[arg-type]


def seed_incidents(council: Organisation, users: dict[str, User]) -> None:
    """`users` maps the demo e-mail local part ("staff", "manager", …) to the user."""
    if Incident.objects.filter(council=council, triage__isnull=False).exists():
        return
    manager, officer, rm, decider = users["manager"], users["officer"], users["register-manager"], users["decision-maker"]
    reports = [_report(council, users, spec) for spec in REPORTS]
    dog, car_park, surgery, assault, emails, counter, online = reports
    # Triage: the manager refers the housing threats; the register manager (triage queue) handles the rest.
    _triage(council, manager, dog, "refer", "Threat with a dog on a home visit; lone working risk.")
    _triage(council, manager, car_park, "refer", "Second threat from the same tenant within a month.")
    _triage(council, rm, surgery, "informal_warning", "First incident; the councillor warned the resident at the time.",
            warning_given_by="Cllr Rhiannon Evans", warning_given_on=timezone.localdate() - timedelta(days=12),
            warning_what_was_said="Asked to stop shouting or the surgery would end, under the council's behaviour policy.")
    _triage(council, rm, assault, "refer", "Physical assault with injury; police informed.")
    _triage(council, rm, emails, "close", "The complaint was not answered for six weeks: our delay caused the contact. Reply sent.",
            complaint_handled_properly=False, adjustment_offered="Meeting with the complaints officer", offer_outcome="Accepted")
    # The counter report stays in the manager's queue, late (a possible hearing need to consider).
    Incident.objects.filter(pk=counter.pk).update(triage_due_on=timezone.localdate() - timedelta(days=2))
    # People: link the referred reports (the second Pritchard report matches the first record).
    pritchard = services.incident_create_person_and_link(actor=officer, council=council, incident=dog)
    services.incident_link_person(actor=officer, council=council, incident=car_park, person=pritchard)
    people.person_adjustment_record(actor=officer, council=council, person=pritchard, description="Letters in large print",
                                    status="agreed", decided_on=date.today() - timedelta(days=200))
    people.person_identifier_add(actor=officer, council=council, person=pritchard, system="Housing", value="TEN-004417")
    zolc = services.incident_create_person_and_link(actor=officer, council=council, incident=assault)
    people.person_adjustment_record(actor=officer, council=council, person=zolc, description="Polish interpreter for meetings",
                                    status="requested")
    services.incident_create_person_and_link(actor=officer, council=council, incident=surgery)
    duplicate = people.person_create(actor=officer, council=council, given_names="Debbie", family_name="Hale",
                                     date_of_birth=date(1965, 11, 30), postcode="DM1 9HH", address_line="22 Orchard Way")
    hale = services.incident_create_person_and_link(actor=officer, council=council, incident=emails)
    people.person_merge(actor=officer, council=council, keep=hale, merge=duplicate)
    # Cases and decisions.
    case = cases.case_open_for_incident(actor=decider, council=council, incident=dog)
    cases.case_open_for_incident(actor=decider, council=council, incident=car_park)
    cases.decision_record(
        actor=decider, council=council, case=case, outcome="formal_warning",
        reasons="Two threats to housing staff in a month (home visit with dog; phone threat).", policy_clause="4.2 Threats to staff",
        proportionality="An informal approach by the housing officer did not stop the threats.", warning_given_first=True,
        equality_screen="No disability or communication need known; large-print letters agreed and will be used.",
        access_to_services="Repairs reported by phone to the contact centre as now.", known_to_social_care="no",
        warning_examples=f"{(timezone.localdate() - timedelta(days=40)):%d/%m/%Y}: dog let loose with a threat on a home visit.\n"
                         f"{(timezone.localdate() - timedelta(days=21)):%d/%m/%Y}: threatened to wait in the car park.",
        warning_expected_change="No threats to staff; keep dogs secured during visits.",
    )
    assault_case = cases.case_open_for_incident(actor=decider, council=council, incident=assault)
    cases.decision_record(
        actor=decider, council=council, case=assault_case, outcome="propose_both",
        reasons="A repairs operative was pushed and injured.", policy_clause="4.1 Violence towards staff",
        proportionality="Physical violence: a warning would not protect staff on the next visit.", serious_threat_route=True,
        serious_threat_reason="Assault causing injury.", equality_screen="Interpreter request pending; it will be met in any meeting.",
        access_to_services="Repairs visits continue in pairs; contact by phone through the contact centre.", known_to_social_care="n_a",
    )
    del online  # left awaiting triage with no person (not known)
