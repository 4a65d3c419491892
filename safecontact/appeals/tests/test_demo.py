from safecontact.appeals.models import Appeal
from safecontact.letters.models import Letter
from safecontact.shell.demo import seed_demo


def test_demo_seeds_letters_and_an_appeal_and_is_idempotent(db):
    seed_demo()
    seed_demo()
    assert Letter.objects.filter(status="posted").count() == 1
    assert Appeal.objects.filter(status="received").count() == 1
