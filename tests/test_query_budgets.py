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
# The study whose framework (types, modes, findings) the synthesized cases are linked to.
STUDY = "are-we-rallying-together"

# URL → queries at any number of cases (nothing kept, anonymous reader). Counts are the same on
# SQLite and PostgreSQL. The slugs of every lookup filter given are checked in one query.
HTML_BUDGETS = {
    "/": 12,  # revision; pages/overview.py: types and modes 2, facets 2, headline counts 5, map 2
    "/cases/?view=map": 7,
    # revision, count, page, modes, types (by study); facets: labels 1 + every count in 1; the
    # latest release, which "Cite this view" names
    "/cases/": 8,
    f"/cases/?{FILTERS}&q=council&sort=started": 9,  # the same + the slugs checked in 1
    "/cases/?study=are-we-rallying-together&sort=typology": 9,
    # revision, case with dimensions, types (by study) and 5 cited lists, similar cases, the
    # latest release (its citation)
    "/cases/kibble/": 10,
    "/cases/wirral-council/": 11,  # the same + the quotations' findings
    # revision, case with dimensions, types and 5 cited lists, the latest release
    "/cases/kibble/cite.bib": 9,
    # revision, the slugs checked, count, facets' labels and counts, the latest release
    f"/cases/cite.bib?{FILTERS}&q=council": 6,
    "/findings/beyond-co-production/cite.ris": 3,  # revision, finding with its source, release
    "/sources/report-2019/cite.txt": 3,  # revision, source, release
    "/quotations/wirral-joint-outcomes/cite.json": 3,  # revision, quotation, release
    # revision, cases, their types, fact citations, policy areas, modes, findings (each with its
    # source)
    "/cases/compare/?case=kibble&case=wirral-council&case=young-harrow-foundation": 7,
    "/typologies/": 4,  # revision, values with counts; all cases, unclassified cases
    # revision, value, count, page, modes, types, the type's cited classifications, all, none
    "/typologies/collaborative-markets/": 9,
    "/accountability/": 4,
    "/accountability/outcomes/": 9,  # revision, value, count, page, modes, types, links, 2
    "/sectors/": 2,
    "/sectors/charity/": 6,  # revision, value, count, page, modes, types
    "/regions/": 2,
    "/regions/north-west/": 6,
    "/policy-areas/": 4,
    "/policy-areas/complex-needs/": 9,
    "/findings/": 2,
    # finding, count + page of evidence, the page's cases' types, quotations, kind, release
    "/findings/beyond-co-production/": 8,
    # revision, count, page, its findings, the four filters' counts (findings/quotation_facets.py)
    "/quotations/": 8,
    "/quotations/?case=wirral-council&speaker_role=director+of+public+health": 10,  # + 2 checked
    # revision, quotation, its findings, the latest release (its cite panel)
    "/quotations/wirral-eight-sectors/": 4,
    # revision, one per kind of record, each with its total; the cases' types
    "/search/?q=alliance": 5,
    "/search/?q=council": 5,
    "/search/?q=kibble": 5,
    "/sources/": 2,
    "/studies/": 2,  # revision, studies with their counts (cases/study_views.py)
    # revision, study with counts, types, modes, findings, page of cases, sources
    "/studies/are-we-rallying-together/": 7,
    "/studies/rallying-together-2022/": 6,  # no case: no page of cases to fetch
    "/about/": 2,
    "/changes/": 3,  # revision, count, page of entries (history/views.py)
    # is the case known, count; no entry for it here, so no page query (4 with entries)
    "/changes/?case=wirral-council": 3,
    # Revision 2 (edge, downloads); the tables (downloads/build.py): sources 1, studies 1 + their
    # types, modes, findings and publications 4, dimension tables 7, cases 1 + their linked
    # lists 1, findings 1, quotations 2, evidence links 1; the page also reads the latest release
    # revision, the selection's count and ids, labels; the contents (packs/views.py)
    "/cases/pack/?case=kibble&case=wirral-council": 15,
    # revision, the `case` slugs checked, the ids, the criteria's labels, the latest release
    "/cases/pack/cite.bib?case=kibble&case=wirral-council": 5,
    "/releases/": 2,  # revision, releases (none here)
    "/changes/feed/?case=wirral-council": 3,
    "/download/": 22,
    "/download/rallying.json": 21,
    "/download/rallying-csv.zip": 21,
}
API_BUDGETS = {
    # revision, count, the page's ids, their cases with their lookups, their linked lists
    # (cases/api.py)
    "/api/cases/": 5,
    f"/api/cases/?{FILTERS}&q=council": 6,  # + the slugs checked in 1
    "/api/cases/?page=2&page_size=5": 5,
    "/api/cases/facets/": 4,  # revision, count, labels 1, every facet's counts in 1
    f"/api/cases/facets/?{FILTERS}&q=council": 5,  # + the slugs checked in 1
    "/api/cases/kibble/": 3,  # revision, the case with its lookups, its linked lists
    "/api/cases/wirral-council/": 3,
    # The whole list, whole records, no count: revision, cases 1, linked lists 1 per 2,000 cases
    "/api/cases/?format=csv": 3,
    f"/api/cases.csv?{FILTERS}": 4,
    "/api/findings/": 3,  # revision, count, page with its two counts as subqueries
    f"/api/findings/?study={STUDY}": 4,  # + the study's slug checked
    "/api/findings/beyond-co-production/": 2,
    "/api/quotations/": 4,
    "/api/quotations/?finding=beyond-co-production": 5,  # + validation 1
    f"/api/quotations/?study={STUDY}": 5,  # + the study's slug checked
    "/api/quotations/wirral-joint-outcomes/": 3,
    "/api/evidence-links/": 3,
    "/api/evidence-links/?finding=beyond-co-production": 4,
    f"/api/evidence-links/?study={STUDY}": 4,
    "/api/sources/": 3,
    f"/api/sources/?study={STUDY}": 4,
    "/api/sources/report-2019/": 2,
    "/api/typologies/": 3,
    f"/api/typologies/?study={STUDY}": 4,
    "/api/accountability-modes/": 3,
    f"/api/accountability-modes/?study={STUDY}": 4,
    "/api/sectors/": 3,
    "/api/regions/": 3,
    "/api/nations/": 3,
    "/api/policy-areas/": 3,
    "/api/funding-models/": 3,
    # revision, count, page with counts, its types, modes, findings, publications (cases/api.py)
    "/api/studies/": 7,
    "/api/studies/rallying-together-2022/": 6,
    "/api/codebook/": 10,  # revision, 7 lookup tables, studies, the study facet's values
    # revision, the cases, their types, fact citations, policy areas, modes, findings
    "/api/cases/compare/?case=kibble&case=wirral-council": 7,
    "/api/releases/": 2,  # revision, count (no release here; with some, + page and files)
    # Before the first byte (the stream is not read here): revision, the first 200 cases and
    # their linked lists; each further 200 cases cost the same 2 as they are sent (rallying/ndjson.py)
    "/api/cases/?format=ndjson": 3,
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
        if response.streaming:
            # Read to its end, outside the count (a stream's later chunks are read as they are
            # sent), so that it is closed, with its cursor, inside this test.
            b"".join(response.streaming_content)
    return counts


@pytest.mark.parametrize("budgets", [HTML_BUDGETS, API_BUDGETS], ids=["html", "api"])
def test_query_counts_are_the_same_at_10_and_500_cases(client, dataset, budgets, no_answer_cache):
    synthesize(10)
    at_10 = count_queries(client, budgets)
    synthesize(500)
    at_500 = count_queries(client, budgets)
    grew = {url: (at_10[url], at_500[url]) for url in budgets if at_10[url] != at_500[url]}
    assert grew == {}, "query counts that change with the number of cases (at 10, at 500)"
    assert at_10 == budgets, repr(at_10)
