"""Demo letters and appeals: council letter settings, a posted restriction letter, a draft marker
letter and an appeal waiting for an appeals officer. Idempotent."""

from django.utils import timezone

from safecontact.accounts.models import CouncilSettings, Organisation, User
from safecontact.appeals import services as appeals
from safecontact.appeals.models import Appeal
from safecontact.letters import services as letters
from safecontact.letters.models import Event, Letter
from safecontact.register.models import Measure


def seed_letters_and_appeals(*, council: Organisation, officer: User, manager: User) -> None:
    CouncilSettings.objects.filter(council=council, letter_address="").update(
        letter_address="Municipal Offices, The Promenade, Demotown DE1 1AA", letter_signatory="Rachel Green, Customer Relations Manager",
        privacy_notice_url="https://demo.example/privacy/personal-safety-register")
    letters.letter_settings_update(actor=manager, council=council, is_landlord=True, policy_url="https://demo.example/policies/customer-behaviour")
    if Letter.objects.filter(council=council).exists():
        return
    live = Measure.objects.filter(council=council, status="active", person__isnull=False).order_by("reference")
    restriction = live.filter(kind=Measure.Kind.CONTACT_RESTRICTION).first()
    marker = live.filter(kind=Measure.Kind.SAFETY_MARKER).first()
    if restriction is not None and restriction.person is not None:
        letter = letters.letter_prepare(actor=officer, council=council, event=Event.CONTACT_RESTRICTION, person=restriction.person,
                                        measure=restriction)
        letter = letters.letter_issue(actor=officer, letter=letter, channel=Letter.Channel.POST, address_confirmed=True)
        if not Appeal.objects.filter(council=council).exists():
            appeals.appeal_record(actor=officer, council=council, measure=restriction, letter=letter, received_on=timezone.localdate(),
                                  channel=Appeal.Channel.LETTER, grounds=[Appeal.Ground.PERSONAL_CIRCUMSTANCES],
                                  grounds_detail="Written contact only is hard for me because of my dyslexia.")
    if marker is not None and marker.person is not None:
        letters.letter_prepare(actor=officer, council=council, event=Event.SAFETY_MARKER, person=marker.person, measure=marker)


__all__ = ["seed_letters_and_appeals"]
