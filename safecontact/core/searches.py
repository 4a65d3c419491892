"""Searches by personal data (names, dates of birth, postcodes) arrive in a POST body, never in a URL: URLs end up in
web server and proxy access logs, browser history and Referer headers.

A list page that pages through results keeps the search in the session under a random id and redirects to
`?search=<id>`, so refreshing, the back button and the pagination links work while the URL holds nothing personal.
"""

import secrets

from django.http import HttpRequest

SESSION_KEY = "saved_searches"
KEEP = 20  # the newest searches per session; older ids fall back to an empty search


def search_save(request: HttpRequest, terms: dict[str, str]) -> str:
    searches: dict[str, dict[str, str]] = request.session.get(SESSION_KEY, {})
    search_id = secrets.token_urlsafe(9)
    searches[search_id] = terms
    for old in list(searches)[:-KEEP]:
        del searches[old]
    request.session[SESSION_KEY] = searches
    return search_id


def search_load(request: HttpRequest, search_id: str | None) -> dict[str, str]:
    """The terms saved under `search_id` in this session, or {} (an id from another session finds nothing)."""
    return dict(request.session.get(SESSION_KEY, {}).get(search_id or "", {}))
