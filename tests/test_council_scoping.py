"""Every table belongs to a council (house style): this walks every model and fails for one that does not say how.

A model of ours (an app under safecontact/, many-to-many tables included) must be exactly one of:
- council-scoped itself: a `council` foreign key to Organisation, or, in the apps that come before accounts
  (core, audit) and so may not point at it, a `council_id` column holding the council's id;
- reached from a council through a chain of required foreign keys, named in PARENT_PATHS;
- keyed by the council some other way, in KEYED_BY_COUNCIL, with how;
- shared by every council on purpose, in SHARED, with the reason.
A council column that may be empty must say why in COUNCIL_OPTIONAL. Tables of Django and third-party apps
are listed by app in NOT_OURS. Addresses were shared until the 2026 penetration test (one row per UPRN for
every council); this is the test that would have caught it.
"""

from typing import Any

from django.apps import apps
from django.db import models

from safecontact.accounts.models import Organisation

NOT_OURS = {
    "auth": "Django's permissions and groups: not used for roles (access/policy.py is the matrix); no personal data",
    "contenttypes": "Django's list of models",
    "sessions": "Django's sessions: one signed-in user's, holding the council they chose to act for",
    "account": "django-allauth: a user's email addresses, reached through the user",
    "mfa": "django-allauth: a user's authenticators, reached through the user",
    # SocialApp and SocialToken stay empty (apps are built from accounts.CouncilSignInProvider, tokens are not kept).
    "socialaccount": "django-allauth: a user's link to their council's identity provider, reached through the user",
    "axes": "django-axes: failed sign-ins, by username and network address, before any council is known",
    "django_tasks_database": "django-tasks: the background queue; each task's arguments name its council",
}

SHARED = {
    "accounts.Organisation": "the councils themselves, and the partner bodies and contractors they share with",
    "core.DailyRun": "one run of the daily jobs for the whole service: counts and errors only, nothing about anyone",
    "core.WorkerHeartbeat": "one row per background worker process: its name and when it was last seen, nothing about anyone",
}

KEYED_BY_COUNCIL = {
    "audit.AuditChainHead": "its key `chain` is the council's id ('system' for events with no council): one row per chain",
}

COUNCIL_OPTIONAL = {
    "audit.AuditEvent": "an event with no council (a sign-in, a system job) is on the system chain",
    "core.RateLimitCounter": "the public appeal page counts attempts before it knows whose letter was quoted",
    "governance.ExternalSystem": "rows with no council are the defaults every council gets (reference data)",
    "incidents.BehaviourCategory": "rows with no council are the defaults every council gets (reference data)",
    "register.Precaution": "rows with no council are the defaults every council gets (reference data)",
    "register.RestrictionType": "rows with no council are the defaults every council gets (reference data)",
}

# Model: the chain of required foreign keys from it to the council (or, for a user, their own organisation).
PARENT_PATHS = {
    "accounts.User": "organisation",
    "accounts.User_groups": "user.organisation",
    "accounts.User_user_permissions": "user.organisation",
    "people.PersonAlias": "person.council",
    "people.PersonAddress": "person.council",
    "people.ContactPoint": "person.council",
    "people.ExternalIdentifier": "person.council",
    "people.Representative": "person.council",
    "people.ReasonableAdjustment": "person.council",
    "incidents.Incident_categories": "incident.council",
    "cases.Case_incidents": "case.council",
    "register.Measure_other_incidents": "measure.council",
    "register.Measure_services": "measure.council",
    "register.Measure_shared_with": "measure.council",
    "register.Measure_precautions": "measure.council",
    "register.Measure_restriction_types": "measure.council",
    "register.MeasureVersion_precautions": "measureversion.council",
    "register.MeasureVersion_restriction_types": "measureversion.council",
    "checks.Check_measures": "check.council",
    "appeals.AppealDocument": "appeal.council",
    "reviews.Review_evidence_incidents": "review.council",
    "governance.Meeting_members_present": "meeting.council",
    "governance.AgendaItem": "meeting.council",
    "governance.ChecklistTask": "measure.council",
}

LISTS = {"SHARED": SHARED, "KEYED_BY_COUNCIL": KEYED_BY_COUNCIL, "PARENT_PATHS": PARENT_PATHS}
# Apps before accounts in INSTALLED_APPS (house style: foreign keys point only back): they hold the council's id.
BEFORE_ACCOUNTS = {"core", "audit"}


def ours(model: type[models.Model]) -> bool:
    return apps.get_app_config(model._meta.app_label).name.startswith("safecontact.")


def all_models() -> list[type[models.Model]]:
    return list(apps.get_models(include_auto_created=True))


def council_field(model: type[models.Model]) -> models.Field | None:  # type: ignore[type-arg]
    fields = {f.name: f for f in model._meta.concrete_fields}
    field = fields.get("council")
    if isinstance(field, models.ForeignKey) and field.related_model is Organisation:
        return field
    if model._meta.app_label in BEFORE_ACCOUNTS and isinstance(fields.get("council_id"), models.UUIDField):
        return fields["council_id"]
    return None


def path_problem(model: type[models.Model], path: str) -> str:
    """Why the declared path does not reach an organisation through required foreign keys ('' if it does)."""
    current: Any = model
    for hop in path.split("."):
        try:
            field = current._meta.get_field(hop)
        except Exception:  # noqa: BLE001 - FieldDoesNotExist and friends: the message says what to fix
            return f"{current._meta.label} has no field {hop!r}"
        if not isinstance(field, models.ForeignKey):
            return f"{current._meta.label}.{hop} is not a foreign key"
        if field.null:
            return f"{current._meta.label}.{hop} may be empty, so a row need not reach a council"
        current = field.related_model
    return "" if current is Organisation else f"the path ends at {current._meta.label}, not at an organisation"


def test_every_model_of_ours_belongs_to_a_council_or_says_why_not():
    problems = []
    for model in all_models():
        label = model._meta.label
        if not ours(model):
            continue
        listed = [name for name, entries in LISTS.items() if label in entries]
        field = council_field(model)
        if field is not None:
            listed.append("its own council column")
        if len(listed) > 1:
            problems.append(f"{label} is scoped twice ({', '.join(listed)}): keep one.")
        elif not listed:
            problems.append(
                f"{label} does not belong to a council. Every table belongs to a council: give it a `council` foreign key "
                "to Organisation, or name the chain of required foreign keys that reaches one in PARENT_PATHS "
                "(tests/test_council_scoping.py), or, only if every council really shares it (reference data), add it to "
                "SHARED with the reason.")
        elif field is not None and field.null and label not in COUNCIL_OPTIONAL:
            problems.append(f"{label}.{field.name} may be empty: make it required, or say why in COUNCIL_OPTIONAL.")
        elif label in PARENT_PATHS and (problem := path_problem(model, PARENT_PATHS[label])):
            problems.append(f"{label}: PARENT_PATHS says {PARENT_PATHS[label]!r}, but {problem}.")
    assert not problems, "\n".join(problems)


def test_third_party_tables_are_listed_as_not_ours():
    labels = {m._meta.app_label for m in all_models() if not ours(m)}
    unknown = sorted(labels - set(NOT_OURS))
    assert not unknown, (f"Tables of apps {unknown} are not ours and not listed: add each app to NOT_OURS in "
                         "tests/test_council_scoping.py with why it holds no council's data, or scope its tables.")


def test_the_lists_name_only_models_that_exist():
    labels = {m._meta.label for m in all_models()}
    stale = sorted(label for entries in (*LISTS.values(), COUNCIL_OPTIONAL) for label in entries if label not in labels)
    assert not stale, f"No such model any more: {stale}. Take it out of tests/test_council_scoping.py."
    optional_without_column = sorted(label for label in COUNCIL_OPTIONAL if council_field(apps.get_model(label)) is None)
    assert not optional_without_column, f"{optional_without_column} have no council column to be empty."


def test_addresses_belong_to_a_council():
    """The table the penetration test found shared: it must never drift back into a list of exceptions."""
    from safecontact.people.models import Address

    field = council_field(Address)
    assert field is not None and not field.null
    assert all("people.Address" not in entries for entries in (*LISTS.values(), COUNCIL_OPTIONAL))

