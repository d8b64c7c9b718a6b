"""What a pack says about its cases: each fact with its basis and note, the findings with their
quotations, the sources with their places, the release it rests on and how to cite it."""

import re
from datetime import date

from django.urls import reverse
from django.utils import timezone

from cases.models import Basis, CaseFieldCitation
from packs.tests.builders import cited_case
from packs.tests.reading import text
from releases.models import Release
from tests.factories import make_source


def pack_html(client, query: str) -> str:
    response = client.get(f"{reverse('packs:html')}?{query}")
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, anchor: str) -> str:
    """One case's section, or the findings or sources section, by its anchor."""
    start = html.index(f'id="{anchor}"')
    return html[start : html.index("</section>", start)]


def notes(html: str) -> dict[int, str]:
    """The notes list: number → what the note says."""
    listed = re.findall(r'<li id="note-(\d+)">(.*?)</li>', html, re.S)
    return {int(number): text(body) for number, body in listed}


def test_each_case_gives_its_type_with_basis_sector_region_accountability_status_and_summary(
    client, study, charity, north_west
):
    case = cited_case(
        study,
        name="Wigan Deal",
        slug="wigan-deal",
        sector=charity,
        region=north_west,
        place_label="Wigan town",
        summary="A deal between the council and its residents.",
        status="succeeded",
        status_year=2023,
        status_note="Followed by Progress with Unity",
    )

    words = text(section(pack_html(client, f"case={case.slug}"), "case-wigan-deal"))

    assert "Wigan Deal" in words
    assert "A deal between the council and its residents." in words
    assert (
        "Place-based partnership , in The rallying study (2019). Editorial inference : "
        "It works across a whole place."
    ) in words
    assert "Sector and place Charity; Wigan town (the source’s words)" in words
    assert f"Region North West, {north_west.nation.name}" in words
    assert "Accountability Mutual accountability" in words
    assert "Joint board." in words
    assert (
        "Latest known status Succeeded by another programme , as of 2023. "
        "Followed by Progress with Unity"
    ) in words
    assert "http://testserver/cases/wigan-deal/" in words


def test_a_stated_type_says_so_and_an_unknown_status_says_it_is_not_known(client, study):
    case = cited_case(study, slug="stated-one")
    case.classifications.update(basis=Basis.STATED, basis_reason="")

    words = text(section(pack_html(client, "case=stated-one"), "case-stated-one"))

    assert "Stated by the source." in words
    assert "Editorial inference" not in words
    assert "Latest known status Not known : no source we could read says" in words


def test_a_status_the_sources_dispute_shows_each_sources_value(client, study):
    case = cited_case(study, slug="disputed", status="active", status_year=2024)
    CaseFieldCitation.objects.create(
        case=case,
        field_name="status",
        source=make_source(title="A later page"),
        value="Ended",
        locator="para 2",
    )

    words = text(section(pack_html(client, "case=disputed"), "case-disputed"))

    assert "Sources differ:" in words
    assert "Active" in words and "Ended" in words


def test_the_findings_the_cases_illustrate_come_with_their_quotations_verbatim(
    client, study, charity
):
    first = cited_case(study, name="First Place", sector=charity)
    cited_case(study, name="Second Place", sector=charity)

    findings = section(pack_html(client, "sector=charity"), "findings")
    words = text(findings)

    assert "Shared outcomes bind partners" in words
    assert "Partners who agree outcomes keep working together." in words
    assert "First Place" in words and "Second Place" in words
    assert "Its partners signed one outcomes plan." in words
    quotation = first.quotations.get()
    assert f"“{quotation.text}”" in words  # verbatim, the source's ellipsis kept
    assert "Chief executive, First Place" in words
    assert f'href="#case-{first.slug}"' in findings


def test_every_fact_has_a_note_giving_its_source_and_place(client, study):
    cited_case(study, slug="noted")

    html = pack_html(client, "case=noted")
    numbered = notes(html)
    refs = re.findall(r'class="pack-ref" id="note-(\d+)-ref-\d+" href="#note-(\d+)"', html)

    # Type, listing, region, summary, accountability, the finding, its link, the quotation.
    assert len(refs) == 8
    assert {int(number) for _, number in refs} == set(numbered)
    assert (
        "Editorial inference: It works across a whole place. From Rallying report"
        in (numbered[int(refs[1][1])])
    )
    assert any("Rallying report , 2019, table 1." in note for note in numbered.values())


def test_the_sources_are_listed_with_every_place_cited_in_them(client, study):
    cited_case(study, slug="sourced")

    sources = text(section(pack_html(client, "case=sourced"), "sources"))

    assert "Rallying report" in sources
    for place in ("p. 9", "p. 7", "table 1", "p. 15", "p. 12", "p. 13"):
        assert place in sources


def test_names_the_latest_release_and_how_to_cite_the_pack(client, study, charity):
    cited_case(study, sector=charity)
    Release.objects.create(version="1.0", published_on=date(2026, 5, 1), notes="First.")
    Release.objects.create(version="1.1", published_on=date(2026, 9, 14), notes="Second.")

    # As the list's form sends it: with the search box empty, which the pack's addresses leave out.
    cover = text(section(pack_html(client, "q=&sector=charity"), "main").split("Contents")[0])

    assert (
        "Dataset Dataset release 1.1 of 14 September 2026: http://testserver/releases/1.1/"
    ) in cover
    assert (
        "Rallying (2026). “Evidence pack: Cases whose sector is Charity” [evidence pack, 1 case]. "
        "Rallying: the open knowledge base of collaborative public-service reform. "
        "http://testserver/cases/pack/?sector=charity (accessed "
    ) in cover
    assert (
        "Dataset release 1.1 (14 September 2026), http://testserver/releases/1.1/. Compiled from "
        "Rallying's case records; the pack's notes give each fact's source."
    ) in cover
    assert "Make this pack again http://testserver/cases/pack/?sector=charity " in cover


def test_without_a_release_says_so_and_gives_the_datas_date(client, study):
    cited_case(study, slug="unreleased")

    cover = text(pack_html(client, "case=unreleased").split('id="contents"')[0])

    today = timezone.localdate()
    assert f"No release published yet; data as of {today:%-d %B %Y}" in cover
    # The citation never makes a date or a version up.
    assert "Rallying (n.d.). “Evidence pack: Cases chosen by name (Case " in cover
    assert f"Dataset unreleased; as of {today:%-d %B %Y}." in cover
    assert "Release" not in cover.replace("release published", "")
