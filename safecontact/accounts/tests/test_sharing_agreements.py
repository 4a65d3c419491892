"""The DPO's data-sharing agreement form offers only the council's own partner bodies and contractors
(and new ones no council has an agreement with yet): never another council or another council's partner."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from safecontact.access.policy import Role
from safecontact.accounts import selectors, services
from safecontact.accounts.models import DataSharingAgreement, Organisation
from safecontact.core.exceptions import ApplicationError
from safecontact.core.tests.factories import OrganisationFactory
from safecontact.core.tests.fixtures import partner_organisation_for


@pytest.fixture
def organisations(council, other_council):
    return {
        "ours": partner_organisation_for(council, Role.PARTNER),
        "new": OrganisationFactory(name="New Repairs Ltd", slug="new-repairs", kind=Organisation.Kind.CONTRACTOR),
        "theirs": partner_organisation_for(other_council, Role.CONTRACTOR),
        "other_council": other_council,
        "council": council,
    }


def post(client, organisation):
    return client.post(reverse("accounts:sharing_agreement_create"), {
        "organisation": organisation.pk, "purpose": "Visits", "what_may_be_shared": "Precautions",
        "starts_on": date.today().strftime("%d/%m/%Y"), "ends_on": (date.today() + timedelta(days=30)).strftime("%d/%m/%Y"),
    })


def test_choices_are_the_councils_own_partners_and_new_ones_only(organisations, user_with_role, client_for):
    dpo = user_with_role(Role.DPO)
    response = client_for(dpo).get(reverse("accounts:sharing_agreement_create"))
    choices = {str(pk) for pk, _label in response.context["form"].fields["organisation"].choices if pk}
    assert choices == {str(organisations["ours"].pk), str(organisations["new"].pk)}
    body = response.content.decode()
    for hidden in ("theirs", "other_council"):  # not even their names reach the page
        assert str(organisations[hidden].pk) not in body and organisations[hidden].name not in body


@pytest.mark.parametrize("forged", ["theirs", "other_council"])
def test_a_forged_post_with_another_councils_organisation_is_refused(organisations, user_with_role, client_for, forged):
    dpo = user_with_role(Role.DPO)
    before = DataSharingAgreement.objects.count()
    response = post(client_for(dpo), organisations[forged])
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    assert DataSharingAgreement.objects.count() == before


@pytest.mark.parametrize("forged", ["theirs", "other_council"])
def test_the_service_refuses_another_councils_organisation_too(organisations, user_with_role, council, forged):
    with pytest.raises(ApplicationError, match="partner body or contractor of this council") as raised:
        services.sharing_agreement_record(actor=user_with_role(Role.DPO), council=council, organisation=organisations[forged],
                                          purpose="Visits", what_may_be_shared="Precautions", starts_on=date.today(),
                                          ends_on=date.today() + timedelta(days=30))
    assert raised.value.field == "organisation"


def test_a_new_partner_once_agreed_is_no_longer_offered_to_another_council(organisations, user_with_role, client_for, other_council):
    dpo = user_with_role(Role.DPO)
    assert post(client_for(dpo), organisations["new"]).status_code == 302
    assert organisations["new"] in selectors.partner_organisations_for(council=organisations["council"])
    assert organisations["new"] not in selectors.partner_organisations_for(council=other_council)
