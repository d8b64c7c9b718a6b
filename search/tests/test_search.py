"""Site search across cases, findings and quotations, with highlighted matches."""

import re

import pytest
from django.urls import reverse

from findings.models import FindingKind
from search.queries import RESULTS_PER_TYPE, highlight, match_pattern, site_search
from tests.factories import make_case, make_finding, make_quotation, make_region, make_sector

URL = reverse("search:results")


def search(client, q: str, status: int = 200):
    response = client.get(URL, {"q": q})
    assert response.status_code == status
    return response


def group(html: str, key: str) -> str:
    match = re.search(rf'<section[^>]*id="results-{key}"[^>]*>(.*?)</section>', html, re.DOTALL)
    assert match, f"no result group {key}"
    return match.group(1)


def test_empty_query_shows_the_form_and_a_hint(client, db):
    html = search(client, "").content.decode()
    assert re.search(
        r'<label class="govuk-label[^"]*" for="search-q">Search cases, findings and quotations</label>',
        html,
    )
    assert "Search the cases, the study’s findings and the interview quotations at once." in html
    assert 'class="result-group"' not in html
    assert "No results" not in html and " for <strong>" not in html
    assert client.get(URL).status_code == 200


def test_finds_the_wirral_quotation_with_the_words_marked(client, dataset):
    html = search(client, "joint outcomes").content.decode()
    quotations = group(html, "quotations")
    assert "<mark>joint</mark> <mark>outcomes</mark>" in quotations
    assert "<blockquote" in quotations
    assert "Policy and Strategy Manager" in quotations
    assert 'href="/cases/wirral-council/"' in quotations


def test_a_quotations_source_is_a_note_number_leading_to_the_notes(client, dataset):
    html = search(client, "joint outcomes").content.decode()
    quotations = group(html, "quotations")
    # The source is not written out beside the quotation; its note number leads to it.
    assert "Source:" not in quotations
    assert "Reflecting on our early findings" not in quotations
    (number,) = set(re.findall(r'href="#note-(\d+)"', quotations))
    note = re.search(rf'<li id="note-{number}">(.*?)</li>', html, re.DOTALL).group(1)
    assert "Are we Rallying Together? Reflecting on our early findings" in note


def test_finds_young_harrow_foundation_by_name_and_by_part_of_a_word(client, dataset):
    for q in ["Harrow", "harr"]:
        cases = group(search(client, q).content.decode(), "cases")
        assert 'href="/cases/young-harrow-foundation/"' in cases
        assert re.search(r"Young <mark>Harr(ow)?</mark>", cases)


def test_results_are_grouped_by_type_with_counts(client, dataset):
    html = search(client, "Wirral").content.decode()
    assert re.search(r'Cases <span class="count">\(1\)</span>', html)
    assert re.search(r'Quotations <span class="count">\(2\)</span>', html)
    assert "No findings match." in html
    assert html.index('id="results-cases"') < html.index('id="results-findings"')
    assert html.index('id="results-findings"') < html.index('id="results-quotations"')
    assert 'href="/cases/?q=Wirral">Filter this case in the case list</a>' in html


def test_finds_findings(client, dataset):
    findings = group(search(client, "procurement").content.decode(), "findings")
    assert 'href="/findings/procurement-puzzle/"' in findings
    assert "<mark>procurement</mark>" in findings.lower()


def test_no_results_suggests_what_to_do(client, dataset):
    html = search(client, "zzzyxq").content.decode()
    assert "No results" in html
    assert "Check the spelling" in html


def test_a_query_over_200_characters_is_refused(client, db):
    response = search(client, "a" * 201, status=400)
    html = response.content.decode()
    assert "Your search is too long: enter 200 characters or fewer (it has 201)." in html
    assert 'aria-invalid="true"' in html
    search(client, "a" * 200, status=200)


def test_markup_in_the_query_is_escaped(client, dataset):
    response = search(client, "<script>alert(1)</script>")
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_markup_in_stored_text_is_escaped_while_matches_are_marked(client, db):
    make_case(name="Harrow <b>Hub</b>", summary="A <script>bad()</script> hub.")
    cases = group(search(client, "hub").content.decode(), "cases")
    assert "&lt;b&gt;<mark>Hub</mark>&lt;/b&gt;" in cases
    assert "&lt;script&gt;bad()&lt;/script&gt; <mark>hub</mark>" in cases
    assert "<script>bad()" not in cases


def test_header_search_box_keeps_the_query(client, dataset):
    response = search(client, "joint outcomes")
    assert response.context["site_search_text"] == "joint outcomes"
    assert (
        'id="site-search-q" name="q" type="search" placeholder="Search" maxlength="200" value="joint outcomes"'
        in (response.content.decode())
    )


def test_highlight_escapes_text_and_marks_terms_and_matched_words():
    pattern = match_pattern(["harr"], words={"Foundations"})
    marked = highlight("Young <Harrow> Foundations & co, foundationsX", pattern)
    assert str(marked) == (
        "Young &lt;<mark>Harr</mark>ow&gt; <mark>Foundations</mark> &amp; co, foundationsX"
    )
    # Short terms only match whole words, so "a" does not light up every word.
    pattern = match_pattern(["a"])
    assert str(highlight("a cat and a hat", pattern)) == "<mark>a</mark> cat and <mark>a</mark> hat"


def test_many_matches_are_counted_but_only_the_best_shown(db):
    sector, region = make_sector(), make_region()
    for _ in range(RESULTS_PER_TYPE + 3):
        make_case(name="Alliance partnership", sector=sector, region=region)
    cases = site_search("alliance").groups[0]
    assert cases.total == RESULTS_PER_TYPE + 3
    assert len(cases.hits) == RESULTS_PER_TYPE
    assert cases.truncated


def populate(n: int) -> None:
    """n cases, findings and quotations that all match "alliance"."""
    sector, region = make_sector(), make_region()
    for _ in range(n):
        case = make_case(name="Alliance case", sector=sector, region=region)
        make_finding(kind=FindingKind.THEME, title="Alliance finding")
        make_quotation(case=case, text="We built an alliance.")


@pytest.mark.parametrize("n", [10, 200])
def test_search_query_count_is_constant(client, db, django_assert_max_num_queries, n):
    populate(n)
    # One query per kind of record, and a COUNT for each kind with more than 50 matches.
    with django_assert_max_num_queries(6):
        html = search(client, "alliance").content.decode()
    assert f'Cases <span class="count">({n})</span>' in html
    assert f'Quotations <span class="count">({n})</span>' in html
