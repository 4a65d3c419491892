"""Markdown to HTML for the policy text. The 'js-default' preset refuses raw HTML and unsafe links,
so what a register manager types cannot inject script into the public page."""

from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_md = MarkdownIt("js-default")
# GOV.UK classes on the elements a policy uses, so it reads like the rest of the service.
# Headings move one level down: the page's own <h1> is the policy's title, and a page has one <h1>.
_HEADINGS = {"h1": "h2", "h2": "h3", "h3": "h4", "h4": "h5", "h5": "h6", "h6": "h6"}
_CLASSES = {"h2": "govuk-heading-l", "h3": "govuk-heading-m", "h4": "govuk-heading-s", "p": "govuk-body",
            "ul": "govuk-list govuk-list--bullet", "ol": "govuk-list govuk-list--number", "a": "govuk-link"}


def _add_classes(tokens) -> None:  # type: ignore[no-untyped-def]
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = _HEADINGS[token.tag]
        if token.nesting == 1 and token.tag in _CLASSES:
            token.attrSet("class", _CLASSES[token.tag])
        if token.children:
            _add_classes(token.children)


def policy_html(text: str) -> SafeString:
    tokens = _md.parse(text)
    _add_classes(tokens)
    return mark_safe(_md.renderer.render(tokens, _md.options, {}))  # noqa: S308 - markdown-it escapes; HTML is disabled
