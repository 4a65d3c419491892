import factory
from factory.django import DjangoModelFactory

from safecontact.accounts.models import CouncilSettings, Organisation, Team, User


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Borough Council {n}")
    slug = factory.Sequence(lambda n: f"council-{n}")
    kind = Organisation.Kind.COUNCIL

    @factory.post_generation
    def with_settings(obj, create, extracted, **kwargs):  # noqa: N805
        if create and obj.is_council:
            CouncilSettings.objects.get_or_create(council=obj)


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team

    council = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.gov.uk")
    full_name = factory.Faker("name", locale="en_GB")
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()
