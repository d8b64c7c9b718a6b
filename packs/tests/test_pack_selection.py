"""Which cases a pack holds: the list's filters, `case=`, the limit, no case, drafts, bad input."""

import re

import pytest
from django.urls import reverse

from cases.models import Publication
from packs.selection import MAX_CASES
from packs.tests.builders import cited_case
from packs.tests.reading import text
from tests.factories import make_case, make_finding, make_region, make_sector, make_study


def pack_page(client, query: str = ""):
    return client.get(f"{reverse('packs:html')}?{query}")


def case_names(html: str) -> list[str]:
    """The names of the cases the pack holds, from its case headings, in order."""
    return [text(name) for name in re.findall(r'<h3 id="case-[^"]+-name">(.*?)</h3>', html)]


def test_the_pack_holds_the_lists_selection_and_says_it_in_words(
    client, study, charity, north_west
):
    for name in ("Bolton Together", "Anfield Alliance", "Crewe Works"):
        cited_case(study, name=name, sector=charity, region=north_west)
    cited_case(study, name="Bristol Hub", sector=charity)
    cited_case(study, name="Council Only", region=north_west)

    response = pack_page(client, "region=north-west&sector=charity")

    assert response.status_code == 200
    html = response.content.decode()
    assert case_names(html) == ["Anfield Alliance", "Bolton Together", "Crewe Works"]
    assert "Cases whose sector is Charity and whose region is North West; 3 cases." in text(html)
    assert "Listed by name." in text(html)


def test_the_criteria_name_values_as_the_filter_panel_does(client, study, charity):
    cited_case(study, name="Zanzibar Partnership", sector=charity, permanence="permanent")
    query = (
        f"finding={study.finding.slug}&permanence=permanent&basis=inferred&q=zanzibar&sort=started"
    )

    html = pack_page(client, query).content.decode()

    assert (
        "Cases whose type is an editorial inference, whose permanence is permanent, that "
        "illustrate the finding “Shared outcomes bind partners” and matching the search “zanzibar”; "
        "1 case."
    ) in text(html)
    assert "Listed by year started." in text(html)


def test_case_names_cases_one_by_one_and_combines_with_the_filters(client, study, charity):
    kept = cited_case(study, name="Kept Charity", sector=charity)
    other = cited_case(study, name="Not A Charity")
    third = cited_case(study, name="Third Charity", sector=charity)
    chosen = f"case={kept.slug}&case={other.slug}"

    alone = pack_page(client, chosen).content.decode()
    combined = pack_page(client, f"{chosen}&sector=charity").content.decode()

    assert case_names(alone) == ["Kept Charity", "Not A Charity"]
    assert "Cases chosen by name (Kept Charity and Not A Charity); 2 cases." in text(alone)
    assert case_names(combined) == ["Kept Charity"]
    assert third.name not in combined


def test_more_than_four_chosen_cases_are_counted_not_named(client, study):
    cases = [cited_case(study, name=f"Chosen {n}") for n in range(5)]

    html = pack_page(client, "&".join(f"case={case.slug}" for case in cases)).content.decode()

    assert "Cases chosen by name (5 of them); 5 cases." in text(html)


@pytest.mark.parametrize(
    "query",
    [
        "sector=bogus",
        "typology=nope&region=nowhere",
        "permanence=forever",
        "status=lost&basis=guessed",
        "finding=not-a-finding",
        "sort=colour",
        "q=" + "x" * 201,
        "study=%00",
    ],
)
def test_a_bad_parameter_gets_the_lists_own_400_and_message(client, dataset, query):
    listed = client.get(f"{reverse('cases:list')}?{query}")
    packed = pack_page(client, query)
    as_pdf = client.get(f"{reverse('packs:pdf')}?{query}")

    assert listed.status_code == packed.status_code == as_pdf.status_code == 400
    assert packed.context["errors"] == listed.context["errors"] != []
    for error in listed.context["errors"]:
        assert f"{error['param']}: {error['message']}" in text(packed.content.decode())
    assert as_pdf["Content-Type"].startswith("text/html")


def test_an_unknown_case_is_a_400_naming_it(client, study):
    cited_case(study, slug="real-one")

    response = pack_page(client, "case=real-one&case=made-up")

    assert response.status_code == 400
    assert "case: Unknown case “made-up”." in text(response.content.decode())


def test_a_selection_past_the_limit_is_refused_saying_why_and_what_to_do(client, db):
    sector, region = make_sector(slug="charity"), make_region()
    for _ in range(MAX_CASES + 1):
        make_case(sector=sector, region=region)

    response = pack_page(client, "sector=charity&page=2")
    as_pdf = client.get(f"{reverse('packs:pdf')}?sector=charity")

    assert response.status_code == as_pdf.status_code == 422
    words = text(response.content.decode())
    assert "It has 51 cases; a pack holds at most 50." in words
    assert "A pack is for reading in a meeting" in words
    assert 'href="/cases/?sector=charity"' in response.content.decode()
    assert 'href="/api/cases/?sector=charity&amp;format=csv"' in response.content.decode()
    assert as_pdf["Content-Type"].startswith("text/html")


def test_a_selection_at_the_limit_is_packed(client, db):
    sector, region = make_sector(slug="charity"), make_region()
    for _ in range(MAX_CASES):
        make_case(sector=sector, region=region)

    response = pack_page(client, "sector=charity")

    assert response.status_code == 200
    assert len(case_names(response.content.decode())) == MAX_CASES


def test_no_case_gives_a_page_that_says_so_not_an_empty_pdf(client, study, charity):
    cited_case(study, sector=charity)
    cited_case(study, slug="elsewhere")

    page = pack_page(client, "sector=charity&q=nothing-matches-this")
    as_pdf = client.get(f"{reverse('packs:pdf')}?sector=charity&q=nothing-matches-this")

    assert page.status_code == 200
    assert as_pdf.status_code == 404
    assert as_pdf["Content-Type"].startswith("text/html")
    assert "No cases to put in an evidence pack" in text(page.content.decode())
    assert "no case matches, so there is no pack to make" in text(as_pdf.content.decode())


def test_drafts_are_never_in_a_pack(client, study, charity):
    published = cited_case(study, name="Published Charity", sector=charity)
    draft = cited_case(study, name="Draft Charity", sector=charity, publication=Publication.DRAFT)
    draft_study = make_study(title="A draft study", publication=Publication.DRAFT)
    hidden = make_finding(title="A draft study's finding", study=draft_study)
    hidden.evidence_links.create(case=published, source=study.source, locator="p. 1")

    listed = pack_page(client, "sector=charity").content.decode()
    named = pack_page(client, f"case={draft.slug}")

    assert case_names(listed) == ["Published Charity"]
    assert "Draft Charity" not in listed
    assert "A draft study" not in listed
    assert named.status_code == 400
    assert "Draft Charity" not in named.content.decode()
