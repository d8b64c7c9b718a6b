"""Search puts the case whose name is the query first, on SQLite and on PostgreSQL, and on
PostgreSQL it reads the stored, indexed search document (that every write keeps it in step, on
both databases: test_search_parity.py)."""

from io import StringIO

import pytest
from django.contrib.postgres.search import SearchVector
from django.core.management import call_command
from django.db import connection

from cases.models import Case
from cases.search import StoredDocument, search_cases
from cases.synthetic import SLUG_PREFIX
from findings.models import Quotation
from search.queries import SEARCHABLES, quotation_document, search_quotations, site_search
from tests.factories import make_case, make_region, make_sector


def case_names(text: str) -> list[str]:
    cases = next(group for group in site_search(text).groups if group.key == "cases")
    return [hit.obj.name for hit in cases.hits]


@pytest.fixture
def many_cases(dataset):
    """The ten real cases and 300 synthetic ones, whose texts share many words."""
    call_command("synthesize", cases=300, seed=5, stdout=StringIO())


@pytest.mark.parametrize("name", ["Young Harrow Foundation", "Wirral Council", "Golden Key"])
def test_a_real_case_named_exactly_comes_first(many_cases, name):
    assert case_names(name)[0] == name


def test_a_synthetic_case_named_exactly_comes_first(many_cases):
    # Synthetic names are a place and a kind of body ("Ashby Network"); other cases share either.
    names = Case.objects.filter(slug__startswith=SLUG_PREFIX).values_list("name", flat=True)
    for name in sorted(set(names))[:: len(names) // 10]:
        assert case_names(name)[0] == name, name


def test_the_exact_name_beats_mentions_and_longer_names(db):
    sector, region = make_sector(), make_region()
    for name, summary in [
        ("Harrow Hub Network", "A network around the Harrow Hub."),
        ("Borough partnership", "Works with Harrow Hub and other hubs in Harrow: Harrow Hub."),
        ("Hub of Harrow", "A hub."),
        ("Harrow Hub", "A hub for families."),
        ("Another", "Harrow hub, Harrow hub, Harrow hub."),
    ]:
        make_case(name=name, summary=summary, sector=sector, region=region)
    names = case_names("Harrow Hub")
    assert names[0] == "Harrow Hub"
    assert set(names) >= {"Harrow Hub Network", "Borough partnership", "Another"}


@pytest.mark.postgres
def test_the_stored_document_is_the_weighted_document_the_search_ranks(many_cases):
    """Migration 0003's generated column weighs each field as search/queries.py says."""
    spec = next(spec for spec in SEARCHABLES if spec.key == "cases")
    weighted = None
    for name, weight in spec.weighted:
        part = SearchVector(name, config="english", weight=weight)
        weighted = part if weighted is None else weighted + part
    rows = Case.objects.annotate(stored=StoredDocument(), computed=weighted).values_list(
        "stored", "computed"
    )
    assert len(rows) == 310
    assert all(stored == computed for stored, computed in rows)


@pytest.mark.postgres
def test_the_case_search_reads_the_gin_index_alone(many_cases):
    with connection.cursor() as cursor:
        # On 310 rows a sequential scan is cheaper; forbid it to see that the index matches.
        cursor.execute("SET LOCAL enable_seqscan = off")
        # Every case (all_objects): with the public's published-only condition, at 310 rows the
        # planner may walk a partial index of published cases instead, as cheap here as the GIN.
        plan = search_cases(Case.all_objects.order_by(), "alliance contract").explain()
        cursor.execute("SET LOCAL enable_seqscan = on")
    assert "Bitmap Index Scan on cases_case_search_document" in plan
    assert "~~" not in plan  # no substring match (LIKE) beside the full-text one
    assert "Seq Scan" not in plan


def quotation_slugs(text: str) -> list[str]:
    quotations = next(group for group in site_search(text).groups if group.key == "quotations")
    return [hit.obj.slug for hit in quotations.hits]


@pytest.mark.postgres
def test_quotations_rank_with_their_stored_document_as_with_the_parsed_fields(many_cases):
    """Migration findings/0002's column plus the case's name is the vector parsed from the three
    fields, so quotations rank as they did before it."""
    spec = next(spec for spec in SEARCHABLES if spec.key == "quotations")
    parsed = None
    for name, weight in spec.weighted:
        part = SearchVector(name, config="english", weight=weight)
        parsed = part if parsed is None else parsed + part
    rows = Quotation.objects.annotate(stored=quotation_document(), computed=parsed).values_list(
        "stored", "computed"
    )
    assert len(rows) > 600
    assert all(stored == computed for stored, computed in rows)


@pytest.mark.postgres
def test_the_quotation_search_can_use_the_indexes_of_both_tables(many_cases):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = search_quotations(Quotation.objects.order_by(), "joint outcomes").explain()
        cursor.execute("SET LOCAL enable_seqscan = on")
    for index in ("findings_quotation_search_document", "cases_case_search_document"):
        assert f"Index Scan on {index}" in plan, index
    assert "~~" not in plan  # no substring match (LIKE) beside the full-text one
    # What is left per quotation is two hash lookups: no quotation's text is parsed.
    assert "to_tsvector('english'::regconfig, COALESCE(" not in plan.split("SubPlan")[0]
    assert "(hashed SubPlan 1) OR (hashed SubPlan 2)" in plan


def test_quotations_match_their_own_words_and_their_case_name(many_cases):
    assert "wirral-joint-outcomes" in quotation_slugs("joint outcomes")
    by_case = set(quotation_slugs("Wirral Council"))
    wirral = set(
        Quotation.objects.filter(case__slug="wirral-council").values_list("slug", flat=True)
    )
    assert wirral and wirral <= by_case
    assert "wirral-joint-outcomes" in quotation_slugs("wirr")  # the start of the case's name
