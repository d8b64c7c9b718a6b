"""A commissioner filters the case list, downloads the evidence pack and opens the PDF."""

import re
import subprocess

import pytest
from playwright.sync_api import expect

from tests.browser.axe import axe_violations, describe_violations

pytestmark = [pytest.mark.browser, pytest.mark.reads_only]

NORTH_WEST_COUNCILS = ["Oldham Council", "Wigan Council", "Wirral Council"]


def pdf_text(path) -> str:
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    return " ".join(done.stdout.decode().split())


def filter_north_west_councils(page) -> None:
    page.goto("/cases/")
    page.get_by_label(re.compile(r"^Public sector")).check()
    page.get_by_label(re.compile(r"^North West")).check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("status")).to_have_text("3 cases match your filters")


def test_commissioner_filters_reads_the_pack_and_downloads_its_pdf(new_page, tmp_path):
    page = new_page(javascript=False)
    filter_north_west_councils(page)

    page.get_by_role("link", name="read it as a print-ready page").click()

    expect(page).to_have_url(re.compile(r"/cases/pack/\?.*sector=public-sector"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Evidence pack")
    expect(
        page.get_by_text(
            "Cases whose sector is Public sector and whose region is North West; 3 cases."
        )
    ).to_be_visible()
    expect(page.locator(".pack-case h3")).to_have_text(NORTH_WEST_COUNCILS)

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"^Download PDF")).click()
    download = download_info.value
    assert re.fullmatch(
        r"rallying-evidence-pack-\d{4}-\d{2}-\d{2}\.pdf", download.suggested_filename
    )
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    assert saved.read_bytes().startswith(b"%PDF-")
    words = pdf_text(saved)
    assert "Cases whose sector is Public sector and whose region is North West; 3 cases." in words
    for name in NORTH_WEST_COUNCILS:
        assert name in words
    assert re.search(r"Page 1 of \d+", words)


def test_the_list_downloads_the_pdf_of_its_filtered_cases_straight_away(new_page, tmp_path):
    page = new_page()
    filter_north_west_councils(page)
    expect(page.get_by_role("link", name=re.compile(r"^Download evidence pack"))).to_have_attribute(
        "href", re.compile(r"/cases/pack\.pdf\?.*region=north-west")
    )

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"^Download evidence pack")).click()
    saved = tmp_path / "pack.pdf"
    download_info.value.save_as(saved)

    words = pdf_text(saved)
    for name in NORTH_WEST_COUNCILS:
        assert name in words
    assert "Golden Key" not in words


def test_the_pack_page_meets_wcag_aa(new_page):
    page = new_page()
    page.goto("/cases/pack/?sector=charity")
    expect(page.get_by_role("heading", level=1)).to_have_text("Evidence pack")

    assert describe_violations(axe_violations(page)) == []
