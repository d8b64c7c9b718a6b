"""The case list's map view (?view=map): its markers follow the filters and the search, the many
are counted by region, the unplaced are counted and said, and the queries do not grow."""

import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.case_map import CASE_MARKER_LIMIT
from cases.models import Case, Region, Sector
from tests.chart_html import cases_listed
from tests.factories import make_case

MARKER = re.compile(
    r'<a class="uk-map__marker" href="(?P<href>[^"]+)" aria-label="(?P<label>[^"]+)">'
)


def map_page(client, query: str) -> str:
    response = client.get(f"/cases/?view=map&{query}")
    assert response.status_code == 200
    return response.content.decode()


def marker_links(html: str) -> set[str]:
    return {match["href"] for match in MARKER.finditer(html)}


def test_markers_are_the_filtered_cases_and_no_others(client, dataset):
    html = map_page(client, "sector=charity")
    charity = Case.objects.filter(sector__slug="charity")
    assert marker_links(html) == {case.get_absolute_url() for case in charity}
    assert len(marker_links(html)) == 6
    assert "6 of 6 cases on the map" in html
    # The result cards give way to the map.
    assert "case-results" not in html


def test_markers_follow_the_search_text(client, dataset):
    html = map_page(client, "q=kibble")
    assert marker_links(html) == {"/cases/kibble/"}


def test_the_map_survives_a_filter_form_submission_and_the_switch_keeps_the_filters(
    client, dataset
):
    html = map_page(client, "sector=charity&page=1")
    start = html.index('<form id="filter-form"')
    form = html[start : html.index("</form>", start)]
    assert '<input type="hidden" name="view" value="map">' in form
    assert 'href="?sector=charity" aria-current' not in html
    assert 'href="?sector=charity">List</a>' in html
    assert 'href="?view=map&amp;sector=charity" aria-current="page"><strong>Map</strong>' in html
    # The view is not a filter: the data links leave it out (the API rejects unknown parameters).
    assert "view=map&amp;format=csv" not in html and "?sector=charity&amp;format=csv" in html
    listed = client.get("/cases/?sector=charity").content.decode()
    assert 'href="?sector=charity&amp;view=map">Map</a>' in listed
    assert "uk-map__marker" not in listed


def test_cases_without_a_place_are_counted_and_named(client, dataset):
    charity, london = Sector.objects.get(slug="charity"), Region.objects.get(slug="london")
    for name in ("Unplaced One", "Unplaced Two"):
        make_case(name=name, sector=charity, region=london, latitude=None, longitude=None)
    html = map_page(client, "sector=charity")
    assert len(marker_links(html)) == 6
    assert "6 of 8 cases on the map" in html
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "2 cases have no place on the map: Unplaced One , Unplaced Two" in text


def test_an_invalid_filter_shows_the_problem_and_no_map(client, dataset):
    response = client.get("/cases/?view=map&typology=bogus")
    assert response.status_code == 400
    assert "uk-map__marker" not in response.content.decode()


@pytest.fixture
def many_cases(dataset):
    call_command("synthesize", cases=300, seed=1, stdout=StringIO())


def test_many_cases_are_counted_by_region_each_mark_opening_its_filtered_list(client, many_cases):
    query = "sector=charity"
    html = map_page(client, query)
    n_charity = Case.objects.filter(sector__slug="charity").count()
    assert n_charity > CASE_MARKER_LIMIT
    links = marker_links(html)
    assert links and all(link.startswith("/cases/?sector=charity&amp;region=") for link in links)
    by_region = re.findall(
        r'<th scope="row" class="govuk-table__header"><a class="govuk-link" href="([^"]+)">[^<]+'
        r'</a></th>\s*<td class="govuk-table__cell">[^<]+</td>\s*'
        r'<td class="govuk-table__cell govuk-table__cell--numeric">(\d+)</td>',
        html,
    )
    assert sum(int(n) for _, n in by_region) == n_charity
    for href, n in by_region:
        assert cases_listed(href.replace("&amp;", "&")) == int(n)
    assert f"{n_charity} cases by region" in html


def test_a_narrow_filter_on_many_cases_shows_each_case_again(client, many_cases):
    html = map_page(client, "q=kibble")
    assert "/cases/kibble/" in marker_links(html)


def synthesize(n: int) -> None:
    call_command("synthesize", cases=n, seed=1, stdout=StringIO())


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


# The revision (edge); the list's count (its page of cards is not drawn, so never fetched); the
# facets' labels and counts; the map's regions and its first cases (cases/case_map.py); with
# filters, the slugs checked in 1; the latest release, named by the view's citation.
MAP_VIEW_QUERIES = {"": 7, "sector=charity&region=london&q=council": 8}


@pytest.mark.parametrize("query", list(MAP_VIEW_QUERIES))
def test_query_count_is_the_same_at_10_and_500_cases(client, dataset, no_answer_cache, query):
    url = f"/cases/?view=map&{query}"
    synthesize(10)
    at_10 = count_queries(client, url)
    synthesize(500)
    at_500 = count_queries(client, url)
    # At 10 cases the filtered query matches none, so the view's citation (which reads the latest
    # release) is not drawn: one query fewer, never more.
    assert at_10 <= at_500 == MAP_VIEW_QUERIES[query]
    assert at_500 - at_10 <= 1


def test_a_new_case_with_coordinates_appears_under_its_filter(client, dataset):
    charity, london = Sector.objects.get(slug="charity"), Region.objects.get(slug="london")
    case = make_case(name="Leeds Test Partnership", sector=charity, region=london,
                     latitude=Decimal("53.8"), longitude=Decimal("-1.55"))  # fmt: skip
    assert case.get_absolute_url() in marker_links(map_page(client, "region=london"))
    assert case.get_absolute_url() not in marker_links(map_page(client, "region=north-west"))
