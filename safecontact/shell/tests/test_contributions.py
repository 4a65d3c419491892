"""The shell assembles what the apps contribute (core/contributions.py): the daily run keeps its order, every demo
step and sweep is named once, and every navigation entry and main action names a page behind a permission."""

from django.urls import reverse
from django.utils.module_loading import import_string

from safecontact.access.policy import Action
from safecontact.core.contributions import daily_steps, demo_steps, main_actions, navigation_entries, periodic_sweeps


def test_the_daily_run_keeps_its_order_and_every_step_imports():
    names = [name for name, _ in daily_steps()]
    assert names[:5] == ["reviews", "interim_lapse", "notify_reconsider", "policy", "retention"]
    assert len(names) == len(set(names))
    for _, path in daily_steps():
        assert callable(import_string(path))
    for _, path, every in periodic_sweeps():
        assert callable(import_string(path)) and every > 0


def test_demo_steps_build_on_the_register_first():
    names = [step.name for step in demo_steps()]
    assert len(names) == len(set(names))
    assert names.index("register") < names.index("incidents") < names.index("letters_and_appeals")


def test_every_entry_and_main_action_has_a_permission_and_a_page():
    for item in [*navigation_entries(), *main_actions()]:
        assert isinstance(item.action, Action), item
        assert reverse(item.url_name)
