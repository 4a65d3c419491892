"""What council wording may contain, and the only files the PDF renderer may open.

A register manager edits letter wording, and that wording ends up in two renderers that other
people open: the browser preview and WeasyPrint. WeasyPrint follows every URL it meets (stylesheets,
images, `<link rel="attachment">`, CSS `url()` and `@import`), so raw wording could embed server files
or reach internal addresses (server-side request forgery). Two independent defences:

1. `clean_body` reduces the rendered wording to a small allowlist of structural tags (headings,
   paragraphs, lists, emphasis, line breaks) with no URLs and no styles, using nh3 (Ammonia);
   `wording_problems` names anything outside the allowlist when the wording is saved, so the
   manager is told rather than silently losing text.
2. `BundledAssetsFetcher` is the PDF renderer's only way to open a URL: it serves files that ship
   with Safe Contact (under `ASSET_DIRS`) and refuses everything else, including `file:` paths
   elsewhere, `http(s):` and `data:`. Letters and Governance packs need no outside resource.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import nh3
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Tags a letter body may use; everything else (and its URLs, styles and scripts) is removed.
ALLOWED_TAGS = frozenset({"h1", "h2", "h3", "p", "ul", "ol", "li", "strong", "em", "b", "i", "br", "div", "span"})
# The only attribute: a class, and only one the letter layout styles.
ALLOWED_CLASSES = frozenset({"officer-text", "box", "links"})
ALLOWED_ATTRIBUTES = {tag: {"class"} for tag in ("p", "div", "span", "ul", "li")}
# Template tags that print server state (the whole context, or a debug dump).
FORBIDDEN_TEMPLATE_TAGS = re.compile(r"{%-?\s*(debug|load|include|extends|ssi)\b")

ASSET_DIRS = (
    Path(__file__).resolve().parent / "templates" / "letters",
    Path(__file__).resolve().parent.parent / "static" / "images",
)


def clean_body(html: str) -> str:
    """The rendered wording with only the allowed tags: no URLs, styles, forms, frames or scripts."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={},
        allowed_classes={tag: set(ALLOWED_CLASSES) for tag in ALLOWED_ATTRIBUTES},
        url_schemes=set(),
        link_rel=None,
        strip_comments=True,
        clean_content_tags={"script", "style", "title", "iframe", "object", "embed", "template", "textarea", "select", "svg", "math"},
    )


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.tags.add(tag)
            return
        for name, value in attrs:
            if name != "class" or tag not in ALLOWED_ATTRIBUTES:
                self.attributes.add(name)
            elif any(part not in ALLOWED_CLASSES for part in (value or "").split()):
                self.attributes.add(f'class="{value}"')

    handle_startendtag = handle_starttag


def wording_problems(body: str) -> list[str]:
    """What in the wording a letter cannot contain, in words a register manager can act on."""
    problems = []
    if match := FORBIDDEN_TEMPLATE_TAGS.search(body):
        problems.append(f"the {{% {match.group(1)} %}} tag")
    collector = _Collector()
    collector.feed(body)
    collector.close()
    problems += [f"<{tag}>" for tag in sorted(collector.tags)]
    problems += [f"the {name} attribute" for name in sorted(collector.attributes)]
    if re.search(r"url\s*\(|@import", body, re.I):
        problems.append("CSS (url() or @import)")
    return problems


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


class BundledAssetsFetcher(URLFetcher):
    """Serves only Safe Contact's own files to WeasyPrint; every other URL is refused (and skipped)."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"file"}, allow_redirects=False, fail_on_errors=False)

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        parsed = urlparse(url)
        if parsed.scheme != "file" or parsed.netloc not in ("", "localhost"):
            raise ValueError("Letters may not load anything from outside Safe Contact.")
        path = Path(unquote(parsed.path)).resolve()
        if not any(_inside(path, folder) for folder in ASSET_DIRS) or not path.is_file():
            raise ValueError("Letters may only load Safe Contact's own files.")
        return super().fetch(path.as_uri(), headers)
