"""Facet counts: two queries whatever the number of cases, and the same counts as filtering gives.

cases/facets.py counts every facet in one UNION ALL and reads every lookup table in another. Each
count is checked here against the list it stands for: the cases that the other filters and that
one value select, counted by the filter itself.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.http import QueryDict

from cases.facets import build_facets
from cases.filters import FACETS, FACETS_BY_PARAM, CaseFilter, facet_condition
from cases.models import Basis, Case, CaseAccountability, Permanence, Region
from findings.models import CaseFinding, Finding
from tests.factories import (
    classify,
    make_case,
    make_finding,
    make_mode,
    make_region,
    make_sector,
    make_source,
    make_study,
    make_typology,
)

QUERIES = [
    "",
    "sector=charity",
    "typology=none",
    "typology=collaborative-councils&typology=none&region=north-west&region=scotland",
    "accountability=outcomes&finding=procurement-puzzle",
    "policy_area=complex-needs&permanence=permanent&basis=inferred&nation=england",
    "q=council&sector=public-sector",
]


def validated(query: str) -> CaseFilter:
    filterset = CaseFilter(QueryDict(query), queryset=Case.objects.all())
    assert filterset.is_valid(), filterset.errors
    return filterset


def counted(filterset: CaseFilter) -> dict[str, dict[str, int]]:
    return {
        group.param: {value.slug: value.count for value in group.values}
        for group in build_facets(filterset)
    }


def expected(filterset: CaseFilter, param: str, slug: str) -> int:
    """How many cases the list would show with this value ticked instead of the facet's own."""
    others = filterset.queryset_without(param, Case.objects.all())
    return others.filter(facet_condition(FACETS_BY_PARAM[param], [slug])).count()


@pytest.fixture
def many_cases(dataset):
    call_command("synthesize", cases=300, seed=4, stdout=StringIO())


@pytest.mark.parametrize("query", QUERIES)
def test_each_count_is_the_number_of_cases_that_value_would_list(many_cases, query):
    filterset = validated(query)
    for param, counts in counted(filterset).items():
        for slug, n in counts.items():
            assert n == expected(filterset, param, slug), (param, slug)


@pytest.mark.parametrize("n_cases", [10, 500])
def test_all_facets_cost_two_queries_whatever_the_number_of_cases(
    dataset, n_cases, django_assert_num_queries
):
    call_command("synthesize", cases=n_cases, seed=1, stdout=StringIO())
    filterset = validated(QUERIES[3] + "&accountability=outcomes&q=council")
    # The lookup tables' values (one UNION ALL), every facet's counts (another).
    with django_assert_num_queries(2):
        groups = build_facets(filterset)
    assert [group.param for group in groups] == [facet.param for facet in FACETS]


def test_a_case_with_several_values_counts_once_under_each(db):
    sector, region, source = make_sector(), make_region(), make_source()
    modes = [make_mode(), make_mode(), make_mode()]
    finding = make_finding()
    for n_modes in (2, 1, 0):
        case = make_case(sector=sector, region=region)
        for mode in modes[:n_modes]:
            CaseAccountability.objects.create(case=case, mode=mode, source=source)
        CaseFinding.objects.create(case=case, finding=finding, source=source)
    counts = counted(validated(f"finding={finding.slug}"))
    assert counts["accountability"] == {modes[0].slug: 2, modes[1].slug: 1, modes[2].slug: 0}
    # Selecting two modes keeps one row per case for the other facets' counts.
    counts = counted(validated(f"accountability={modes[0].slug}&accountability={modes[1].slug}"))
    assert counts["finding"] == {finding.slug: 2}
    assert counts["sector"] == {sector.slug: 2}


def test_values_without_cases_are_listed_in_order_with_zero(db):
    study = make_study()
    late, early = make_typology(order=2, study=study), make_typology(order=1, study=study)
    case = classify(make_case(), late)
    groups = {group.param: group for group in build_facets(validated(""))}
    typology = [(value.slug, value.count) for value in groups["typology"].values]
    assert typology == [(early.slug, 0), (late.slug, 1), ("none", 0)]
    assert [value.label for value in groups["typology"].values][-1] == "Not classified"
    permanence = {value.slug: value.count for value in groups["permanence"].values}
    assert permanence == {value: int(value == case.permanence) for value in Permanence.values}
    basis = [(value.slug, value.count) for value in groups["basis"].values]
    assert basis == [(Basis.STATED, 0), (Basis.INFERRED, 1)]


def test_unclassified_cases_are_counted_as_none(db):
    typology = make_typology()
    classify(make_case(), typology)
    make_case()
    make_case()
    counts = counted(validated(f"typology={typology.slug}"))
    assert counts["typology"] == {typology.slug: 1, "none": 2}


def test_selected_values_labels_and_finding_groups(dataset):
    groups = {group.param: group for group in build_facets(validated(QUERIES[3]))}
    selected = [value.slug for value in groups["typology"].selected_values]
    assert selected == ["collaborative-councils", "none"]
    assert [value.slug for value in groups["region"].selected_values] == [
        "north-west",
        "scotland",
    ]
    assert groups["sector"].selected_values == []
    labels = {value.slug: value.label for value in groups["sector"].values}
    assert labels == {"public-sector": "Public sector", "charity": "Charity"}
    # Findings are labelled by their title and grouped by their kind, in their own order.
    findings = [(value.slug, value.label, value.group) for value in groups["finding"].values]
    assert findings == [
        (finding.slug, finding.title, finding.get_kind_display())
        for finding in Finding.objects.all()
    ]
    regions = [(value.slug, value.label, value.group) for value in groups["region"].values]
    assert regions == [(region.slug, region.name, "") for region in Region.objects.all()]
