"""Council wording cannot reach the server: hostile wording is refused on save, and wording already
stored (or written straight into the database) renders to a preview and a PDF with none of it."""

from __future__ import annotations

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfReader

from safecontact.access.policy import Role
from safecontact.core.exceptions import ApplicationError
from safecontact.letters import rendering, services
from safecontact.letters.models import Event, LetterTemplateVersion
from safecontact.letters.safe_html import ASSET_DIRS, BundledAssetsFetcher, clean_body, wording_problems


@pytest.fixture
def listener():
    """A web server on the loopback that counts every request the renderer makes to it."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the standard library's name
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


@pytest.fixture
def secret_file(tmp_path):
    path = tmp_path / "server-secret.txt"
    path.write_text("TOP-SECRET-SERVER-FILE root:x:0:0")
    return path


def hostile_wordings(base: str, secret: Path) -> dict[str, str]:
    file_url = secret.as_uri()
    return {
        "attachment link": f'<p>Hello</p><link rel="attachment" href="{file_url}">',
        "attachment anchor": f'<p><a rel="attachment" href="{file_url}">see</a></p>',
        "image": f'<p><img src="{file_url}"><img src="{base}/image.png"></p>',
        "css url": f'<p style="background: url({base}/bg.png)">Hi</p>',
        "style import": f"<style>@import url({base}/import.css); body {{ background: url({file_url}) }}</style><p>Hi</p>",
        "stylesheet": f'<link rel="stylesheet" href="{base}/sheet.css"><p>Hi</p>',
        "iframe": f'<iframe src="{base}/frame"></iframe><object data="{file_url}"></object><embed src="{file_url}">',
        "meta refresh": f'<meta http-equiv="refresh" content="0;url={base}/go"><p>Hi</p>',
        "form": f'<form action="{base}/steal" method="post"><input name="password"><button>Go</button></form>',
        "svg": f'<svg><image href="{file_url}"/></svg>',
        "data url": '<img src="data:image/png;base64,iVBORw0KGgo=">',
    }


NONE_OF = ("<link", "<img", "<iframe", "<object", "<embed", "<meta", "<form", "<input", "<style", "<svg", "url(", "@import",
           "href=", "src=", "TOP-SECRET")


def pdf_has_no_outside_content(data: bytes) -> None:
    reader = PdfReader(io.BytesIO(data))
    assert reader.attachments == {}
    assert b"/EmbeddedFile" not in data and b"/URI" not in data
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        assert not resources.get("/XObject"), "the letter contains an image"
    assert "TOP-SECRET" not in rendering.pdf_text(data)


@pytest.mark.parametrize("name", list(hostile_wordings("http://x", Path("/etc/passwd"))))
def test_saving_hostile_wording_is_refused_with_what_to_remove(name, council, user_with_role):
    manager = user_with_role(Role.REGISTER_MANAGER)
    body = hostile_wordings("http://127.0.0.1:9", Path("/etc/passwd"))[name]
    with pytest.raises(ApplicationError) as caught:
        services.letter_template_save(actor=manager, council=council, event=Event.CONTACT_RESTRICTION, body=body)
    assert caught.value.field == "body"
    assert caught.value.message.startswith("Letters can use headings, paragraphs, lists, bold and italic text and merge fields only. Remove ")
    assert not LetterTemplateVersion.objects.filter(council=council).exists()


def test_the_message_names_each_thing_to_remove():
    assert wording_problems('<p class="box">ok</p><h2>ok</h2><ul><li><strong>ok</strong></li></ul>') == []
    assert wording_problems('<p onclick="x">a</p><a href="/x">b</a>{% debug %}') == ["the {% debug %} tag", "<a>", "the onclick attribute"]
    assert wording_problems('<p class="officer-text shout">a</p>') == ['the class="officer-text shout" attribute']
    assert wording_problems("<p>{% load static %}</p>") == ["the {% load %} tag"]


def test_cleaning_keeps_the_structure_a_letter_needs():
    body = '<h1>Title</h1><p class="officer-text">Tom &amp; Jerry</p><ul><li><em>one</em></li></ul><br>'
    assert clean_body(body) == body


@pytest.mark.parametrize("name", list(hostile_wordings("http://x", Path("/etc/passwd"))))
def test_stored_hostile_wording_renders_a_preview_and_pdf_with_none_of_it(name, council, user_with_role, client_for, listener, secret_file):
    base, hits = listener
    manager = user_with_role(Role.REGISTER_MANAGER)
    # Written straight to the database, as a version saved before the allowlist existed would be.
    version = LetterTemplateVersion.objects.create(council=council, event=Event.CONTACT_RESTRICTION, version=1,
                                                   body=hostile_wordings(base, secret_file)[name], created_by=manager)
    page = client_for(manager).get(reverse("letters:template_preview", args=[version.pk]))
    assert page.status_code == 200
    preview = page.content.decode()
    start = preview.index('class="govuk-inset-text app-letter-preview"')
    shown = preview[start:preview.index("Yours sincerely", start)]
    assert "Dear Alex Sample" in shown
    for fragment in NONE_OF:
        assert fragment not in shown, fragment
    from safecontact.letters.selectors import sample_letter

    html = rendering.render_html(sample_letter(council=council, event=version.event), body=version.body)
    pdf_has_no_outside_content(rendering.html_to_pdf(html))
    assert hits == []


def test_the_renderer_itself_refuses_files_and_addresses_outside_safe_contact(listener, secret_file):
    """The second defence: even HTML that bypassed the allowlist cannot make WeasyPrint fetch anything."""
    base, hits = listener
    html = f"""<html><head><link rel="stylesheet" href="{base}/sheet.css"><style>@import url({base}/import.css);
        body {{ background: url({secret_file.as_uri()}) }}</style><link rel="attachment" href="{secret_file.as_uri()}"></head>
        <body><p>Letter</p><img src="{secret_file.as_uri()}"><img src="{base}/pixel.png"><a rel="attachment" href="/etc/passwd">x</a>
        <img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==">
        </body></html>"""
    data = rendering.html_to_pdf(html)
    assert hits == []
    reader = PdfReader(io.BytesIO(data))
    assert reader.attachments == {}
    assert not (reader.pages[0].get("/Resources") or {}).get("/XObject")


def test_the_fetcher_serves_only_bundled_files(secret_file):
    fetcher = BundledAssetsFetcher()
    own = next(path for path in ASSET_DIRS[0].rglob("*.html"))
    response = fetcher.fetch(own.as_uri())
    assert response.read()
    response.close()
    for url in (secret_file.as_uri(), "file:///etc/passwd", (ASSET_DIRS[0] / ".." / ".." / ".." / "settings.py").as_uri(),
                "http://127.0.0.1/", "https://example.org/x.css", "data:text/plain,hello", "ftp://example.org/x",
                "file://otherhost/etc/passwd"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
