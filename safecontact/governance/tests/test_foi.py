"""R85: the FOI-safe figures as CSV and PDF. A count of 3 never appears in any FOI export: not in the CSV, not in the
PDF's text (its tables, its bars' labels, its charts' descriptions), and not in the annual report's tables."""

import csv
import io
import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from safecontact.access.policy import Role
from safecontact.audit.models import AuditEvent
from safecontact.governance.rendering import foi_figures_html
from safecontact.governance.selectors_dashboard import dashboard, foi_charts, foi_rows
from safecontact.governance.selectors_report import quarter_of
from safecontact.governance.tests.foi_text import THREE, threes_in
from safecontact.letters.rendering import pdf_text
from safecontact.register.tests import builders as b


@pytest.fixture
def three_markers(council, user_with_role):
    return [b.live_marker(council, user_with_role, subject=b.person(council, given=given, family="Okafor", dob=date(1980, 1, day)))
            for day, given in ((1, "Ada"), (2, "Ben"), (3, "Cara"))]


def test_foi_charts_withhold_small_numbers_in_bars_tables_and_descriptions(council, three_markers):
    charts = {c.slug: c for c in foi_charts(dashboard(council=council, quarter=quarter_of(timezone.localdate())))}
    kind = charts["kind"]
    assert dict(kind.rows)["Safety marker"] == 3  # the selector's own number...
    assert dict(kind.table)["Safety marker"] == "fewer than 5"  # ...as published
    assert kind.bars[0].display == "fewer than 5" and "Safety marker: fewer than 5" in kind.description
    html = foi_figures_html(dashboard(council=council, quarter=quarter_of(timezone.localdate())), council=council)
    assert not [c for c in re.findall(r"<td[^>]*>([^<]*)</td>", html) if THREE.search(c)]
    assert "Possible matches sent to Customer Relations" not in html  # a total of other rows


def test_no_foi_export_shows_a_count_of_three(council, three_markers, client_for, user_with_role):
    quarter = quarter_of(timezone.localdate())
    assert all(number != "3" for *_, number in foi_rows(dashboard(council=council, quarter=quarter)))
    client = client_for(user_with_role(Role.GOVERNANCE_MEMBER))
    response = client.get(reverse("governance:dashboard_foi_csv"), {"quarter": quarter.key})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert ["Live entries by kind", "Safety marker", "fewer than 5"] in rows
    assert all(number != "3" for *_, number in rows)

    response = client.get(reverse("governance:dashboard_foi_pdf"), {"quarter": quarter.key})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f"register-figures-{quarter.key}-foi.pdf" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "Live entries by kind" in text and "fewer than 5" in text
    assert not threes_in(text)
    assert AuditEvent.objects.filter(event_type="governance.foi_figures_downloaded", data={"quarter": quarter.key}).count() == 1


def test_the_foi_pdf_is_refused_to_staff(client_for, user_with_role):
    assert client_for(user_with_role(Role.STAFF)).get(reverse("governance:dashboard_foi_pdf")).status_code == 403


def test_the_search_for_a_three_finds_counts_and_passes_over_dates():
    assert threes_in("Safety marker 3") and threes_in("Live entries: 3 (Q4)")
    assert not threes_in("Prepared 3 December 2026.") and not threes_in("counted on 3\nDecember 2026. Prepared 13 March")
    assert not threes_in("13 entries, 3.5 per cent, 3% and Q3")
