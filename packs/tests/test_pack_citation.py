"""How to cite a pack, as a file for a reference manager: /cases/pack/cite.<format>?<parameters>
gives the citation the pack's cover prints, in plain text, BibTeX, RIS and CSL-JSON, and answers
a selection no pack can be made of as the pack does."""

import json
from datetime import date

import jsonschema
from django.urls import reverse

from citations.formats import FORMATS
from citations.tests.parsing import CSL_DATA, download, parse_bibtex, parse_ris
from packs.selection import MAX_CASES
from packs.tests.builders import cited_case
from packs.tests.reading import pdf_text, text
from releases.models import Release
from tests.factories import make_case, make_region, make_sector

QUERY = "sector=charity"
PACK_URL = "http://testserver/cases/pack/?sector=charity"
TITLE = "Evidence pack: Cases whose sector is Charity"


def cite(client, ext: str, query: str = QUERY):
    return client.get(f"{reverse('packs:cite', args=[ext])}?{query}")


def test_each_format_cites_the_pack_at_the_address_that_makes_it(client, study, charity):
    cited_case(study, sector=charity)
    cited_case(study, sector=charity)
    Release.objects.create(version="2.0", published_on=date(2026, 6, 1), notes="Second.")
    files = {
        ext: download(
            client, f"{reverse('packs:cite', args=[ext])}?{QUERY}&q=", content_type=f.content_type
        )
        for ext, f in FORMATS.items()
    }

    # The same words as the pack's cover, which is made by the same builder.
    cover = text(client.get(f"{reverse('packs:html')}?{QUERY}").content.decode())
    assert files["txt"].strip() in cover
    assert files["txt"].startswith(f"Rallying (2026). “{TITLE}” [evidence pack, 2 cases].")

    entry = parse_bibtex(files["bib"])
    assert entry.type == "techreport"
    assert entry.key == "rallying-evidence-pack"
    assert entry.fields["title"] == TITLE
    assert entry.fields["url"] == PACK_URL  # the empty search box left out

    ris = dict(parse_ris(files["ris"]))
    assert ris["TY"] == "RPRT"
    assert ris["UR"] == PACK_URL

    (item,) = json.loads(files["json"])
    jsonschema.validate([item], CSL_DATA)
    assert item["type"] == "report"
    assert item["title"] == TITLE
    assert item["URL"] == PACK_URL
    assert "Dataset release 2.0 (1 June 2026), http://testserver/releases/2.0/." in item["note"]


def test_the_pack_page_offers_the_files_but_not_in_print(client, study, charity):
    cited_case(study, sector=charity)

    html = client.get(f"{reverse('packs:html')}?{QUERY}").content.decode()
    pdf = pdf_text(client.get(f"{reverse('packs:pdf')}?{QUERY}").content)

    for ext in FORMATS:
        assert f'href="/cases/pack/cite.{ext}?sector=charity" type=' in html
        assert f'download="rallying-evidence-pack.{ext}"' in html
    assert "How to cite this pack" in pdf
    assert "For a reference manager" not in pdf


def test_a_bad_parameter_is_the_lists_400(client, study):
    response = cite(client, "bib", "sector=guild")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "sector: Unknown sector “guild”. Use the slugs listed on the filter panel or in the "
        "API codebook.\n"
    )


def test_a_selection_past_the_limit_is_refused_as_the_pack_is(client, db):
    sector, region = make_sector(slug="charity"), make_region()
    for _ in range(MAX_CASES + 1):
        make_case(sector=sector, region=region)

    response = cite(client, "ris")

    assert response.status_code == 422
    assert response.content.decode().startswith(
        f"An evidence pack holds up to {MAX_CASES} cases; these parameters select 51."
    )


def test_no_case_no_citation(client, study, charity):
    assert cite(client, "txt").status_code == 404
    assert cite(client, "docx").status_code == 404
