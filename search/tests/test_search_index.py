"""On PostgreSQL, searches are answered by the full-text indexes alone; partial words still match.

The case list's `q` (cases/search.py) and the site search (search/queries.py) match the stored
`search_document` columns through their GIN indexes, with every word also as a prefix ("harr"
finds Harrow). No substring condition (LIKE) sits beside them to make the database read every row;
SQLite keeps its substring match.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Case
from cases.search import search_cases
from search.queries import site_search
from tests.factories import make_case, make_quotation

postgres_only = pytest.mark.postgres


def names(text: str) -> list[str]:
    return sorted(search_cases(Case.objects.all(), text).values_list("name", flat=True))


@pytest.fixture
def cases(db):
    make_case(name="Young Harrow Foundation", summary="Young people in Harrow.")
    make_case(name="Wirral Council", summary="Joint outcomes across the borough.")
    make_case(name="Kibble", summary="A charity for young people in Paisley.")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("harr", ["Young Harrow Foundation"]),
        ("Wirr", ["Wirral Council"]),
        ("young peop", ["Kibble", "Young Harrow Foundation"]),
        ("joint outcomes", ["Wirral Council"]),
    ],
)
def test_the_start_of_a_word_finds_the_case(cases, text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text", ["the", "&", "!:*", "'", "a:* | b", "(x", "\\", "_", "中文", "-", '"', "or"]
)
def test_any_text_is_a_valid_search(client, cases, text):
    assert client.get(reverse("cases:list"), {"q": text}).status_code == 200
    assert client.get(reverse("search:results"), {"q": text}).status_code == 200


@postgres_only
def test_websearch_syntax_still_works(cases):
    assert names('"joint outcomes"') == ["Wirral Council"]
    assert names("wirral or kibble") == ["Kibble", "Wirral Council"]
    assert names("young -harrow") == ["Kibble"]


@postgres_only
def test_the_trigram_indexes_are_gone_and_the_full_text_ones_remain(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename IN ('cases_case', 'findings_quotation')"
        )
        indexes = {row[0] for row in cursor.fetchall()}
    assert not {index for index in indexes if index.endswith("_trgm")}
    assert {"cases_case_search_document", "findings_quotation_search_document"} <= indexes


def conditions(plan: str) -> list[str]:
    """The lines of a plan that choose rows (not the sort keys, which only order the matches)."""
    return [line for line in plan.splitlines() if re.search(r"(Filter|Cond):", line)]


@postgres_only
def test_the_site_search_chooses_rows_with_full_text_conditions_only(cases):
    make_quotation(case=Case.objects.get(name="Wirral Council"), text="We share outcomes.")
    with CaptureQueriesContext(connection) as captured:
        results = site_search("harr")
    assert len(captured) == 3  # one per kind of record, each with its count
    assert [hit.obj.name for hit in results.groups[0].hits] == ["Young Harrow Foundation"]
    with connection.cursor() as cursor:
        for query in captured:
            cursor.execute(f"EXPLAIN {query['sql']}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            chosen = conditions(plan)
            assert not [line for line in chosen if "~~" in line], plan
            assert any("@@" in line for line in chosen), plan


def test_the_start_of_a_word_matches_everywhere_and_its_middle_only_on_sqlite(cases):
    assert names("harr") == ["Young Harrow Foundation"]
    # PostgreSQL matches words and their beginnings from its index; SQLite, with no index for
    # text, matches any substring.
    infix = ["Young Harrow Foundation"] if connection.vendor == "sqlite" else []
    assert names("arro") == infix
