"""The dimension pages: typologies, accountability modes, sectors, regions and policy areas."""

import re

import pytest
from django.urls import reverse

from cases.models import Basis, CaseAccountability, CasePolicyArea, PolicyArea
from tests.factories import (
    classify,
    make_case,
    make_mode,
    make_region,
    make_sector,
    make_source,
    make_typology,
)

DIMENSIONS = ["typology", "accountability", "sector", "region", "policy-area"]


def page(client, url: str) -> str:
    """The page's HTML, its runs of white space collapsed (as a reader sees the text)."""
    response = client.get(url)
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def section(html: str, element_id: str) -> str:
    """The HTML of the <section> whose id or aria-labelledby is `element_id`."""
    match = re.search(rf'<section[^>]*"{element_id}"[^>]*>(.*?)</section>', html, re.DOTALL)
    assert match, f"no section {element_id}"
    return match.group(1)


def test_typology_list_shows_each_type_with_definition_count_and_links(client, dataset):
    html = page(client, reverse("dimensions:typology-list"))
    assert 'href="/typologies/collaborative-councils/"' in html
    assert "Councils carrying out wide-ranging programmes of change" in html
    # Three cases are collaborative councils; the count links to the filtered case list.
    item = re.search(r'id="value-collaborative-councils">(.*?)</li>', html, re.DOTALL).group(1)
    assert '<span class="dimension-item__figure">3</span> cases' in item
    assert 'href="/cases/?typology=collaborative-councils"' in item
    # Typology definitions are cited: a note number leads to the note naming the source.
    note = re.search(r'href="#note-(\d+)"', item).group(1)
    notes = html[html.index(f'id="note-{note}"') :]
    assert "Are we rallying together? Collaboration and public sector reform" in notes[:600]


TYPE_PAGES = [
    "/typologies/",
    "/typologies/collaborative-councils/",
    "/typologies/collaborative-markets/",
    "/typologies/agents-of-change/",
    "/typologies/system-connectors/",
]


def test_typology_pages_say_every_type_is_a_provisional_inference(client, dataset):
    for url in TYPE_PAGES:
        html = page(client, url)
        # Only the report's landing page was read: the silence is about that part, not the report.
        assert (
            "The 2019 report sorts its sites into its types, but the part of the report we could "
            "read (its landing page) does not say which type each place is."
        ) in html
        assert "types but does not say" not in html
        # System connectors has one case (West London Zone).
        every = (
            "The one type given to a case here"
            if "system-connectors" in url
            else "Every type given to a case here"
        )
        assert f"{every} is the editors’ reading of a study’s published definitions" in html
        assert "1 case is not classified" in html
        # Said where no reader misses it: an "Important" banner, before the types.
        banner = html.split('<div class="govuk-notification-banner" role="region"')[1]
        assert "Important</h2>" in banner.split("Each case’s type is provisional")[0]
        assert 'href="/cases/?typology=none"' in html


def test_typology_page_lists_its_cases_and_not_others(client, dataset):
    html = page(client, "/typologies/collaborative-councils/")
    for name in ["Wigan Council", "Oldham Council", "Wirral Council"]:
        assert name in html
    assert "Kibble" not in html
    assert "West London Zone" not in html
    button = re.search(
        r'<a class="govuk-button govuk-button--secondary[^"]*" href="([^"]+)">([^<]+)</a>', html
    )
    assert button.groups() == (
        "/cases/?typology=collaborative-councils",
        "See these 3 cases in the filterable list",
    )
    # The cards and the evidence both mark each placement as an editorial inference.
    assert html.count("editorial inference") >= 3
    assert "Why each case is placed here" in html


def test_accountability_outcomes_lists_its_cases_with_their_evidence(client, dataset):
    html = page(client, "/accountability/outcomes/")
    assert "West London Zone" in html
    assert "Wirral Council" in html
    assert "Wigan Council" not in html
    assert "Answering for the outcomes achieved for the people served." in html
    assert "Joint outcomes rather than organisational delivery." in html
    assert "every link here is an editorial inference" in html
    assert "8 of the 10 cases have no accountability mode recorded" in html


def test_accountability_notice_says_its_silence_is_about_what_we_could_read(client, dataset):
    # The briefing was read in full, the report only as far as its landing page.
    what_we_read = (
        "what we could read of the sources (the briefing in full, the report only its landing "
        "page) does not say"
    )
    for url in ["/accountability/", "/accountability/outcomes/"]:
        html = page(client, url)
        assert (
            f"The 2019 report describes these modes, but {what_we_read} which mode each case uses"
            in html
        )
        assert (
            f"no accountability mode recorded at all: {what_we_read}, which is not the same as none"
            in html
        )
        assert "the sources do not say" not in html.lower()
        assert "but do not say" not in html
    assert 'href="/cases/?accountability=outcomes"' in html


def test_regions_list_groups_regions_under_their_nation_with_itl_codes(client, dataset):
    html = page(client, reverse("dimensions:region-list"))
    scotland = section(html, "nation-scotland")
    england = section(html, "nation-england")
    assert 'href="/regions/scotland/"' in scotland
    assert 'href="/regions/scotland/"' not in england
    assert 'href="/regions/north-west/"' in england
    assert "<strong>TLM</strong>" in scotland
    assert "<strong>TLD</strong>" in england
    assert 'href="/cases/?nation=scotland"' in scotland
    assert html.index("nation-england") < html.index("nation-scotland")


def test_region_page_shows_its_nation_code_and_cases(client, dataset):
    html = page(client, "/regions/north-west/")
    assert "England" in html
    assert "TLD" in html
    for name in ["Wigan Council", "Oldham Council", "Wirral Council"]:
        assert name in html
    assert "Golden Key" not in html
    assert 'href="/cases/?region=north-west"' in html


def test_sector_and_policy_area_pages_list_their_cases(client, dataset):
    html = page(client, "/sectors/public-sector/")
    assert "Plymouth Public Health" in html
    assert "Kibble" not in html
    assert "See these 4 cases in the filterable list" in html
    html = page(client, "/policy-areas/complex-needs/")
    assert "Golden Key" in html
    assert "Plymouth Public Health" in html
    assert "West London Zone" not in html
    assert "The partners deliver services to people with complex needs." in html


@pytest.mark.parametrize("key", DIMENSIONS)
def test_dimension_lists_link_to_each_other(client, dataset, key):
    html = page(client, reverse(f"dimensions:{key}-list"))
    subnav = re.search(r'<nav class="subnav"[^>]*>(.*?)</nav>', html, re.DOTALL).group(1)
    for other in DIMENSIONS:
        assert f'href="{reverse(f"dimensions:{other}-list")}"' in subnav
    current = re.findall(r'href="([^"]+)" aria-current="page"', subnav)
    assert current == [reverse(f"dimensions:{key}-list")]


@pytest.mark.parametrize("key", DIMENSIONS)
def test_unknown_slug_is_not_found(client, dataset, key):
    response = client.get(reverse(f"dimensions:{key}-detail", args=["no-such-value"]))
    assert response.status_code == 404


def test_value_without_cases_says_so(client, db):
    make_typology(slug="empty-type", name="Empty type")
    html = page(client, "/typologies/empty-type/")
    assert "No case has this type of collaboration yet." in html
    assert "filterable list" not in html


def test_long_lists_of_cases_are_paged(client, db):
    sector = make_sector(slug="busy", name="Busy sector")
    region = make_region()
    for n in range(55):
        make_case(name=f"Case {n:03}", sector=sector, region=region)
    first = page(client, "/sectors/busy/")
    assert "Showing cases 1 to 50 of 55." in first
    assert "Case 000" in first and "Case 054" not in first
    second = page(client, "/sectors/busy/?page=2")
    assert "Case 054" in second and "Case 000" not in second


def populate(n_cases: int) -> dict:
    """n cases sharing one value of every dimension, each linked with a citation."""
    source = make_source()
    values = {
        "typology": make_typology(slug="shared-type"),
        "accountability": make_mode(slug="shared-mode"),
        "sector": make_sector(slug="shared-sector"),
        "region": make_region(slug="shared-region"),
        "policy-area": PolicyArea.objects.create(slug="shared-area", name="Shared area"),
    }
    cases = [
        classify(make_case(sector=values["sector"], region=values["region"]), values["typology"])
        for _ in range(n_cases)
    ]
    link = {"source": source, "basis": Basis.INFERRED, "basis_reason": "Read from the source."}
    CaseAccountability.objects.bulk_create(
        CaseAccountability(case=case, mode=values["accountability"], **link) for case in cases
    )
    CasePolicyArea.objects.bulk_create(
        CasePolicyArea(case=case, policy_area=values["policy-area"], **link) for case in cases
    )
    return values


# Queries per page, whatever the number of cases (see the view docstrings):
# lists: the values with their counts (+ all cases and unassigned cases for optional dimensions);
# details: the value, a count and a page of cases, their accountability modes and types (+ the
# page's cited links for linked dimensions, + the two case counts for optional dimensions).
BUDGETS = {
    ("typology", "list"): 3,
    ("typology", "detail"): 8,
    ("accountability", "list"): 3,
    ("accountability", "detail"): 8,
    ("sector", "list"): 1,
    ("sector", "detail"): 5,
    ("region", "list"): 1,
    ("region", "detail"): 5,
    ("policy-area", "list"): 3,
    ("policy-area", "detail"): 8,
}


@pytest.mark.parametrize("n_cases", [10, 200])
@pytest.mark.parametrize("target", list(BUDGETS), ids="-".join)
def test_query_count_is_constant(client, db, django_assert_max_num_queries, n_cases, target):
    key, view = target
    values = populate(n_cases)
    if view == "list":
        url = reverse(f"dimensions:{key}-list")
    else:
        url = reverse(f"dimensions:{key}-detail", args=[values[key].slug])
    with django_assert_max_num_queries(BUDGETS[target] + 1):  # + the revision (edge)
        response = client.get(url)
    assert response.status_code == 200
    expected = f"See these {n_cases} cases" if view == "detail" else f">{n_cases}</span> cases"
    assert expected in response.content.decode()
