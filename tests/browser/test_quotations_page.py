"""A researcher filters the quotations by speaker's role and case with the form, and opens one."""

import re

import pytest
from playwright.sync_api import expect

from cases.models import Case, Source
from tests.factories import make_quotation

pytestmark = pytest.mark.browser


def quotation_headings(page):
    return page.locator("#results .quotation-results h3")


def test_researcher_filters_by_role_and_case_then_opens_a_quotation(new_page):
    source = Source.objects.get(key="report-2019")
    for slug, case in (("kibble-chief", "kibble"), ("wirral-chief", "wirral-council")):
        make_quotation(
            slug=slug,
            case=Case.objects.get(slug=case),
            speaker_role="Chief Executive",
            text=f"What the chief executive said ({slug}).",
            source=source,
            locator="p. 7",
        )
    page = new_page(javascript=False)
    page.goto("/quotations/")
    expect(page.get_by_role("status")).to_have_text("4 quotations")

    page.get_by_role("group", name="Speaker’s role").get_by_label("Chief Executive").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("status")).to_have_text("2 quotations match your filters")
    expect(quotation_headings(page)).to_have_text(
        ["Chief Executive, Kibble", "Chief Executive, Wirral Council"]
    )

    page.locator("summary", has_text="Case").click()  # the case filter starts folded
    page.get_by_role("group", name="Case").get_by_label("Wirral Council").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(
        re.compile(
            r"speaker_role=Chief\+Executive.*case=wirral-council|case=wirral-council.*speaker_role=Chief\+Executive"
        )
    )
    expect(page.get_by_role("status")).to_have_text("1 quotation matches your filters")
    expect(quotation_headings(page)).to_have_text(["Chief Executive, Wirral Council"])
    expect(page.get_by_role("link", name="Remove filter Case: Wirral Council")).to_be_visible()

    page.get_by_role("link", name="Chief Executive, Wirral Council").click()
    expect(page).to_have_url(re.compile(r"/quotations/wirral-chief/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Chief Executive, Wirral Council")
    expect(page.locator("blockquote")).to_have_text("What the chief executive said (wirral-chief).")
    expect(page.get_by_text("p. 7", exact=True)).to_be_visible()
    page.get_by_role("link", name="Quotations from Wirral Council").click()
    expect(page.get_by_role("status")).to_have_text("3 quotations match your filters")
