"""Until the browsing pages exist, `/` lists the cases with their sector and place."""

import pytest
from django.urls import reverse

from tests.factories import make_case


def test_home_lists_the_ten_cases_with_sector_and_place(client, dataset):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "10 cases" in page
    for text in (
        "Young Harrow Foundation",
        "Harrow (North-West London)",
        "Kibble",
        "Paisley (Scotland)",
        "Public sector",
        "Charity",
    ):
        assert text in page
    assert page.count("editorial inference") >= 9
    assert "Not classified" in page


@pytest.mark.parametrize("n_cases", [1, 30])
def test_home_runs_one_query_whatever_the_number_of_cases(
    client, db, n_cases, django_assert_max_num_queries
):
    for _ in range(n_cases):
        make_case()
    # cases joined with sector, region, nation and typology
    with django_assert_max_num_queries(1):
        response = client.get(reverse("home"))
    assert response.status_code == 200
