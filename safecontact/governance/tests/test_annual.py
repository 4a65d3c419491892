"""The annual policy review report for Cabinet (R84, R85, R106): its figures, its PDF from the demo data, and that it
is FOI-safe (a count of 3 never shows)."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from safecontact.access.policy import Role
from safecontact.accounts.models import Organisation
from safecontact.audit.models import AuditEvent
from safecontact.governance.charts import suppress
from safecontact.governance.rendering import annual_report_html, annual_report_pdf
from safecontact.governance.selectors_annual import (
    CHARTS,
    Year,
    annual_report,
    change_in_words,
    incidents_by_channel,
    new_and_ended,
    year_parse,
)
from safecontact.governance.tests.foi_text import THREE, threes_in
from safecontact.letters.rendering import pdf_text
from safecontact.register.tests import builders as b
from safecontact.shell.demo import seed_demo


def _cells(html: str) -> list[str]:
    """Every table cell's and SVG number's text in the rendered report."""
    return [c.strip() for c in re.findall(r"<td[^>]*>([^<]*)</td>", html)] + \
        [t.strip() for t in re.findall(r'font-weight="bold"[^>]*>([^<]*)</text>', html)]


@pytest.fixture
def demo_council(db):
    seed_demo()
    return Organisation.objects.get(slug="demo")


@pytest.fixture
def three_markers(council, user_with_role):
    return [b.live_marker(council, user_with_role, subject=b.person(council, given=given, family="Okafor", dob=date(1980, 1, day)))
            for day, given in ((1, "Ada"), (2, "Ben"), (3, "Cara"))]


def test_year_parse_offers_this_year_and_four_before_only():
    today = date(2026, 12, 1)
    assert year_parse("2026", today=today) == Year(2026) and year_parse("2022", today=today) == Year(2022)
    assert year_parse("2021", today=today) is None and year_parse("2027", today=today) is None and year_parse("x", today=today) is None


def test_change_in_words_never_gives_a_small_number_or_a_difference_next_to_one():
    year = Year(2026)
    assert change_in_words("New entries", 12, 8, year=year) == "New entries rose from 8 in 2025 to 12 in 2026 (50% more)."
    assert change_in_words("New entries", 3, 8, year=year) == "New entries: fewer than 5 in 2026, against 8 in 2025."
    assert change_in_words("New entries", 3, 3, year=year) == "New entries: fewer than 5 in 2026, the same as in 2025."
    assert change_in_words("New entries", None, 8, year=year) == "New entries: not compared, as it would show a number under 5."
    assert change_in_words("Checks", 6, 0, year=year) == "Checks rose from none in 2025 to 6 in 2026."


def test_the_report_numbers_are_the_selectors_numbers_with_small_ones_withheld(council, three_markers):
    today = timezone.localdate()
    report = annual_report(council=council, year=Year(today.year))
    charts = {s.chart.slug: s.chart for s in report.sections}
    assert list(charts) == list(CHARTS)
    assert dict(charts["kind"].rows)["Safety marker"] == 3
    assert dict(charts["kind"].table)["Safety marker"] == "fewer than 5"
    assert dict(charts["new_ended"].rows) == dict(new_and_ended(council=council, year=Year(today.year)))
    assert dict(charts["channels"].rows) == dict(incidents_by_channel(council=council, year=Year(today.year)))
    html = annual_report_html(report)
    assert not [cell for cell in _cells(html) if THREE.search(cell)]
    assert "Safety marker: fewer than 5" in html  # the chart's description, read by screen readers
    assert not threes_in("\n".join(report.commentary))


def test_a_small_bar_is_drawn_as_long_as_a_five(council, three_markers):
    report = annual_report(council=council, year=Year(timezone.localdate().year))
    kind = next(s.chart for s in report.sections if s.chart.slug == "kind")
    assert [bar.display for bar in kind.bars] == ["fewer than 5", "0"]
    assert kind.bars[0].width == 320  # the longest bar: a 3 is drawn as a 5, so its length tells nothing


@pytest.mark.django_db(transaction=False)
def test_the_pdf_renders_from_the_demo_data_with_its_headings_and_charts(demo_council):
    report = annual_report(council=demo_council, year=Year(timezone.localdate().year))
    pdf = annual_report_pdf(report)
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    for heading in ("Annual review of the behaviour policy", "Commentary", "Live entries by kind", "Live entries by risk band",
                    "New and ended entries", "Reviews done on time", "Appeals and their outcomes", "Possible matches answered",
                    "Checks by service", "Incidents by channel", "Contact restrictions by type", "Equality monitoring"):
        assert heading in text, heading
    html = annual_report_html(report)
    for section in report.sections:  # every printed number is the selector's, as published, in the table and the bar
        for (label, count), (_, shown) in zip(section.chart.rows, section.chart.table, strict=True):
            assert shown == suppress(count)
            assert f'<th scope="row">{escape(label)}</th><td class="number">{shown}</td>' in html, (section.chart.slug, label)
        assert [bar.display for bar in section.chart.bars] == [shown for _, shown in section.chart.table]
    assert "fewer than 5" in text
    assert not threes_in(text)


def test_page_offers_the_years_and_the_download_is_audited(council, three_markers, client_for, user_with_role):
    member = user_with_role(Role.GOVERNANCE_MEMBER)
    client = client_for(member)
    page = client.get(reverse("governance:annual_report")).content.decode()
    year = timezone.localdate().year
    assert f'<option value="{year}" selected>' in page and "Download the report (PDF)" in page
    response = client.get(reverse("governance:annual_report_pdf"), {"year": year})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f"policy-review-figures-{year}.pdf" in response["Content-Disposition"]
    event = AuditEvent.objects.get(event_type="governance.annual_report_downloaded")
    assert event.actor_id == member.pk
    assert event.data == {"year": year}


def test_an_unknown_year_shows_the_error_on_the_page(client_for, user_with_role):
    response = client_for(user_with_role(Role.DPO)).get(reverse("governance:annual_report_pdf"), {"year": "1999"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body and "Select the year the report is for" in body


def test_the_annual_report_is_refused_to_officers_and_staff(client_for, user_with_role):
    for role in (Role.REGISTER_OFFICER, Role.STAFF):
        client = client_for(user_with_role(role))
        assert client.get(reverse("governance:annual_report")).status_code == 403
        assert client.get(reverse("governance:annual_report_pdf"), {"year": timezone.localdate().year}).status_code == 403
