import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from safecontact.access.policy import Role
from safecontact.governance.charts import bar_chart, suppress
from safecontact.governance.selectors_dashboard import dashboard, foi_rows
from safecontact.governance.selectors_report import quarter_of
from safecontact.register.tests import builders as b


def test_suppress_withholds_one_to_four_and_keeps_zero_and_five_or_more():
    assert [suppress(n) for n in (0, 1, 3, 4, 5, 12)] == ["0", "fewer than 5", "fewer than 5", "fewer than 5", "5", "12"]


def test_bar_chart_scales_to_the_largest_count_and_keeps_zero_bars_labelled():
    chart = bar_chart(slug="x", title="Things", column="Thing", rows=[("A", 4), ("B", 2), ("C", 0)])
    assert [bar.width for bar in chart.bars] == [320, 160, 0]
    assert chart.description == "A: 4; B: 2; C: 0."


@pytest.fixture
def three_markers(council, user_with_role):
    return [b.live_marker(council, user_with_role, subject=b.person(council, given=given, family="Okafor", dob=date(1980, 1, day)))
            for day, given in ((1, "Ada"), (2, "Ben"), (3, "Cara"))]


def _figures(rows):
    return {(figure, category): number for figure, category, number in rows}


def test_dashboard_counts_live_entries_by_kind_and_new_per_quarter(council, three_markers):
    board = dashboard(council=council, quarter=quarter_of(timezone.localdate()))
    charts = {chart.slug: dict(chart.rows) for chart in board.charts}
    assert charts["kind"] == {"Safety marker": 3, "Contact restriction": 0}
    assert list(charts["new"].values())[-1] == 3
    assert charts["reviews"] == {"Done by the review date": 0, "Done after the review date": 0}


def test_a_review_done_before_its_date_counts_as_on_time(council, three_markers, user_with_role):
    from .conftest import recommend_removal

    recommend_removal(three_markers[0], user_with_role(Role.REGISTER_OFFICER))
    board = dashboard(council=council, quarter=quarter_of(timezone.localdate()))
    assert dict(next(chart.rows for chart in board.charts if chart.slug == "reviews"))["Done by the review date"] == 1


def test_foi_export_never_shows_a_count_of_three(council, three_markers, client_for, user_with_role):
    quarter = quarter_of(timezone.localdate())
    figures = _figures(foi_rows(dashboard(council=council, quarter=quarter))[1:])
    assert figures[("Live entries by kind", "Safety marker")] == "fewer than 5"
    assert figures[("Live entries by kind", "Contact restriction")] == "0"
    assert "3" not in figures.values()

    response = client_for(user_with_role(Role.GOVERNANCE_MEMBER)).get(reverse("governance:dashboard_foi_csv"), {"quarter": quarter.key})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Figure", "Category", "Number"]
    assert _figures(rows[1:])[("Live entries by kind", "Safety marker")] == "fewer than 5"
    assert all(number != "3" for _, _, number in rows[1:])


def test_dashboard_page_draws_accessible_charts_with_their_tables(council, three_markers, client_for, user_with_role):
    body = client_for(user_with_role(Role.REGISTER_MANAGER)).get(reverse("governance:dashboard")).content.decode()
    assert 'role="img"' in body and "<title id=\"chart-kind-title\">" in body and "<desc id=\"chart-kind-desc\">" in body
    assert "Live entries by kind: the figures" in body  # the table beside the chart
    assert "<script" not in body.split("<main", 1)[1].split("</main>", 1)[0]


def test_dashboard_is_refused_to_staff(client_for, user_with_role):
    client = client_for(user_with_role(Role.STAFF))
    assert client.get(reverse("governance:dashboard")).status_code == 403
    assert client.get(reverse("governance:dashboard_foi_csv")).status_code == 403


def test_quarterly_report_page_has_charts(council, three_markers, client_for, user_with_role):
    body = client_for(user_with_role(Role.GOVERNANCE_MEMBER)).get(reverse("governance:report")).content.decode()
    assert 'aria-labelledby="chart-band-title chart-band-desc"' in body and "Live entries by risk band: the figures" in body
