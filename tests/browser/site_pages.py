"""The main pages of the site: the accessibility check and the screenshots both go through this list."""

from dataclasses import dataclass

DESKTOP, MOBILE = 1280, 390  # viewport widths, in CSS pixels


@dataclass(frozen=True)
class SitePage:
    name: str  # test id and screenshot file stem, e.g. screenshots/cases-list-1280.png
    path: str
    status: int = 200

    def __str__(self):
        return self.name


MAIN_PAGES = [
    SitePage("overview", "/"),
    SitePage("cases-list", "/cases/"),
    SitePage("cases-list-filtered", "/cases/?typology=collaborative-markets"),
    SitePage("cases-map-filtered", "/cases/?view=map&sector=charity"),
    SitePage("case-wirral-council", "/cases/wirral-council/"),
    SitePage("case-kibble", "/cases/kibble/"),
    SitePage("cases-compare", "/cases/compare/?case=wigan-council&case=kibble"),
    SitePage("findings-list", "/findings/"),
    SitePage("finding-beyond-co-production", "/findings/beyond-co-production/"),
    SitePage("quotations-list", "/quotations/"),
    SitePage("quotation-wirral-eight-sectors", "/quotations/wirral-eight-sectors/"),
    SitePage("typologies-list", "/typologies/"),
    SitePage("typology-collaborative-councils", "/typologies/collaborative-councils/"),
    SitePage("sectors-list", "/sectors/"),
    SitePage("sector-charity", "/sectors/charity/"),
    SitePage("regions-list", "/regions/"),
    SitePage("region-north-west", "/regions/north-west/"),
    SitePage("accountability-list", "/accountability/"),
    SitePage("accountability-results", "/accountability/results/"),
    SitePage("policy-areas-list", "/policy-areas/"),
    SitePage("policy-area-complex-needs", "/policy-areas/complex-needs/"),
    SitePage("sources", "/sources/"),
    SitePage("studies-list", "/studies/"),
    SitePage("study-are-we-rallying-together", "/studies/are-we-rallying-together/"),
    SitePage("study-rallying-together-2022", "/studies/rallying-together-2022/"),
    SitePage("about", "/about/"),
    SitePage("download", "/download/"),
    SitePage("search-outcomes", "/search/?q=outcomes"),
    SitePage("search-empty", "/search/"),
    SitePage("cases-list-empty", "/cases/?nation=scotland&sector=public-sector"),
    SitePage("api-root", "/api/"),
    SitePage("api-cases", "/api/cases/?typology=collaborative-markets"),
    SitePage("changes", "/changes/"),
    SitePage("contribute", "/contribute/"),
    SitePage("contribute-case", "/contribute/case/"),
    SitePage("contribute-correction", "/contribute/correction/?case=wirral-council&field=started"),
    # An unknown filter value: a page that explains the problem, with status 400.
    SitePage("cases-list-bad-filter", "/cases/?typology=bogus", status=400),
]


def visit(page, site_page: SitePage):
    """Open the page and check its status, so an unfinished or broken page fails with a clear message."""
    response = page.goto(site_page.path)
    assert response is not None, f"GET {site_page.path}: no response"
    assert response.status == site_page.status, (
        f"GET {site_page.path} answered {response.status}, expected {site_page.status}"
    )
    return response
