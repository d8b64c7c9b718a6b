"""Searches are answered by the full-text indexes alone; partial words still match.

The case list's `q` (cases/search.py) and the site search (search/queries.py) match, on
PostgreSQL, the stored `search_document` columns through their GIN indexes and, on SQLite, the
FTS5 tables that triggers keep in step, with every word also as a prefix ("harr" finds Harrow).
No substring condition (LIKE) sits beside them to make the database read every row.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Case
from cases.search import FtsQuery, fts_query, search_cases
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


HOSTILE = [
    *["the", "&", "!:*", "'", "a:* | b", "(x", "\\", "_", "中文", "-", '"', "or", "or or"],
    # FTS5's own syntax, which must reach it as words or not at all
    *["harr*", "NEAR(young harrow)", "young AND", "NOT young", "name:harrow", "{name}: x"],
    *['"young', 'young"', '""', '"-"', "^young", "+", "young + harrow", "-young -", "--x", "a-"],
    *["\x00", "young\x00harrow", "'; DROP TABLE cases_case; --", "%", "%%s", "\ue000"],
    "young " * 33,  # 198 characters, more words than FTS5 would nest
]


@pytest.mark.parametrize("text", HOSTILE)
def test_any_text_is_a_valid_search(client, cases, text):
    # The form fields refuse a NUL: a 400 that says so, never an error.
    status = 400 if "\x00" in text else 200
    assert client.get(reverse("cases:list"), {"q": text}).status_code == status
    assert client.get("/api/cases/", {"q": text}).status_code == status
    assert client.get(reverse("search:results"), {"q": text}).status_code == status
    search_cases(Case.objects.all(), text).count()  # the query itself, unchecked by any form
    site_search(text)


def test_a_very_long_search_is_still_a_search(cases):
    assert names("young " * 1000) == ["Kibble", "Young Harrow Foundation"]
    assert names("x" * 10_000) == []


def test_websearch_syntax_works_on_both_databases(cases):
    assert names('"joint outcomes"') == ["Wirral Council"]
    assert names('"outcomes joint"') == []
    assert names("wirral or kibble") == ["Kibble", "Wirral Council"]
    assert names("young -harrow") == ["Kibble"]
    assert names("-harrow") == ["Kibble", "Wirral Council"]
    assert names("young or -harrow") == ["Kibble", "Wirral Council", "Young Harrow Foundation"]
    assert names('young -"harrow foundation"') == ["Kibble"]
    assert names("the young") == ["Kibble", "Young Harrow Foundation"]  # stop words drop out


@pytest.mark.parametrize(
    "text, query",
    [
        ("alliances", '("alliances"*)'),
        ("Joint outcomes", '("Joint"* AND "outcomes"*)'),
        ('"joint outcomes"', '("joint"* + "outcomes"*)'),
        ('"the joint of the outcomes"', '("joint"* + "of" + "the" + "outcomes"*)'),
        ("o'neil", '("o"* + "neil"*)'),
        ("a or b c", '("b"* AND "c"*)'),  # "a" is a stop word: nothing to be "or"
        ("wirral or kibble", '("wirral"*) OR ("kibble"*)'),
        ("young -harrow -x", '((("young"*) NOT "harrow"*) NOT "x"*)'),
        ("NEAR(x) AND y*", '("NEAR"* + "x"* AND "y"*)'),  # "and" is a stop word
        ('"', ""),
        ("the of", ""),
        ("*:^", ""),
    ],
)
def test_the_readers_words_become_a_safe_fts5_query(text, query):
    assert fts_query(text).matching == query


def test_a_group_of_excluded_words_alone_is_kept_apart(cases):
    assert fts_query("-harrow -x or young") == FtsQuery('("young"*)', ('"harrow"* OR "x"*',))


def test_each_searched_table_has_its_full_text_index(db):
    tables = ("cases_case", "findings_finding", "findings_quotation")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE indexname LIKE '%search_document'"
            )
            indexes = {row[0] for row in cursor.fetchall()}
            # Findings, a few dozen, are parsed at query time (search/queries.py).
            assert indexes == {
                "cases_case_search_document",
                "findings_quotation_search_document",
            }
            return
        cursor.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'")
        triggers = set(cursor.fetchall())
        for table in tables:
            for event in ("insert", "delete", "update"):
                assert (f"{table}_fts_{event}", table) in triggers
            # FTS5 compares its index with the text of the table it indexes.
            cursor.execute(
                f"INSERT INTO {table}_fts({table}_fts, rank) VALUES ('integrity-check', 1)"
            )


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
    # One per kind of record, each with its count; then the found cases' types, by their ids.
    choosing = [q for q in captured if not q["sql"].startswith('SELECT "cases_classification"')]
    assert (len(choosing), len(captured)) == (3, 4)
    assert [hit.obj.name for hit in results.groups[0].hits] == ["Young Harrow Foundation"]
    with connection.cursor() as cursor:
        for query in choosing:
            cursor.execute(f"EXPLAIN {query['sql']}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            chosen = conditions(plan)
            assert not [line for line in chosen if "~~" in line], plan
            assert any("@@" in line for line in chosen), plan


def test_the_start_of_a_word_matches_and_its_middle_does_not(cases):
    # Both databases match words and their beginnings from their indexes, not any substring.
    assert names("harr") == ["Young Harrow Foundation"]
    assert names("arro") == []


def test_the_sqlite_search_reads_the_fts5_index(cases):
    if connection.vendor != "sqlite":
        return  # PostgreSQL: test_the_site_search_chooses_rows_with_full_text_conditions_only
    with CaptureQueriesContext(connection) as captured:
        site_search("harr")
        search_cases(Case.objects.all(), "harr").count()
    for query in captured:
        if query["sql"].startswith('SELECT "cases_classification"'):
            continue  # the found cases' types, read by their ids
        # The conditions that choose rows (LIKE only orders them: a title that holds the words).
        where = query["sql"].rsplit(" WHERE ", 1)[1].split(" ORDER BY ")[0]
        assert "LIKE" not in where, query["sql"]
        assert "_fts MATCH" in where, query["sql"]
