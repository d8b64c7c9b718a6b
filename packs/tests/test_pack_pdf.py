"""The pack as a PDF: a download whose text, read back with pdftotext, holds the cases, their
footnotes, page numbers, and a contents list only when the pack runs past four pages."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from packs.pdf import CONTENTS_AFTER, StaticFilesOnly, static_file
from packs.tests.builders import cited_case
from packs.tests.reading import pdf_pages, pdf_text


def pack_pdf(client, query: str):
    response = client.get(f"{reverse('packs:pdf')}?{query}")
    assert response.status_code == 200
    return response


def test_the_pdf_is_a_download_holding_the_cases_and_page_numbers(client, study, charity):
    cited_case(study, name="Anfield Alliance", sector=charity)
    cited_case(study, name="Bolton Together", sector=charity)

    response = pack_pdf(client, "sector=charity")

    assert response["Content-Type"] == "application/pdf"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="rallying-evidence-pack-{today}.pdf"'
    )
    assert response.content.startswith(b"%PDF-")
    words = pdf_text(response.content)
    assert "Evidence pack" in words
    assert "Cases whose sector is Charity; 2 cases." in words
    assert "Anfield Alliance" in words and "Bolton Together" in words
    pages = pdf_pages(response.content)
    assert f"Page 1 of {pages}" in words
    assert f"Page {pages} of {pages}" in words


def test_the_facts_are_footnoted_with_their_source_and_place(client, study):
    cited_case(study, slug="footnoted", name="Footnoted Place")

    words = pdf_text(pack_pdf(client, "case=footnoted").content)

    # Numbered sources, as the sources list at the end names them in full.
    assert "Editorial inference (its reason is in the text). Source 1, p. 7." in words
    assert "Source 1, table 1." in words
    assert "Sources" in words and "Cited at: p. 9; p. 7; table 1; p. 15; p. 12; p. 13." in words
    # The inference's reason is in the text beside the type.
    assert "Editorial inference : It works across a whole place." in words
    # The PDF has footnotes, not the screen's notes list.
    assert "Back to where note" not in words


def test_a_short_pack_has_no_contents_list(client, study):
    cited_case(study, slug="short")

    response = pack_pdf(client, "case=short")

    assert pdf_pages(response.content) <= CONTENTS_AFTER
    assert "Contents" not in pdf_text(response.content)


def test_a_pack_past_four_pages_has_a_contents_list_with_page_numbers(client, dataset):
    response = pack_pdf(client, "sector=charity")

    words = pdf_text(response.content)
    assert pdf_pages(response.content) > CONTENTS_AFTER + 1
    assert "Contents" in words
    contents = words.split("Contents", 1)[1].split("The cases", 2)[1]
    # Each case with the page it starts on.
    for name in ("Golden Key", "Kibble", "West London Zone", "Young Harrow Foundation"):
        assert re.search(rf"{re.escape(name)}, page \d+", contents)
    assert "Page 2 of" in words


def test_weasyprint_reads_only_the_sites_static_files():
    fetcher = StaticFilesOnly("http://testserver")

    stylesheet = fetcher.fetch("http://testserver/static/packs/pack.css")
    assert stylesheet.content_type == "text/css"
    assert b"@page" in stylesheet.read()
    for refused in (
        "http://example.org/static/packs/pack.css",
        "https://testserver/static/packs/pack.css",
        "http://testserver/cases/",
        "http://testserver/static/../rallying/settings.py",
        "file:///etc/passwd",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(refused)
    assert static_file("../rallying/settings.py") is None
