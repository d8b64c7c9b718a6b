"""A case page's locator map: `{% load maps %}{% locator_map case %}` draws the UK with the case's
place marked, and says the same place in words."""

import re

import pytest
from django.template import Context, Template

from cases import uk_map
from cases.locator_map import where
from cases.models import Case
from tests.factories import make_case

TAG = Template("{% load maps %}{% locator_map case %}")


def render(case) -> str:
    return TAG.render(Context({"case": case}))


def caption(html: str) -> str:
    text = re.search(r"<figcaption[^>]*>(.*?)</figcaption>", html, re.DOTALL).group(1)
    return " ".join(re.sub(r"<[^>]+>", "", text).split())


@pytest.mark.parametrize(
    ("place", "region", "nation", "words"),
    [
        ("Wirral", "North West", "England", "Wirral, in the North West of England"),
        ("Coventry", "West Midlands", "England", "Coventry, in the West Midlands of England"),
        ("Harrow", "London", "England", "Harrow, in London, England"),
        ("Paisley (Scotland)", "Scotland", "Scotland", "Paisley (Scotland)"),
        ("Cardiff", "Wales", "Wales", "Cardiff, in Wales"),
        ("Cambridge", "East of England", "England", "Cambridge, in the East of England"),
        (
            "Leeds",
            "Yorkshire and The Humber",
            "England",
            "Leeds, in Yorkshire and The Humber, England",
        ),
    ],
)
def test_says_where_the_place_is_naming_each_area_once(place, region, nation, words):
    assert where(place, region, nation) == words


def test_marks_the_case_at_its_projected_place(dataset):
    case = Case.objects.select_related("region__nation").get(slug="wirral-council")
    html = render(case)
    x, y = uk_map.project(float(case.longitude), float(case.latitude))
    assert f'<circle cx="{x:.1f}" cy="{y:.1f}"' in html
    assert caption(html) == "Location: Wirral, in the North West of England"
    # The picture is for the eye; its caption is its text alternative, visible to everyone.
    svg = html[html.index("<svg") : html.index(">", html.index("<svg"))]
    assert 'aria-hidden="true"' in svg and 'width="200"' in svg
    assert f'viewBox="{uk_map.VIEWBOX}"' in svg
    assert "style=" not in html


def test_a_case_without_coordinates_gets_the_outline_and_says_why_there_is_no_marker(db):
    case = make_case(latitude=None, longitude=None)
    html = render(case)
    assert "<circle" not in html
    assert "no position recorded, so no marker" in caption(html)


def test_costs_no_query_for_a_case_loaded_with_its_region(dataset, django_assert_num_queries):
    case = Case.objects.select_related("region__nation").get(slug="kibble")
    with django_assert_num_queries(0):
        html = render(case)
    assert caption(html) == "Location: Paisley (Scotland)"
