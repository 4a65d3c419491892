"""Service navigation by task: at most seven areas (core/contributions.py AREAS), each area's entries as its
sub-navigation. An entry appears only when the access policy allows its action; an area appears only when the user
may follow at least one of its entries, and its top-level link goes to the first of them."""

from dataclasses import dataclass, field

from django.http import HttpRequest
from django.urls import reverse

from safecontact.access.checks import can
from safecontact.access.policy import Action
from safecontact.core.contributions import AREAS, navigation_entries


@dataclass
class NavLink:
    label: str
    url: str
    active: bool = False


@dataclass
class NavArea:
    key: str
    label: str
    links: list[NavLink] = field(default_factory=list)
    active: bool = False

    @property
    def url(self) -> str:
        return self.links[0].url


def navigation_for(request: HttpRequest) -> list[NavArea]:
    user = getattr(request, "user", None)
    council = getattr(request, "council", None)
    if user is None or not user.is_authenticated:
        return []
    areas = {key: NavArea(key, label) for key, label in AREAS}
    for entry in navigation_entries():
        if can(user, Action(entry.action), council):  # type: ignore[arg-type]
            areas[entry.area].links.append(NavLink(entry.label, reverse(entry.url_name)))
    shown = [area for area in areas.values() if area.links]
    # Only the most specific link is current (/reviews/due/ marks "Reviews due", not "Your reviews" too), and its
    # area with it.
    matching = [(area, link) for area in shown for link in area.links
                if request.path == link.url or request.path.startswith(link.url)]
    if matching:
        area, link = max(matching, key=lambda pair: len(pair[1].url))
        area.active = link.active = True
    return shown


def current_area(areas: list[NavArea]) -> NavArea | None:
    """The area of the page shown, when it has more than one link: its sub-navigation."""
    return next((area for area in areas if area.active and len(area.links) > 1), None)
