"""Similar cases on the case page: most shared values first, ties by name, in one query."""

from io import StringIO

import pytest
from django.core.management import call_command

from cases.models import (
    Case,
    CaseAccountability,
    CasePolicyArea,
    FundingModel,
    Nation,
    PolicyArea,
)
from findings.models import CaseFinding
from tests.factories import (
    classify,
    make_case,
    make_finding,
    make_mode,
    make_region,
    make_sector,
    make_source,
    make_typology,
)


def link(case, *, modes=(), areas=(), findings=()) -> None:
    source = make_source()
    for mode in modes:
        CaseAccountability.objects.create(case=case, mode=mode, source=source)
    for area in areas:
        CasePolicyArea.objects.create(case=case, policy_area=area, source=source)
    for finding in findings:
        CaseFinding.objects.create(case=case, finding=finding, source=source)


def similar(case: Case, limit: int = 3) -> list[tuple[str, int]]:
    loaded = Case.objects.for_detail().get(pk=case.pk)
    return [(other.slug, other.similarity) for other in Case.objects.similar_to(loaded, limit)]


@pytest.fixture
def world(db):
    """A case and others sharing more or fewer of its values."""
    nation = Nation.objects.create(slug="nation", name="Nation")
    home, near = make_region(nation=nation), make_region(nation=nation)
    elsewhere = make_region()
    sector, other_sector = make_sector(), make_sector()
    typology = make_typology()
    funding = FundingModel.objects.create(slug="alliance-contract", name="Alliance contract")
    modes = [make_mode(), make_mode()]
    area = PolicyArea.objects.create(slug="housing", name="Housing")
    findings = [make_finding(), make_finding()]

    def case(slug, name, **fields):
        return make_case(
            slug=slug, name=name, **{"sector": other_sector, "region": elsewhere, **fields}
        )

    base = classify(
        case("base", "Base", sector=sector, region=home, funding_model=funding), typology
    )
    link(base, modes=modes, areas=[area], findings=findings)
    # typology, sector, region, nation, funding model, one mode: 6
    twin = classify(
        case("twin", "Twin", sector=sector, region=home, funding_model=funding), typology
    )
    link(twin, modes=modes[:1])
    # sector, nation, two modes, the policy area, two findings: 7
    linked = case("linked", "Linked", sector=sector, region=near)
    link(linked, modes=modes, areas=[area], findings=findings)
    # the typology alone: 1 each, in name order, then slug order
    for slug, name in [("beta", "Beta"), ("alpha-2", "Alpha"), ("alpha-1", "Alpha")]:
        classify(case(slug, name), typology)
    case("stranger", "Stranger")  # shares nothing
    return base


def test_most_shared_values_first(world):
    assert similar(world) == [("linked", 7), ("twin", 6), ("alpha-1", 1)]


def test_ties_go_by_name_then_slug_and_strangers_never_appear(world):
    assert similar(world, limit=10) == [
        ("linked", 7),
        ("twin", 6),
        ("alpha-1", 1),
        ("alpha-2", 1),
        ("beta", 1),
    ]


def test_no_typology_or_funding_model_is_not_a_shared_value(db):
    sector, region = make_sector(), make_region()
    lonely = make_case(sector=sector, region=region)
    other = make_case(sector=make_sector(), region=make_region())
    assert similar(lonely) == []
    neighbour = make_case(sector=sector, region=make_region())
    assert similar(lonely) == [(neighbour.slug, 1)]
    assert (other.slug, 1) not in similar(lonely)


def oracle(case: Case, limit: int = 3) -> list[int]:
    """The best `limit` scores, computed in Python from every other case's values."""

    def values(row):
        return (
            {c.typology_id for c in row.classifications.all() if c.typology_id is not None},
            {link.mode_id for link in row.accountability_links.all()},
            {link.policy_area_id for link in row.policy_area_links.all()},
            {link.finding_id for link in row.finding_links.all()},
        )

    mine = values(case)
    scores = []
    for other in Case.objects.for_detail().exclude(pk=case.pk):
        score = sum(
            [
                other.sector_id == case.sector_id,
                other.region_id == case.region_id,
                other.region.nation_id == case.region.nation_id,
                case.funding_model_id is not None
                and other.funding_model_id == case.funding_model_id,
            ]
        ) + sum(len(a & b) for a, b in zip(mine, values(other), strict=True))
        if score:
            scores.append(score)
    return sorted(scores, reverse=True)[:limit]


def test_scores_match_a_count_of_every_shared_value(dataset):
    call_command("synthesize", cases=150, seed=7, stdout=StringIO())
    for slug in ["wirral-council", "kibble", "golden-key"]:
        case = Case.objects.for_detail().get(slug=slug)
        assert [score for _, score in similar(case, limit=5)] == oracle(case, limit=5), slug


@pytest.mark.parametrize("n_cases", [10, 500])
def test_similar_cases_cost_one_query_whatever_the_number_of_cases(
    dataset, n_cases, django_assert_num_queries
):
    call_command("synthesize", cases=n_cases, seed=1, stdout=StringIO())
    case = Case.objects.for_detail().get(slug="wirral-council")
    with django_assert_num_queries(1):
        others = list(Case.objects.similar_to(case))
    assert len(others) == 3
    assert others[0].similarity >= others[1].similarity >= others[2].similarity
