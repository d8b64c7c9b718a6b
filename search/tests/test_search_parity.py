"""A search finds the same records on SQLite (FTS5, porter) as on PostgreSQL (tsvector, english).

These run on both databases (SQLite by default; PostgreSQL with DATABASE_URL=postgres://…) with
the same expected slugs, through the three ways in: the site search page, the API and the case
list, which share cases/search.py.
"""

import pytest
from django.urls import reverse

from cases.models import Case
from cases.search import search_cases
from search.queries import site_search
from tests.factories import make_case, make_finding, make_quotation

PLYMOUTH = ["plymouth-public-health"]  # "… formalised as an alliance contract."


def api_slugs(client, q: str) -> list[str]:
    response = client.get("/api/cases/", {"q": q})
    assert response.status_code == 200
    return sorted(record["slug"] for record in response.json()["results"])


def list_slugs(client, q: str) -> list[str]:
    response = client.get(reverse("cases:list"), {"q": q})
    assert response.status_code == 200
    return sorted(case.slug for case in response.context["object_list"])


def search_slugs(client, q: str) -> dict[str, list[str]]:
    response = client.get(reverse("search:results"), {"q": q})
    assert response.status_code == 200
    return {
        group.key: sorted(hit.obj.slug for hit in group.hits)
        for group in response.context["results"].groups
    }


@pytest.mark.parametrize(
    "q, cases, quotations",
    [
        ("alliance", PLYMOUTH, []),
        ("alliances", PLYMOUTH, []),  # another form of the word: stemmed on both
        ("Alliance contracts", PLYMOUTH, []),
        ('"alliance contract"', PLYMOUTH, []),  # a phrase
        ('"contract alliance"', [], []),  # the same words in another order
        ("joint commissioning", PLYMOUTH, []),
        ('"joint outcomes"', [], ["wirral-joint-outcomes"]),
        ("joint outcomes", [], ["wirral-joint-outcomes"]),
        (
            "wirral or kibble",
            ["kibble", "wirral-council"],
            ["wirral-eight-sectors", "wirral-joint-outcomes"],
        ),
        ("harr", ["young-harrow-foundation"], []),  # the start of a word
        ("arro", [], []),  # the middle of a word: neither database
        ("the", [], []),  # a stop word alone: nothing to search for
    ],
)
def test_the_same_words_find_the_same_cases_everywhere(client, dataset, q, cases, quotations):
    assert api_slugs(client, q) == cases
    assert list_slugs(client, q) == cases
    found = search_slugs(client, q)
    assert found["cases"] == cases
    assert found["quotations"] == quotations


def test_excluded_words_leave_the_other_cases(client, dataset):
    everything = sorted(Case.objects.values_list("slug", flat=True))
    assert api_slugs(client, "young -harrow") == ["kibble"]
    without_harrow = [slug for slug in everything if slug != "young-harrow-foundation"]
    assert api_slugs(client, "-harrow") == without_harrow
    assert list_slugs(client, "-harrow") == without_harrow


def test_other_forms_of_a_word_match_and_names_rank_first(db):
    make_finding(title="Embedding collaborative practice", summary="How it lasts.")
    make_case(name="Collaboration Trust", summary="A trust.")
    make_case(name="Other", summary="They collaborate a little.")
    results = {group.key: group for group in site_search("collaborating").groups}
    finding = results["findings"].hits[0]
    # The word the search matched is marked, though the reader typed another form of it.
    assert "<mark>collaborative</mark>" in str(finding.marked["title"])
    names = [hit.obj.name for hit in results["cases"].hits]
    assert names == ["Collaboration Trust", "Other"]


def test_the_index_follows_every_write(db):
    def found(text: str) -> list[Case]:
        return list(search_cases(Case.objects.all(), text))

    case = make_case(name="Quiet place", summary="Nothing here.")
    assert found("quiet") == [case]
    assert found("lighthouse") == []
    case.summary = "A lighthouse keepers' cooperative."
    case.save()
    assert found("lighthouses") == [case]
    assert found("nothing") == []
    Case.objects.filter(pk=case.pk).update(name="Beacon")
    assert found("beacons") == [case]
    assert found("quiet") == []
    case.delete()
    assert found("lighthouse") == []


def test_quotations_and_findings_follow_their_writes(db):
    quotation = make_quotation(text="We pooled the budgets.", speaker_role="Treasurer")
    finding = make_finding(title="Pooled budgets", summary="Money shared.")

    def slugs(text: str) -> dict[str, list[str]]:
        return {g.key: [hit.obj.slug for hit in g.hits] for g in site_search(text).groups}

    assert slugs("budget") == {
        "cases": [],
        "findings": [finding.slug],
        "quotations": [quotation.slug],
    }
    quotation.text = "We shared the money."
    quotation.save()
    finding.delete()
    assert slugs("budget") == {"cases": [], "findings": [], "quotations": []}
    assert slugs("treasurers")["quotations"] == [quotation.slug]
