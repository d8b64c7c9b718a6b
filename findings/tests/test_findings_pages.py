"""The findings pages: every finding grouped by kind, and each finding with its cases and quotations."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from cases.models import Basis
from findings.models import CaseFinding, Finding, FindingKind, Quotation
from tests.factories import make_case, make_finding, make_quotation, make_region, make_sector


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def notes(html: str) -> dict[str, str]:
    """The page's notes at its foot, by number: each note's text without its tags."""
    found = re.findall(r'<li id="note-(\d+)">(.*?)</li>', html, re.DOTALL)
    return {number: re.sub(r"<[^>]+>", "", text) for number, text in found}


def note_refs(html: str) -> list[str]:
    """The note numbers a part of a page cites."""
    return re.findall(r'href="#note-(\d+)"', html)


def finding_item(html: str, slug: str) -> str:
    match = re.search(rf'id="finding-{slug}">(.*?)</li>', html, re.DOTALL)
    assert match, f"no finding {slug}"
    return match.group(1)


def group(html: str, kind: str) -> str:
    match = re.search(rf'<section[^>]*id="{kind}"[^>]*>(.*?)</section>', html, re.DOTALL)
    assert match, f"no group {kind}"
    return match.group(1)


def test_findings_are_grouped_by_kind_in_the_study_order(client, dataset):
    html = page(client, reverse("findings:list"))
    headings = re.findall(r'<h2 class="govuk-heading-l" id="[a-z-]+-heading">([^<]+?) <span', html)
    assert headings == [
        "Why collaborate",
        "Ingredients of success",
        "Measuring success",
        "Themes of the 2018 briefing",
        "Open questions",
    ]
    counts = {kind: group(html, kind).count('<li class="finding"') for kind in FindingKind.values}
    assert counts == {
        "rationale": 4,
        "ingredient": 4,
        "measurement": 1,
        "theme": 8,
        "open-question": 3,
    }


def test_findings_within_a_kind_keep_their_order(client, dataset):
    themes = group(page(client, reverse("findings:list")), "theme")
    titles = re.findall(r'<h3[^>]*><a class="govuk-link" href="[^"]+">([^<]+)</a>', themes)
    assert titles[0] == "Why collaborate? Citizens and the state"
    assert titles[-1] == "Putting principles into practice"


def test_each_finding_shows_its_summary_note_and_evidence_counts(client, dataset):
    html = page(client, reverse("findings:list"))
    item = finding_item(group(html, "theme"), "beyond-co-production")
    assert 'href="/findings/beyond-co-production/"' in item
    assert "the researchers found practices reaching past “co-design or co-production”" in item
    # The source is not written out under the finding: its note number leads to it.
    assert "Reflecting on our early findings" not in item
    (number,) = note_refs(item)
    assert "Are we Rallying Together? Reflecting on our early findings" in notes(html)[number]
    assert 'href="/cases/?finding=beyond-co-production">1 case<' in item
    assert ">2 quotations<" in item


def test_the_findings_page_lists_each_source_once_in_its_notes(client, dataset):
    html = page(client, reverse("findings:list"))
    body, _, foot = html.partition('id="page-notes-heading"')
    n_findings = Finding.objects.count()
    # Twenty findings cite two sources: twenty note numbers, two notes.
    assert len(note_refs(body)) == n_findings == 20
    # One note per source and place in it, however many findings cite it there (an inference
    # has a note of its own, with its reasoning).
    places = {(f.source_id, f.locator, f.basis, f.basis_reason) for f in Finding.objects.all()}
    listed = list(notes(foot).values())
    assert len(listed) == len(places) < n_findings
    assert len(set(listed)) == len(listed)
    # No source is written out among the findings themselves.
    for title in {finding.source.title for finding in Finding.objects.select_related("source")}:
        assert escape(title) not in body, title
    assert "Source:" not in body


def test_a_finding_without_cases_or_quotations_says_nothing_of_them_on_the_list(client, dataset):
    item = finding_item(page(client, reverse("findings:list")), "share-responsibility")
    assert "case" not in item.lower().replace("case list", "")
    assert "quotation" not in item.lower()
    assert "No case linked" not in item
    assert "Collaborating is expected to share responsibility" in item


def test_finding_page_shows_its_cases_and_quotations_verbatim(client, dataset):
    html = page(client, reverse("findings:detail", args=["beyond-co-production"]))
    assert re.search(r"<h1[^>]*>Beyond co-production</h1>", html)
    assert 'href="/findings/#theme">Themes of the 2018 briefing</a>' in html
    assert 'href="/cases/wirral-council/">Wirral Council</a>' in html
    link = CaseFinding.objects.get(finding__slug="beyond-co-production")
    assert escape(link.note) in html
    # The link's citation is a note at the page's foot, giving the source and the place in it.
    assert any(
        escape(link.locator) in text and link.source.title in text for text in notes(html).values()
    )
    for quotation in Quotation.objects.filter(case__slug="wirral-council"):
        assert re.search(rf"<blockquote[^>]*><p[^>]*>{re.escape(escape(quotation.text))}</p>", html)
        assert quotation.speaker_role in html
    assert 'Quotations that illustrate it <span class="count">(2)</span>' in html
    assert (
        'href="/cases/?finding=beyond-co-production">See this case in the filterable list' in html
    )


def test_finding_without_cases_says_so(client, dataset):
    html = page(client, reverse("findings:detail", args=["share-responsibility"]))
    assert "No case is linked to this finding yet." in html
    assert "No quotation illustrates this finding yet." in html
    assert "filterable list" not in html
    # The other rationales are offered next.
    assert 'href="/findings/better-impact-and-value/"' in html


def test_unknown_finding_is_not_found(client, dataset):
    assert client.get(reverse("findings:detail", args=["no-such-finding"])).status_code == 404


def test_an_inferred_evidence_link_is_marked(client, db):
    finding = make_finding(slug="inferred-finding")
    case = make_case(name="Inferred Case")
    CaseFinding.objects.create(
        finding=finding,
        case=case,
        source=finding.source,
        basis=Basis.INFERRED,
        basis_reason="Read between the lines.",
    )
    html = page(client, reverse("findings:detail", args=["inferred-finding"]))
    item = re.search(r'id="case-[^"]+">(.*?)\n\s*</li>', html, re.DOTALL).group(1)
    assert "editorial inference" in item
    (number,) = note_refs(item)
    assert "Editorial inference: Read between the lines." in notes(html)[number]


def populate(n_cases: int) -> Finding:
    """One finding behind n cases, with a quotation from each; and one finding of every kind."""
    sector, region = make_sector(), make_region()
    for kind in FindingKind.values:
        make_finding(kind=kind)
    finding = make_finding(slug="busy-finding")
    cases = [make_case(sector=sector, region=region) for _ in range(n_cases)]
    CaseFinding.objects.bulk_create(
        CaseFinding(finding=finding, case=case, source=finding.source, note="Shows it.")
        for case in cases
    )
    for case in cases:
        make_quotation(case=case, source=finding.source).findings.add(finding)
    return finding


@pytest.mark.parametrize("n_cases", [10, 200])
def test_findings_list_query_count_is_constant(client, db, django_assert_max_num_queries, n_cases):
    populate(n_cases)
    # 1: the findings with their source and their counts of cases and quotations.
    with django_assert_max_num_queries(2):  # the revision (edge), the findings
        html = page(client, reverse("findings:list"))
    assert f">{n_cases} cases<" in html
    assert f">{n_cases} quotations<" in html


@pytest.mark.parametrize("n_cases", [10, 200])
def test_finding_page_query_count_is_constant(client, db, django_assert_max_num_queries, n_cases):
    finding = populate(n_cases)
    # 7: the finding; a count and a page of evidence links; the page's cases' types; the
    # quotations; the other findings of its kind; the latest release, for its citation.
    with django_assert_max_num_queries(8):  # + the revision (edge)
        html = page(client, finding.get_absolute_url())
    assert f"See these {n_cases} cases in the filterable list" in html
    assert html.count("<blockquote") == n_cases
