"""The overview page (/): what a reader sees there is computed from the database, and stays cheap."""

import re
from decimal import Decimal
from html.parser import HTMLParser
from math import hypot

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import uk_map
from cases.case_map import CASE_MARKER_LIMIT as MAP_CASE_LIMIT
from cases.models import (
    AccountabilityMode,
    Case,
    CaseAccountability,
    Region,
    Sector,
    Typology,
)
from findings.models import Finding, Quotation
from tests.chart_html import cases_listed, chart_bars, chart_table
from tests.factories import classify, make_case, make_mode, make_typology

# Typologies and modes (for their definitions); the facets' values and counts (for the charts);
# case aggregate, source aggregate, mode links, finding count, quotation count; the map's regions'
# counts and its cases (at most MAP_CASE_LIMIT + 1 rows).
OVERVIEW_QUERIES = 11


class PageTables(HTMLParser):
    """Each table of a page by id: its rows, each a list of (visible text, link or None)."""

    def __init__(self, html: str):
        super().__init__()
        self.tables: dict[str, list[list[tuple[str, str | None]]]] = {}
        self._table = None
        self._cell = None
        self._hidden = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._table = self.tables.setdefault(attrs.get("id", ""), [])
        elif self._table is not None and tag == "tr":
            self._table.append([])
        elif self._table is not None and tag in ("th", "td"):
            self._cell = ["", None]
            self._table[-1].append(self._cell)
        elif self._cell is not None and tag == "a":
            self._cell[1] = attrs.get("href")
        elif self._hidden or (tag == "span" and "visually-hidden" in attrs.get("class", "")):
            self._hidden += tag == "span"

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = None
        elif tag in ("th", "td"):
            if self._cell is not None:
                self._cell[0] = " ".join(self._cell[0].split())
            self._cell = None
        elif tag == "span" and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if self._cell is not None and not self._hidden:
            self._cell[0] += data

    def grid(self, table_id: str) -> dict[str, dict[str, tuple[str, str | None]]]:
        """A grid as {row label: {column label: (text, link)}}."""
        header, *rows = self.tables[table_id]
        columns = [text for text, _ in header]
        return {
            row[0][0]: {column: tuple(cell) for column, cell in zip(columns, row, strict=True)}
            for row in rows
        }


def get_overview(client):
    response = client.get(reverse("pages:home"))
    assert response.status_code == 200
    return response.content.decode()


def count_in(html: str, label: str) -> str:
    match = re.search(rf'<span class="stats__number">(\d+)</span> {label}', html)
    assert match, f"no headline count of {label}"
    return match.group(1)


def test_shows_the_headline_counts_of_the_real_dataset(client, dataset):
    html = get_overview(client)
    assert count_in(html, "cases") == "10"
    assert count_in(html, "places") == "10"
    assert "in 5 regions of 2 nations" in html
    assert count_in(html, "sources") == "28"
    assert "2 from the study, 2 related, 24 outside for context" in html
    assert count_in(html, "findings") == "20"
    assert count_in(html, "quotations") == "2"
    assert "4 public sector, 6 charity" in html


def test_headline_counts_follow_the_database(client, dataset):
    make_case(region=Region.objects.get(slug="london"), sector=Sector.objects.get(slug="charity"))
    Quotation.objects.filter(slug=Quotation.objects.first().slug).delete()
    html = get_overview(client)
    assert count_in(html, "cases") == str(Case.objects.count()) == "11"
    assert count_in(html, "places") == "11"
    assert count_in(html, "findings") == str(Finding.objects.count())
    assert count_in(html, "quotation") == "1"


def test_says_what_the_study_is_and_who_the_site_is_for(client, dataset):
    html = get_overview(client)
    for text in (
        "Government Outcomes Lab",
        "Are we Rallying Together?",
        "four councils and six charities",
        "November 2018",
        "March 2019",
        "Researchers",
        "Commissioners",
        "Scripts and data users",
        "Editors",
    ):
        assert text in html
    for name in ("cases:list", "findings:list", "search:results", "admin:index", "api:docs"):
        assert f'href="{reverse(name)}"' in html


CHARTS = ["typology", "sector", "region", "accountability", "status"]


def test_charts_count_the_real_cases_and_link_each_bar_to_the_filtered_list(client, dataset):
    html = get_overview(client)
    typology = chart_bars(html, "typology")
    assert typology["Collaborative councils"].count == 3
    assert typology["Collaborative councils"].href == "/cases/?typology=collaborative-councils"
    assert typology["Not classified"].count == 1
    assert typology["Not classified"].href == "/cases/?typology=none"
    sector = chart_bars(html, "sector")
    assert (sector["Public sector"].count, sector["Charity"].count) == (4, 6)
    assert sector["Charity"].href == "/cases/?sector=charity"
    assert chart_bars(html, "region")["North West"].count == 3
    accountability = chart_bars(html, "accountability")
    assert accountability["Outcomes"].count == 2
    assert accountability["Outcomes"].href == "/cases/?accountability=outcomes"
    assert accountability["System health"].count == 0
    assert accountability["System health"].href is None  # nothing to list: no link
    status = chart_bars(html, "status")
    assert {label: b.count for label, b in status.items()} == {
        "Active": 3,
        "Succeeded by another programme": 2,
        "Ended": 3,
        "Not known": 2,
    }


@pytest.mark.parametrize("slug", CHARTS)
def test_every_bar_lists_as_many_cases_as_it_says(client, dataset, slug):
    """The bars and the case list's shared filter agree, so a click shows the promised cases."""
    for item in chart_bars(get_overview(client), slug).values():
        if item.href:
            assert cases_listed(item.href) == item.count, item.href


@pytest.mark.parametrize("slug", CHARTS)
def test_every_chart_has_a_table_with_the_same_numbers(client, dataset, slug):
    html = get_overview(client)
    bars = chart_bars(html, slug)
    assert chart_table(html, slug) == {label: (b.count, b.href) for label, b in bars.items()}


def test_the_grids_of_mostly_zeros_are_gone(client, dataset):
    html = get_overview(client)
    assert "case-grid" not in html and "grid-sector" not in html
    assert "provisional" in html and "editorial inference" in html
    assert "A case can have more than one mode" in html
    assert "8 of the 10 cases have no mode recorded" in html
    assert "the 3 links counted here are editorial inferences" in html


def test_explains_each_type_with_its_citation(client, dataset):
    html = get_overview(client)
    for typology in Typology.objects.all():
        assert typology.definition in html
    for mode in AccountabilityMode.objects.all():
        assert mode.definition in html
    # Each of the 4 types and 5 modes carries a note number leading to its source.
    details = html[html.index("What the 4 types mean") : html.index('id="regions-heading"')]
    assert details.count('href="#note-') >= 9
    assert "Are we rallying together? Collaboration and public sector reform" in html


def markers(html: str) -> list[dict]:
    pattern = re.compile(
        r'<a class="uk-map__marker" href="(?P<href>[^"]+)" aria-label="(?P<label>[^"]+)">\s*'
        r"<title>[^<]+</title>\s*"
        r'<circle class="uk-map__dot" cx="(?P<cx>[\d.]+)" cy="(?P<cy>[\d.]+)" r="(?P<r>[\d.]+)"'
    )
    return [match.groupdict() for match in pattern.finditer(html)]


def test_map_has_a_focusable_linked_marker_for_each_of_the_ten_places(client, dataset):
    html = get_overview(client)
    found = markers(html)
    assert len(found) == 10
    assert {m["href"] for m in found} == {c.get_absolute_url() for c in Case.objects.all()}
    labels = {m["href"]: m["label"] for m in found}
    # A place names its region and nation after it, once each, and only those it doesn't name.
    assert labels["/cases/kibble/"].endswith(". Kibble, Paisley (Scotland)")
    assert labels["/cases/wigan-council/"].endswith(". Wigan Council, Wigan (North West, England)")
    assert labels["/cases/young-harrow-foundation/"].endswith(
        ". Young Harrow Foundation, Harrow (North-West London) (England)"
    )
    assert not any("Scotland, Scotland" in label for label in labels.values())
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert f'viewBox="{uk_map.VIEWBOX}"' in svg
    assert 'role="group"' in svg and "<title id=" in svg and "<desc id=" in svg


def test_markers_are_big_enough_and_do_not_overlap(client, dataset):
    found = markers(get_overview(client))
    width, height = uk_map.VIEW_WIDTH, uk_map.VIEW_HEIGHT
    # 288 CSS px: the narrowest the map is drawn (a 320 px screen less the page's margins).
    assert 2 * uk_map.MARKER_RADIUS * 288 / width >= 24
    points = [(float(m["cx"]), float(m["cy"])) for m in found]
    for i, (x, y) in enumerate(points):
        assert uk_map.MARKER_RADIUS <= x <= width - uk_map.MARKER_RADIUS
        assert uk_map.MARKER_RADIUS <= y <= height - uk_map.MARKER_RADIUS
        for other in points[i + 1 :]:
            assert hypot(x - other[0], y - other[1]) >= 2 * uk_map.MARKER_RADIUS


def test_map_has_a_table_alternative(client, dataset):
    rows = PageTables(get_overview(client)).tables["places"]
    header, *body = rows
    assert [text for text, _ in header] == [
        "No.",
        "Case",
        "Place, as the source words it",
        "Region",
        "Nation",
    ]
    assert len(body) == 10
    by_case = {row[1][0]: [text for text, _ in row] for row in body}
    assert by_case["Young Harrow Foundation"][2:] == [
        "Harrow (North-West London)",
        "London",
        "England",
    ]
    assert by_case["Kibble"][2:] == ["Paisley (Scotland)", "Scotland", "Scotland"]
    assert sorted(int(row[0]) for row in by_case.values()) == list(range(1, 11))


def test_a_new_case_appears_on_the_map_and_one_without_coordinates_only_in_the_table(
    client, dataset
):
    london, charity = Region.objects.get(slug="london"), Sector.objects.get(slug="charity")
    make_case(name="Leeds Test Partnership", region=london, sector=charity,
              latitude=Decimal("53.8"), longitude=Decimal("-1.55"))  # fmt: skip
    make_case(name="Unplaced Partnership", region=london, sector=charity,
              latitude=None, longitude=None)  # fmt: skip
    html = get_overview(client)
    assert len(markers(html)) == 11
    assert "Leeds Test Partnership, Place" in html
    places = PageTables(html).tables["places"]
    assert len(places) == 1 + 12
    unplaced = next(row for row in places if row[1][0] == "Unplaced Partnership")
    assert unplaced[0][0] == "–"
    assert "1 case has no place on the map" in html


def test_projection_puts_every_real_place_on_the_committed_outline(dataset):
    outline = uk_map.outline()
    assert outline.viewbox == uk_map.VIEWBOX  # the outline was drawn with this projection
    assert uk_map.OUTLINE_FILE.stat().st_size < 100_000
    rings = [
        [tuple(map(float, point.split(","))) for point in ring.split("L")]
        for ring in re.findall(r"M([^Z]*)Z", outline.land)
    ]

    def on_land(x, y):
        inside = False
        for ring in rings:
            for (x1, y1), (x2, y2) in zip(ring, ring[-1:] + ring[:-1], strict=True):
                if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
                    inside = not inside
        return inside

    for case in Case.objects.all():
        assert on_land(*uk_map.project(float(case.longitude), float(case.latitude))), case.slug
    assert not on_land(*uk_map.project(-6.26, 53.35))  # Dublin: drawn for context, not the UK
    assert not on_land(*uk_map.project(1.0, 55.0))  # the North Sea


def test_loads_nothing_from_another_host(client, dataset):
    html = get_overview(client)
    assert not re.search(
        r'<(?:link|script|img|iframe|source)[^>]+(?:src|href)="(?:https?:)?//', html
    )
    assert "css/overview.css" in html


def add_cases(total: int) -> None:
    """Top the real dataset up to `total` cases, classified, linked and spread over the UK."""
    sectors = list(Sector.objects.all())
    regions = list(Region.objects.all())
    typologies = [*Typology.objects.all(), None]
    modes = list(AccountabilityMode.objects.all())
    for n in range(total - Case.objects.count()):
        typology = typologies[n % len(typologies)]
        case = make_case(
            sector=sectors[n % len(sectors)],
            region=regions[n % len(regions)],
            latitude=Decimal("50.5") + Decimal(n % 40) / 10,
            longitude=Decimal("-4.5") + Decimal(n % 30) / 10,
        )
        if typology:
            classify(case, typology, reason="Test reading.")
        CaseAccountability.objects.create(
            case=case, mode=modes[n % len(modes)], source=modes[0].source
        )
    assert Case.objects.count() == total


@pytest.mark.parametrize("n_cases", [10, 200])
def test_runs_a_constant_number_of_queries(client, dataset, n_cases, django_assert_max_num_queries):
    add_cases(n_cases)
    with django_assert_max_num_queries(OVERVIEW_QUERIES + 1):  # + the revision (edge)
        html = get_overview(client)
    # Up to MAP_CASE_LIMIT cases each has a marker; above it each region with cases has one.
    if n_cases <= MAP_CASE_LIMIT:
        assert len(markers(html)) == n_cases
    else:
        regions = Region.objects.filter(cases__isnull=False).distinct().count()
        assert len(markers(html)) == regions


def test_query_count_does_not_grow_with_the_cases(client, dataset):
    with CaptureQueriesContext(connection) as ten:
        get_overview(client)
    add_cases(200)
    with CaptureQueriesContext(connection) as two_hundred:
        get_overview(client)
    assert len(ten) == len(two_hundred) == OVERVIEW_QUERIES + 1  # + the revision (edge)


def test_works_on_an_empty_database(client, db):
    html = get_overview(client)
    assert count_in(html, "cases") == "0"
    assert markers(html) == []
    assert "No cases to show." in html


def test_counts_read_as_english_with_one_of_each(client, db):
    mode = make_mode()
    make_typology(source=mode.source)
    make_case()
    text = " ".join(re.sub(r"<[^>]+>", " ", get_overview(client)).split())
    for phrase in (
        "1 case",
        "Browse the case",
        "The report sorts collaborations into 1 type and",
        "What the type means",
        "The report names 1 way collaborations answer",
        "What the accountability mode means",
        "1 of 1 case has a place on the map",
    ):
        assert phrase in text, phrase
    for wrong in ("Browse all 1", "1 types", "1 ways", "the 1 accountability modes"):
        assert wrong not in text, wrong


def test_above_the_limit_the_map_and_its_table_show_regions_with_counts(client, dataset):
    """At 150 synthetic cases the page shows one mark per region, not 150 points, and stays small."""
    from io import StringIO

    from django.core.management import call_command

    small = len(get_overview(client))
    call_command("synthesize", cases=150, seed=1, stdout=StringIO())
    html = get_overview(client)
    found = markers(html)
    per_region = {
        region.slug: region.n
        for region in Region.objects.annotate(n=Count("cases")).filter(n__gt=0)
    }
    assert len(found) == len(per_region) < 20
    assert {m["href"] for m in found} == {f"/cases/?region={slug}" for slug in per_region}
    london = next(m for m in found if m["href"] == "/cases/?region=london")
    assert f"London (England): {per_region['london']} cases on the map" == london["label"]
    # Scotland is a nation and its own region: named once.
    scotland = next(m for m in found if m["href"] == "/cases/?region=scotland")
    n_scotland = per_region["scotland"]
    assert (
        scotland["label"]
        == f"Scotland: {n_scotland} case{'s' if n_scotland > 1 else ''} on the map"
    )
    rows = PageTables(html).tables["places"]
    header, *body = rows
    assert [text for text, _ in header] == ["Region", "Nation", "Cases", "Without coordinates"]
    assert {row[0][0]: int(row[2][0]) for row in body} == {
        Region.objects.get(slug=slug).name: n for slug, n in per_region.items()
    }
    assert sum(int(row[2][0]) for row in body) == Case.objects.count() == 160
    assert len(html) < small + 20_000  # no row or marker per case
    # Every mark is a big enough target, inside the picture.
    for mark in found:
        assert float(mark["r"]) >= uk_map.MARKER_RADIUS
