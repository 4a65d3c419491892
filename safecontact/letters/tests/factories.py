"""Set-up for letters and appeals tests: a live contact restriction on a customer with a verified
correspondence address, built through the register's services."""

from datetime import date

from safecontact.access.policy import Role
from safecontact.incidents.models import BehaviourCategory
from safecontact.people.models import ContactPoint, PersonAddress
from safecontact.register import services as register
from safecontact.register.tests import builders


def live_restriction(council, user_with_role, *, preferred_format="", spoc=None):
    officer = user_with_role(Role.REGISTER_OFFICER, full_name="Olu Adeyemi")
    approver = user_with_role(Role.DECISION_MAKER, full_name="Dafydd Morgan")
    reporter = user_with_role(Role.STAFF, full_name="Sam Patel")
    home = builders.address(council, line1="12 Mill Lane", town="Cheltenham", postcode="GL50 1PQ")
    subject = builders.person(council, given="William", family="Harrington", at=home)
    PersonAddress.objects.filter(person=subject).update(is_correspondence=True, verified_on=date(2026, 1, 5))
    ContactPoint.objects.create(person=subject, kind="email", value="william@example.org")
    if preferred_format:
        subject.preferred_format = preferred_format
        subject.save()
    incident = builders.incident(council, reporter, subject)
    category = BehaviourCategory.objects.filter(label__icontains="verbal").first()
    if category:
        incident.categories.add(category)
    measure = builders.propose(
        actor=officer, council=council, originating_incident=incident, person=subject,
        reasons="Shouted at and threatened officers", restriction=builders.restriction_details(single_point_of_contact=spoc),
    )
    measure = register.measure_approve(actor=approver, measure=measure)
    return measure, officer, approver, reporter
