"""The quotations pages: /quotations/ with its filters, and each quotation's own page."""

import re
from html import unescape
from urllib.parse import unquote_plus

import pytest
from django.utils.html import escape
from rest_framework.test import APIClient

from cases.models import Basis, Publication
from findings import quotation_facets
from tests.factories import make_case, make_finding, make_quotation, make_study

pytestmark = pytest.mark.django_db


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def shown(html: str) -> list[str]:
    """The slugs of the quotations the page lists, in order."""
    return re.findall(r'<li class="evidence" id="quotation-([\w-]+)">', html)


def result_count(html: str) -> str:
    return re.search(r'id="result-count">([^<]+)<', html).group(1)


def options(html: str, param: str) -> dict[str, str]:
    """A filter's options: label → count, each marked "[x]" when ticked."""
    found = {}
    for attrs, label, count in re.findall(
        rf'<input class="govuk-checkboxes__input" type="checkbox" id="f-{param}-\d+" '
        rf'name="{param}" value="[^"]*"([^>]*)>\s*<label[^>]*>([^<]+) '
        r'<span class="facet__count">\((\d+)<',
        html,
    ):
        found[unescape(label)] = count + (" [x]" if "checked" in attrs else "")
    return found


# --- The list --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected", "count"),
    [
        ("", ["leeds-dph", "leeds-ceo", "wigan-ceo", "wigan-vol"], "4 quotations"),
        ("case=leeds", ["leeds-dph", "leeds-ceo"], "2 quotations match your filters"),
        ("finding=money", ["leeds-ceo"], "1 quotation matches your filters"),
        ("study=study-b", ["wigan-ceo"], "1 quotation matches your filters"),
        (
            "speaker_role=chief+executive",
            ["leeds-ceo", "wigan-ceo"],
            "2 quotations match your filters",
        ),
        (
            "case=wigan&speaker_role=Chief+Executive&study=study-b",
            ["wigan-ceo"],
            "1 quotation matches your filters",
        ),
    ],
)
def test_the_list_shows_the_quotations_each_filter_gives(client, quotes, query, expected, count):
    html = page(client, f"/quotations/?{query}")

    assert shown(html) == expected
    assert result_count(html) == count
    assert "Draft Case" not in html and "Hidden Draft Role" not in html


def test_the_page_and_the_api_list_the_same_quotations_for_the_same_query(client, quotes):
    api = APIClient()
    for query in ("", "case=leeds", "study=study-a&speaker_role=CHIEF+EXECUTIVE", "finding=later"):
        rows = api.get(f"/api/quotations/?{query}").json()["results"]
        assert shown(page(client, f"/quotations/?{query}")) == [row["slug"] for row in rows]


def test_each_quotation_gives_its_words_speaker_case_findings_and_source(client, quotes):
    html = page(client, "/quotations/?case=leeds")
    item = re.search(r'id="quotation-leeds-ceo">(.*?)</li>', html, re.DOTALL).group(1)

    assert '<a class="govuk-link" href="/quotations/leeds-ceo/">Chief Executive, Leeds</a>' in item
    assert re.search(r"<blockquote[^>]*>.*Words of leeds-ceo\..*</blockquote>", item, re.DOTALL)
    assert 'href="/cases/leeds/">Leeds</a>' in item
    assert 'href="/findings/trust/">Trust comes first</a>' in item
    assert 'href="/findings/money/">Money follows</a>' in item
    source = quotes["leeds-ceo"].source
    assert f'href="/sources/#source-{source.key}">{source.title}</a>' in item
    assert "Stated by the source." in item


def test_an_inferred_quotation_is_marked_with_its_reason_in_the_list(client):
    make_quotation(
        locator="p. 12", basis=Basis.INFERRED, basis_reason="The report names no speaker."
    )

    html = page(client, "/quotations/")

    assert ", p. 12." in html
    assert "editorial inference" in html and "The report names no speaker." in html


def test_each_option_counts_what_it_would_give_under_the_other_filters(client, quotes):
    html = page(client, "/quotations/?case=leeds")

    # Its own filter aside: Wigan still offers its two quotations.
    assert options(html, "case") == {"Leeds": "2 [x]", "Wigan": "2"}
    assert options(html, "speaker_role") == {
        "Chief Executive": "1",
        "Director of Public Health": "1",
    }
    assert options(html, "finding") == {"Money follows": "1", "Trust comes first": "2"}
    assert options(html, "study") == {"Study A": "2"}


def test_a_role_spelt_two_ways_is_one_option(client, quotes):
    html = page(client, "/quotations/?speaker_role=chief+executive")

    assert options(html, "speaker_role") == {
        "Chief Executive": "2 [x]",
        "Director of Public Health": "1",
        "Volunteer": "1",
    }
    # A quotation illustrating two findings of one study counts once for it.
    assert options(html, "study") == {"Study A": "1", "Study B": "1"}


def test_a_long_filter_offers_its_most_quoted_values_and_the_chosen_ones(
    client, quotes, monkeypatch
):
    monkeypatch.setattr(quotation_facets, "FACET_LIMIT", 1)

    html = page(client, "/quotations/?speaker_role=Volunteer")

    assert options(html, "speaker_role") == {"Chief Executive": "2", "Volunteer": "1 [x]"}
    assert "1 more with fewer quotations" in html


def test_each_chosen_value_is_a_tag_that_removes_it(client, quotes):
    html = page(client, "/quotations/?case=leeds&speaker_role=chief+executive&finding=trust")

    tags = dict(
        (unescape(label), unquote_plus(unescape(query)))
        for query, label in re.findall(
            r'<a class="filter-tag" href="\?([^"]*)"><span class="govuk-visually-hidden">Remove '
            r"filter </span>([^<]+) <span",
            html,
        )
    )
    assert tags == {
        "Case: Leeds": "speaker_role=chief executive&finding=trust",
        "Finding: Trust comes first": "case=leeds&speaker_role=chief executive",
        "Speaker’s role: Chief Executive": "case=leeds&finding=trust",
    }
    assert (
        'href="/api/quotations/?case=leeds&amp;speaker_role=chief+executive&amp;finding=trust"'
        in html
    )


def test_no_match_shows_an_empty_state_with_a_way_back(client, quotes):
    html = page(client, "/quotations/?case=leeds&finding=later")

    assert shown(html) == []
    assert result_count(html) == "0 quotations match your filters"
    assert "No quotations match these filters." in html
    assert '<a class="govuk-link" href="/quotations/">Clear filters</a>' in html


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("case=draft-case", "case"),
        ("speaker_role=Executive", "speaker_role"),
        ("study=nope", "study"),
    ],
)
def test_a_bad_value_is_a_400_page_with_the_apis_message(client, quotes, query, parameter):
    message = APIClient().get(f"/quotations/?{query}".replace("/quotations/", "/api/quotations/"))
    message = message.json()["errors"][parameter][0]

    html = page(client, f"/quotations/?{query}", status=400)

    assert "<title>Error: Quotations – Rallying</title>" in html
    assert f'<a href="#filter-form">{parameter}: {escape(message)}</a>' in html
    assert shown(html) == []
    # The options for every quotation, so the reader can choose again.
    assert options(html, "case") == {"Leeds": "2", "Wigan": "2"}


def test_a_page_past_the_last_is_a_400_showing_the_first(client, quotes):
    html = page(client, "/quotations/?page=7", status=400)

    assert "There is no page “7” of these results. Showing the first page." in html
    assert len(shown(html)) == 4


def test_the_list_comes_in_pages_of_fifty(client):
    case = make_case(name="Many")
    for number in range(51):
        make_quotation(case=case, order=number, slug=f"many-{number:02}")

    first, second = page(client, "/quotations/"), page(client, "/quotations/?page=2")

    assert result_count(first) == "51 quotations"
    assert len(shown(first)) == 50 and shown(second) == ["many-50"]
    assert 'aria-label="Pages of quotations"' in first
    assert "Showing quotations 51 to 51 of 51." in second


@pytest.mark.parametrize("n_more", [0, 8])
def test_the_list_costs_the_same_with_more_quotations(
    client, quotes, n_more, django_assert_num_queries
):
    for number in range(n_more):
        case = make_case()
        quotation = make_quotation(case=case, speaker_role=f"Role {number}")
        quotation.findings.add(*quotes["leeds-ceo"].findings.all())
    query = "case=leeds&finding=trust&study=study-a&speaker_role=Chief+Executive"

    # revision; case, finding, study and role checked (1 each); count, page, the page's
    # findings; the four filters' counts
    with django_assert_num_queries(12):
        response = client.get(f"/quotations/?{query}")
    assert response.status_code == 200
    # unfiltered: revision, count, page, findings, the four filters' counts
    with django_assert_num_queries(8):
        assert client.get("/quotations/").status_code == 200


def test_the_navigation_finding_and_case_pages_lead_to_the_list(client, quotes):
    html = page(client, "/quotations/")
    assert re.search(r'href="/quotations/" aria-current="page">.*?Quotations', html)

    finding = page(client, "/findings/trust/")
    assert (
        '<a class="govuk-link" href="/quotations/?finding=trust">All 2 quotations for this finding'
        in finding
    )
    case = page(client, "/cases/wigan/")
    assert 'href="/quotations/?case=wigan">Quotations from this case' in case


# --- A quotation's page ------------------------------------------------------------------------


def test_a_quotation_page_gives_the_words_speaker_case_findings_and_source(client, dataset):
    html = page(client, "/quotations/wirral-eight-sectors/")

    assert "<title>Quotation: Director of Public Health, Wirral Council – Rallying</title>" in html
    quote = re.search(r"<blockquote[^>]*>(.*?)</blockquote>", html, re.DOTALL).group(1)
    assert "eight sectors of expertise" in quote
    assert "Director of Public Health" in html
    assert 'href="/cases/wirral-council/"' in html
    assert 'href="/findings/beyond-co-production/"' in html
    assert 'href="/sources/#source-briefing-2018"' in html
    assert escape('box "How it sounds – Wirral Council", section "Beyond co-production"') in html
    assert "Stated by the source" in html
    assert 'href="/quotations/?case=wirral-council">Quotations from Wirral Council</a>' in html
    assert 'href="/quotations/?finding=beyond-co-production">' in html
    assert re.search(r'href="/quotations/" aria-current="page">.*?Quotations', html)


def test_an_inferred_quotation_says_so_with_the_editors_reason(client):
    quotation = make_quotation(
        basis=Basis.INFERRED, basis_reason="The box names the council, not the speaker's case."
    )

    html = page(client, quotation.get_absolute_url())

    assert "editorial inference" in html
    assert "The box names the council, not the speaker&#x27;s case." in html
    assert 'id="inferred-legend"' in html


def test_a_quotation_page_leaves_out_the_findings_of_a_draft_study(client):
    quotation = make_quotation()
    shown = make_finding(title="A published finding")
    hidden = make_finding(
        title="A draft study's finding", study=make_study(publication=Publication.DRAFT)
    )
    quotation.findings.add(shown, hidden)

    html = page(client, quotation.get_absolute_url())

    assert "A published finding" in html
    assert "A draft study" not in html


def test_a_draft_cases_quotation_and_an_unknown_one_are_not_found(client):
    draft = make_quotation(case=make_case(publication=Publication.DRAFT))

    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get("/quotations/no-such-quotation/").status_code == 404


@pytest.mark.parametrize("n_findings", [1, 5])
def test_a_quotation_page_costs_the_same_with_more_findings(
    client, n_findings, django_assert_num_queries
):
    quotation = make_quotation()
    quotation.findings.add(*(make_finding() for _ in range(n_findings)))

    # revision, the quotation (case and source joined), its findings (study joined)
    with django_assert_num_queries(3):
        response = client.get(quotation.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('href="/findings/finding-') == n_findings
