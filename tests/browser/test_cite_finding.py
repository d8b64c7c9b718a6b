"""A researcher cites a finding in each format: from the findings page to a finding, then each of
the cite panel's four links, each file read back by its format's rules."""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from citations.tests.parsing import parse_bibtex, parse_ris, unescape

pytestmark = [pytest.mark.browser, pytest.mark.reads_only]

TITLE = "Beyond co-production"


def downloaded(page, link_name: str) -> tuple[str, str]:
    """Follow a cite panel link: the file's suggested name and its text."""
    panel = page.get_by_role("complementary", name="How to cite this finding")
    with page.expect_download() as download_info:
        panel.get_by_role("link", name=link_name, exact=True).click()
    download = download_info.value
    assert download.failure() is None
    # Bytes, not read_text(): that would turn the RIS file's CRLF line ends into LF.
    return download.suggested_filename, Path(download.path()).read_bytes().decode("utf-8")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_researcher_cites_a_finding_in_each_format(new_page, javascript):
    page = new_page(javascript=javascript)
    page.goto("/findings/")
    page.get_by_role("link", name=TITLE, exact=True).click()
    expect(page).to_have_url(re.compile(r"/findings/beyond-co-production/$"))
    panel = page.get_by_role("complementary", name="How to cite this finding")
    expect(panel.get_by_role("heading", name="Cite this finding")).to_be_visible()
    shown = panel.locator("#citation-text")
    expect(shown).to_contain_text(f"Rallying (n.d.). “{TITLE}” [finding].")
    expect(shown).to_contain_text("Dataset unreleased; as of")

    name, text = downloaded(page, "Download plain text")
    assert name == "rallying-finding-beyond-co-production.txt"
    assert text.strip() == shown.inner_text().strip()
    assert "The finding is stated in" in text and 'section "Beyond co-production"' in text

    name, text = downloaded(page, "Download BibTeX")
    assert name.endswith(".bib")
    entry = parse_bibtex(text)
    assert (entry.type, entry.key) == ("misc", "rallying-finding-beyond-co-production")
    assert unescape(entry.fields["title"]) == TITLE
    assert entry.fields["url"].endswith("/findings/beyond-co-production/")

    name, text = downloaded(page, "Download RIS")
    assert name.endswith(".ris")
    tags = dict(parse_ris(text))
    assert (tags["TY"], tags["TI"], tags["AU"]) == ("ELEC", TITLE, "Rallying")

    name, text = downloaded(page, "Download CSL-JSON")
    assert name.endswith(".json")
    (item,) = json.loads(text)
    assert (item["type"], item["title"]) == ("webpage", TITLE)
    assert item["author"] == [{"literal": "Rallying"}]
    assert "Reflecting on our early findings" in item["note"]
