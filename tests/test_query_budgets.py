"""Every page and API endpoint runs the same number of queries at 10 and at 500 synthetic cases.

The real dataset is loaded, then `manage.py synthesize` adds 10 cases (each with findings links,
quotations, policy areas and accountability modes), every URL is requested once and its queries
counted; then the synthetic cases are replaced by 500 and the URLs counted again. Nothing is kept
between requests (no answer cache, no throttle counts, no download files), so the counts are what a
first reader pays. Each includes the dataset revision that names the answer (edge/middleware.py).

BUDGETS records the counts so that a change to any of them shows in review; what the queries are
is documented on each view (docstrings) and in docs/performance.md.
"""

import shutil
from io import StringIO

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

# Matches one real case (Wirral Council) at any size, so every prefetch of a page runs.
FILTERS = "typology=collaborative-councils&typology=none&region=north-west&region=scotland&accountability=outcomes"

# URL → queries at any number of cases (cold cache, anonymous reader). Counts are the same on
# SQLite and PostgreSQL. "Validation" is one query per slug filter given (are the slugs known?).
HTML_BUDGETS = {
    "/": 12,  # pages/overview.py: lookups 3, grids 3, headline counts 4, map 1, regions 1
    "/cases/": 21,  # count, page, modes; facets: 10 grouped counts + 8 lookup tables
    f"/cases/?{FILTERS}&q=council&sort=started": 24,  # the same + validation 3
    "/cases/kibble/": 7,  # case with dimensions, 5 cited lists, similar cases
    "/cases/wirral-council/": 8,  # the same + the quotations' findings
    "/cases/kibble/cite.bib": 6,  # case with dimensions, 5 cited lists
    "/cases/compare/?case=kibble&case=wirral-council&case=young-harrow-foundation": 4,
    "/typologies/": 3,  # values with counts; all cases, unclassified cases
    "/typologies/collaborative-markets/": 6,  # value, count, page, modes, all, unclassified
    "/accountability/": 3,
    "/accountability/outcomes/": 7,  # + the page's cited links
    "/sectors/": 1,
    "/sectors/charity/": 4,
    "/regions/": 1,
    "/regions/north-west/": 4,
    "/policy-areas/": 3,
    "/policy-areas/complex-needs/": 7,
    "/findings/": 1,
    "/findings/beyond-co-production/": 5,  # finding, count + page of evidence, quotations, kind
    "/search/?q=alliance": 3,  # one per kind of record, each with its total
    "/search/?q=council": 3,
    "/search/?q=kibble": 3,
    "/sources/": 1,
    "/about/": 1,
    "/changes/": 2,  # count, page of entries (history/views.py)
    # is the case known, count; no entry for it here, so no page query (3 with entries)
    "/changes/?case=wirral-council": 2,
    # The export (downloads/build.py), then written to DOWNLOADS_DIR: revision 1, sources 1,
    # dimension tables 7, cases 1 + 5 link tables + 7 lookups, findings 1, quotations 2, evidence 1
    "/download/": 26,
    "/download/rallying.json": 26,
    "/download/rallying-csv.zip": 26,
}
API_BUDGETS = {
    # count, page of ids, flat rows (cases/api.py FlatCases: cases 1, 5 link tables, 7 lookup
    # tables), Last-Modified
    "/api/cases/": 16,
    f"/api/cases/?{FILTERS}&q=council": 19,  # + validation 3
    "/api/cases/?page=2&page_size=5": 16,
    "/api/cases/facets/": 20,  # 10 grouped counts, 8 lookup tables, count, Last-Modified
    f"/api/cases/facets/?{FILTERS}&q=council": 23,  # + validation 3
    "/api/cases/kibble/": 15,  # the case, its flat rows (13), Last-Modified
    "/api/cases/wirral-council/": 15,
    # The whole list, no count: cases 1, 5 linked tables as flat rows (was 6 prefetches), Last-Modified
    "/api/cases/?format=csv": 7,
    f"/api/cases.csv?{FILTERS}": 10,
    "/api/findings/": 3,  # count, page with its two counts as subqueries, Last-Modified
    "/api/findings/beyond-co-production/": 2,
    "/api/quotations/": 4,
    "/api/quotations/?finding=beyond-co-production": 5,  # + validation 1
    "/api/quotations/wirral-joint-outcomes/": 3,
    "/api/evidence-links/": 3,
    "/api/evidence-links/?finding=beyond-co-production": 4,
    "/api/sources/": 3,
    "/api/sources/report-2019/": 2,
    "/api/typologies/": 3,
    "/api/accountability-modes/": 3,
    "/api/sectors/": 3,
    "/api/regions/": 3,
    "/api/nations/": 3,
    "/api/policy-areas/": 3,
    "/api/funding-models/": 3,
    "/api/codebook/": 8,  # 7 lookup tables, Last-Modified
}


def synthesize(n: int) -> None:
    call_command("synthesize", cases=n, seed=1, stdout=StringIO())


def count_queries(client, urls) -> dict[str, int]:
    """Queries per URL with nothing kept: the answer cache off, the throttles' counts and the
    downloads' files cleared before each request."""
    counts = {}
    for url in urls:
        cache.clear()
        shutil.rmtree(settings.DOWNLOADS_DIR, ignore_errors=True)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(captured)
    return counts


@pytest.mark.parametrize("budgets", [HTML_BUDGETS, API_BUDGETS], ids=["html", "api"])
def test_query_counts_are_the_same_at_10_and_500_cases(client, dataset, budgets, no_answer_cache):
    synthesize(10)
    at_10 = count_queries(client, budgets)
    synthesize(500)
    at_500 = count_queries(client, budgets)
    grew = {url: (at_10[url], at_500[url]) for url in budgets if at_10[url] != at_500[url]}
    assert grew == {}, "query counts that change with the number of cases (at 10, at 500)"
    assert at_10 == budgets, at_10
