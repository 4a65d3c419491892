"""Incidents built through the services (so references, audit and matching keys are real)."""

from datetime import timedelta

from django.utils import timezone

from safecontact.incidents import services
from safecontact.incidents.models import BehaviourCategory, Incident


def answers(**overrides):
    base = {
        "occurred_at": timezone.now() - timedelta(days=1),
        "channel": Incident.Channel.FACE_TO_FACE,
        "location": "Municipal Offices, Promenade",
        "location_postcode": "gl50 1pq",
        "account": "The customer shouted at the counter and banged the screen.",
        "exact_words": "I know where you live.",
        "immediate_action": ["refused_entry"],
        "subject_given_names": "Siân",
        "subject_family_name": "O'Brien-Ní Dhónaill",
        "identity_confirmation": Incident.Identity.KNOWN_ACCOUNT,
    }
    base.update(overrides)
    return base


def category(label="Verbal abuse, swearing or shouting"):
    return BehaviourCategory.objects.get(council=None, label=label)


def draft_incident(*, reporter, council, **overrides):
    incident = services.incident_draft_create(actor=reporter, council=council)
    return services.incident_draft_save(actor=reporter, council=council, incident=incident, changes=answers(**overrides),
                                        categories=[category()])


def submitted_incident(*, reporter, council, categories=None, **overrides):
    incident = services.incident_draft_create(actor=reporter, council=council)
    services.incident_draft_save(actor=reporter, council=council, incident=incident, changes=answers(**overrides),
                                 categories=categories or [category()])
    return services.incident_submit(actor=reporter, council=council, incident=incident)
