from safecontact.disclosures.models import Disclosure


def test_the_demo_has_an_entry_shared_with_the_partner_and_a_partner_check_in_the_log(db):
    from safecontact.shell.demo import seed_demo

    seed_demo()
    routes = set(Disclosure.objects.values_list("route", flat=True))
    assert routes == {Disclosure.Route.SHARED_ENTRY, Disclosure.Route.CHECK_ANSWER}
    assert not Disclosure.objects.filter(agreement__isnull=True).exists()
