"""A pack's queries do not grow with its cases: the same number for 3 cases as for 20."""

import pytest
from django.urls import reverse

from packs.tests.builders import cited_case

# The dataset revision (the edge's ETag), the slugs given (one UNION), the selection's ids, the
# labels of the chosen values, the cases with their dimensions and one query per list of
# for_detail() (types, fact citations, policy areas, modes, evidence links, quotations and their
# findings), the findings with their sources, the latest release, the data's date (no release).
QUERIES = 15


@pytest.mark.parametrize("n_cases", [3, 20])
def test_the_pack_page_runs_a_fixed_number_of_queries(
    client, study, charity, n_cases, django_assert_num_queries
):
    for _ in range(n_cases):
        cited_case(study, sector=charity)

    with django_assert_num_queries(QUERIES):
        response = client.get(f"{reverse('packs:html')}?sector=charity")

    assert response.status_code == 200
    assert response.content.decode().count('class="pack-case"') == n_cases


def test_the_pdf_runs_the_pages_queries_and_no_more(
    client, study, charity, django_assert_num_queries
):
    for _ in range(3):
        cited_case(study, sector=charity)

    # WeasyPrint reads the static files from disk and asks the database nothing.
    with django_assert_num_queries(QUERIES):
        response = client.get(f"{reverse('packs:pdf')}?sector=charity")

    assert response.status_code == 200
