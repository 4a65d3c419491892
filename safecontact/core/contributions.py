"""The registry of what each app adds to the shell: navigation entries, home-page tasks, the role's main action,
demo data steps, daily steps and periodic sweeps.

It lives in the kernel so that a domain app can register without importing the shell, which sits above every app
(the shell reads it). Each app declares its contributions in one module, `<app>/contributions.py`, with any of
the names below, and registers it from its AppConfig.ready() with `register_app(self)`:

    NAVIGATION: list[NavEntry]           links, each in a task area (AREAS) and behind an access Action
    MAIN_ACTIONS: list[MainAction]       the buttons at the top of the home page, the role's most common action
    HOME_TASKS: list[callable]           (user, council) -> iterable of HomeTask: "Needs your attention"
    HOME_ALERTS: list[callable]          (user, council) -> dict merged into the home page's alerts
    DEMO_STEPS: list[DemoStep]           functions called with a DemoData by `manage.py seed_demo`
    DAILY_STEPS: list[DailyStep]         functions called with today= by the daily run
    PERIODIC_SWEEPS: list[PeriodicSweep] functions called every few minutes by the scheduler

Actions are plain strings here (access.policy.Action is a str enum) so that the kernel imports no later app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import import_module
from types import ModuleType
from typing import Any

from django.apps import AppConfig

# The task areas of the service navigation, in the order they appear. Check and Report come first: they are the
# tasks of everyone who meets the public. Seven at most, so that every role's navigation fits one row.
AREAS: list[tuple[str, str]] = [
    ("check", "Check"),
    ("report", "Report"),
    ("work", "Work queue"),
    ("register", "Register"),
    ("letters", "Letters and appeals"),
    ("reviews", "Reviews and governance"),
    ("admin", "Administration"),
]
AREA_LABELS = dict(AREAS)


@dataclass(frozen=True)
class NavEntry:
    area: str  # a key of AREAS
    label: str
    url_name: str
    action: str  # the access.policy.Action that must allow it: no entry without a permission
    order: int = 100  # within the area; the first allowed entry is where the area's top-level link goes


@dataclass(frozen=True)
class MainAction:
    label: str
    url_name: str
    action: str
    order: int = 100  # lower first; the home page shows the first two the user may take


@dataclass(frozen=True)
class HomeTask:
    title: str
    count: int
    url: str  # a filtered list: following the link shows exactly the records counted


@dataclass
class DemoData:
    """What the shell's demo seeding hands to each app's demo step: the demo council and its sign-ins."""

    council: Any
    organisations: dict[str, Any]
    users: dict[str, Any]  # by the local part of the demo email address: "officer", "register-manager", ...


@dataclass(frozen=True)
class DemoStep:
    name: str
    seed: Callable[[DemoData], object]
    order: int  # demo data builds on earlier steps: the register before incidents, letters, appeals, reviews


@dataclass(frozen=True)
class DailyStep:
    name: str
    path: str  # dotted path of a function called with today=; named by path so a step is imported only to run
    order: int


@dataclass(frozen=True)
class PeriodicSweep:
    name: str
    path: str  # dotted path of a function called with no arguments, safe from several processes at once
    every: int  # seconds between runs


@dataclass
class _Registry:
    modules: dict[str, ModuleType] = field(default_factory=dict)

    def collect(self, name: str) -> list[Any]:
        return [item for module in self.modules.values() for item in getattr(module, name, [])]


_registry = _Registry()


def register_app(app_config: AppConfig) -> None:
    """Called from an AppConfig.ready(): record the app's `contributions` module."""
    _registry.modules[app_config.label] = import_module(f"{app_config.name}.contributions")


def navigation_entries() -> list[NavEntry]:
    area_order = {key: index for index, (key, _) in enumerate(AREAS)}
    entries: list[NavEntry] = _registry.collect("NAVIGATION")
    unknown = [e.label for e in entries if e.area not in area_order]
    if unknown:
        raise ValueError(f"Navigation entries in no known area: {unknown}")
    return sorted(entries, key=lambda e: (area_order[e.area], e.order))


def main_actions() -> list[MainAction]:
    return sorted(_registry.collect("MAIN_ACTIONS"), key=lambda a: a.order)


def home_task_providers() -> list[Callable[[Any, Any], Iterable[HomeTask]]]:
    return _registry.collect("HOME_TASKS")


def home_alert_providers() -> list[Callable[[Any, Any], dict[str, Any]]]:
    return _registry.collect("HOME_ALERTS")


def demo_steps() -> list[DemoStep]:
    return sorted(_registry.collect("DEMO_STEPS"), key=lambda s: s.order)


def daily_steps() -> list[tuple[str, str]]:
    """(name, dotted path) in the order the daily run takes them."""
    return [(s.name, s.path) for s in sorted(_registry.collect("DAILY_STEPS"), key=lambda s: s.order)]


def periodic_sweeps() -> list[tuple[str, str, int]]:
    return [(s.name, s.path, s.every) for s in _registry.collect("PERIODIC_SWEEPS")]
