"""The quotations pages: /quotations/ with its filters, and each quotation's own page."""

import re

import pytest
from django.utils.html import escape

from cases.models import Basis, Publication
from tests.factories import make_case, make_finding, make_quotation, make_study

pytestmark = pytest.mark.django_db


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


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
    assert "Stated: the source gives these words" in html


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
