import factory
from factory.django import DjangoModelFactory

from safecontact.core.tests.factories import OrganisationFactory
from safecontact.people.models import Person


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    council = factory.SubFactory(OrganisationFactory)
    given_names = factory.Faker("first_name", locale="en_GB")
    family_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = factory.Faker("date_of_birth", locale="en_GB", minimum_age=18, maximum_age=90)
