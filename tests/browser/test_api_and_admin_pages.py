"""The browsable API and the admin's sign-in page are part of the site: its header, a way home, and
no axe-core violation, with the site's Content-Security-Policy in force."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import axe_violations, describe_violations
from tests.browser.site_pages import DESKTOP, MOBILE

pytestmark = pytest.mark.browser

PAGES = ["/api/", "/api/cases/", "/api/cases/kibble/", "/admin/login/"]


def blocked_by_csp(page) -> list[str]:
    """Start recording the page's Content-Security-Policy refusals (a style or script it blocked)."""
    refusals = []
    page.on(
        "console",
        lambda message: (
            refusals.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return refusals


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_axe_violations_and_nothing_blocked(new_page, path):
    problems = []
    for width in (DESKTOP, MOBILE):
        page = new_page(width=width)
        refusals = blocked_by_csp(page)
        response = page.goto(path, wait_until="load")
        assert response.status == 200, f"GET {path} answered {response.status}"
        problems += describe_violations(axe_violations(page), label=f"[{width} px] ")
        problems += [f"[{width} px] CSP: {text}" for text in refusals]
    assert not problems, f"on {path}:\n" + "\n".join(problems)


def test_api_root_says_what_it_is_and_leads_home_and_to_the_docs(page):
    page.goto("/api/")

    expect(page.get_by_role("heading", level=1)).to_have_text("The Rallying API")
    expect(page.locator("main")).to_contain_text("the study's findings")
    expect(page.locator("body")).not_to_contain_text("DefaultRouter")
    # The site's header, styled by the site's own stylesheet (not blocked by the CSP).
    header = page.locator("header.site-header")
    expect(header).to_have_css("background-color", "rgb(29, 53, 87)")
    expect(header.get_by_role("link", name="Rallying", exact=True)).to_have_css(
        "font-family", re.compile(r"Source Sans 3")
    )
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    # The design system's sizes hold beside Bootstrap, which sets the root font size to 10px.
    expect(page.get_by_role("heading", level=1)).to_have_css(
        "font-size", re.compile(r"^(32|48)px$")
    )

    page.get_by_role("navigation", name="API").get_by_role("link", name="API documentation").click()
    expect(page).to_have_url(re.compile(r"/api/docs/$"))

    page.go_back()
    page.locator("header").get_by_role("link", name="Rallying", exact=True).click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Overview")
    ).to_have_attribute("aria-current", "page")


def test_a_list_offers_its_formats_and_its_filters(page):
    page.goto("/api/cases/")

    expect(page.get_by_role("link", name="csv")).to_have_attribute(
        "href", re.compile(r"format=csv")
    )
    page.get_by_role("button", name="Filters").click()
    expect(page.locator("#filtersModal")).to_be_visible()


def test_site_search_works_from_the_api_pages(page):
    page.goto("/api/cases/")
    page.get_by_role("searchbox", name="Search cases, findings and quotations").fill("outcomes")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"/search/\?q=outcomes$"))


def test_admin_sign_in_page_has_a_heading_and_a_link_back_to_the_site(page):
    page.goto("/admin/login/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to edit Rallying")
    page.locator("#header").get_by_role("link", name="Rallying", exact=True).click()
    expect(page).to_have_url(re.compile(r"/$"))


def test_an_editors_api_pages_with_their_forms_have_no_axe_violations(page, django_user_model):
    django_user_model.objects.create_superuser("editor", "editor@example.org", "a-long-passphrase")
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a-long-passphrase")
    page.get_by_role("button", name="Log in").click()
    # Every admin page, not only the sign-in page, leads back to the site.
    expect(
        page.locator("#header").get_by_role("link", name="Rallying", exact=True)
    ).to_have_attribute("href", "/")

    problems = []
    for path in ("/api/cases/", "/api/cases/kibble/"):
        refusals = blocked_by_csp(page)
        page.goto(path, wait_until="load")
        expect(
            page.get_by_role("button", name="POST" if path == "/api/cases/" else "PUT").first
        ).to_be_attached()
        problems += describe_violations(axe_violations(page), label=f"{path}: ")
        problems += [f"{path}: CSP: {text}" for text in refusals]
    assert not problems, "\n".join(problems)
