"""The bar charts: one builder (cases/charts.py), one partial, on the dimension pages and the
overview; each bar says how many cases it stands for and links to a list of exactly those."""

import pytest
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse

from cases.charts import LONGEST_BAR, BarChart, bar, facet_chart
from cases.facets import build_facets
from cases.filters import CaseFilter
from tests.chart_html import cases_listed, chart_bars, chart_table

DIMENSION_CHARTS = {
    "typology": {
        "Collaborative councils": 3,
        "Collaborative markets": 2,
        "Agents of change": 3,
        "System connectors": 1,
        "Not classified": 1,
    },
    "sector": {"Public sector": 4, "Charity": 6},
    "region": {"North West": 3, "West Midlands": 1, "London": 2, "South West": 3, "Scotland": 1},
    "accountability": {"Results": 1, "Outcomes": 2, "System health": 0},
}


def test_bars_scale_to_the_largest_and_link_only_when_there_are_cases():
    chart = BarChart(
        slug="test",
        title="Cases by test",
        bars=[
            bar("Many", 8, "/cases/?x=many"),
            bar("Few", 2, "/cases/?x=few"),
            bar("None", 0, "/x"),
        ],
    )
    assert [b.share for b in chart.bars] == [LONGEST_BAR, LONGEST_BAR / 4, 0.0]
    assert [b.width for b in chart.bars] == ["80.0%", "20.0%", "0.0%"]
    assert chart.bars[2].url == ""
    assert chart.total == 10


def test_an_empty_chart_draws_no_bar_length():
    chart = BarChart(slug="empty", title="Cases by nothing", bars=[bar("Nothing", 0, "/x")])
    assert chart.bars[0].share == 0.0


def test_the_partial_draws_each_bar_with_its_count_link_and_table_row(db):
    chart = BarChart(
        slug="test",
        title="Cases by test",
        bars=[bar("Many", 8, "/cases/?sector=many"), bar("None", 0, "/cases/?sector=none")],
    )
    html = render_to_string("cases/_bar_chart.html", {"chart": chart})
    bars = chart_bars(html, "test")
    assert bars["Many"].count == 8 and bars["Many"].href == "/cases/?sector=many"
    assert bars["None"].count == 0 and bars["None"].href is None
    assert chart_table(html, "test") == {"Many": (8, "/cases/?sector=many"), "None": (0, None)}
    # The bars are drawn for the eye only; the link's text says the count.
    assert (
        'aria-hidden="true"' in html and 'Many<span class="govuk-visually-hidden">: 8 cases' in html
    )


def test_facet_charts_count_what_the_case_list_would_show(dataset):
    facets = {group.param: group for group in build_facets(CaseFilter(QueryDict()))}
    chart = facet_chart(facets["status"], title="Cases by latest known status")
    counts = {b.label: b.count for b in chart.bars}
    assert counts == {"Active": 3, "Succeeded by another programme": 2, "Ended": 3, "Not known": 2}
    for item in chart.bars:
        assert item.url.startswith("/cases/?status=")
        assert cases_listed(item.url) == item.count


@pytest.mark.parametrize("key", list(DIMENSION_CHARTS))
def test_each_dimension_list_has_a_chart_whose_bars_open_their_cases(client, dataset, key):
    html = client.get(reverse(f"dimensions:{key}-list")).content.decode()
    bars = chart_bars(html, key)
    for label, count in DIMENSION_CHARTS[key].items():
        assert bars[label].count == count, label
    for item in bars.values():
        if item.count:
            assert cases_listed(item.href) == item.count, item.href
        else:
            assert item.href is None
    assert chart_table(html, key) == {b.label: (b.count, b.href) for b in bars.values()}


def test_the_typology_chart_has_a_bar_for_the_cases_not_classified(client, dataset):
    html = client.get(reverse("dimensions:typology-list")).content.decode()
    assert chart_bars(html, "typology")["Not classified"].href == "/cases/?typology=none"


def test_charts_of_linked_dimensions_say_the_bars_need_not_add_up(client, dataset):
    html = client.get(reverse("dimensions:accountability-list")).content.decode()
    assert "A case can have more than one accountability mode" in html
    html = client.get(reverse("dimensions:sector-list")).content.decode()
    assert "need not add up" not in html
