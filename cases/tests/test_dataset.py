"""The study's dataset in fixtures/: complete, exact where it must be, and honest about provenance."""

from django.apps import apps
from django.core.management import call_command

from cases.models import (
    AccountabilityMode,
    Basis,
    Case,
    CaseAccountability,
    Cited,
    Classification,
    Nation,
    Region,
    Sector,
    Source,
    Typology,
)
from findings.models import CaseFinding, Finding, Quotation

CASE_SLUGS = {
    "plymouth-public-health",
    "oldham-council",
    "wigan-council",
    "wirral-council",
    "ignite",
    "doing-the-right-thing",
    "golden-key",
    "kibble",
    "west-london-zone",
    "young-harrow-foundation",
}

PROVISIONAL_TYPOLOGY = {
    "wigan-council": "collaborative-councils",
    "oldham-council": "collaborative-councils",
    "wirral-council": "collaborative-councils",
    "plymouth-public-health": "collaborative-markets",
    "golden-key": "agents-of-change",
    "ignite": "agents-of-change",
    "doing-the-right-thing": "agents-of-change",
    "west-london-zone": "system-connectors",
    "young-harrow-foundation": "collaborative-markets",
}

# case slug: (sector, place as the briefing words it, region, nation)
PLACES = {
    "plymouth-public-health": ("public-sector", "Plymouth", "south-west", "england"),
    "oldham-council": ("public-sector", "Oldham", "north-west", "england"),
    "wigan-council": ("public-sector", "Wigan", "north-west", "england"),
    "wirral-council": ("public-sector", "Wirral", "north-west", "england"),
    "ignite": ("charity", "Coventry", "west-midlands", "england"),
    "doing-the-right-thing": ("charity", "Somerset", "south-west", "england"),
    "golden-key": ("charity", "Bristol", "south-west", "england"),
    "kibble": ("charity", "Paisley (Scotland)", "scotland", "scotland"),
    "west-london-zone": ("charity", "Inner West London", "london", "england"),
    "young-harrow-foundation": ("charity", "Harrow (North-West London)", "london", "england"),
}

WIRRAL_QUOTATIONS = {
    "Policy and Strategy Manager": (
        "The partnership in the last three years [...] has become very much more how can we work "
        "around joint outcomes, rather than around organisational delivery."
    ),
    "Director of Public Health": (
        "Instead of being eight organisations, bringing their organisational perspective to things, "
        "it's about eight sectors of expertise and knowledge coming together to see if we can solve "
        "the problem and to make that difference. [...] It's a fundamental cultural shift which is "
        "about seeing the people that come through the door as equal partners."
    ),
}

THEME_CASES = {
    "transformational-change-under-austerity": "wigan-council",
    "complex-journeys-towards-change": "oldham-council",
    "partnership-not-competition": "plymouth-public-health",
    "defining-success-measuring-for-learning": "west-london-zone",
    "beyond-co-production": "wirral-council",
}


def cited_models():
    return [model for model in apps.get_models() if issubclass(model, Cited)]


def row_counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in ("cases", "findings")
    }


def slugs(queryset):
    return set(queryset.values_list("slug", flat=True))


def test_loads_into_an_empty_database_and_again_without_duplicating(db):
    assert Case.objects.count() == 0
    call_command("load_dataset", verbosity=0)
    first = row_counts()
    call_command("load_dataset", "--reload", verbosity=0)
    assert row_counts() == first
    assert first["cases.Case"] == 10


def test_holds_the_ten_cases_and_the_studys_vocabularies(dataset):
    assert slugs(Case.objects) == CASE_SLUGS
    assert list(Typology.objects.values_list("slug", flat=True)) == [
        "collaborative-councils",
        "collaborative-markets",
        "agents-of-change",
        "system-connectors",
    ]
    assert list(AccountabilityMode.objects.values_list("slug", flat=True)) == [
        "results",
        "system-health",
        "outcomes",
        "narratives",
        "community-reporting",
    ]
    assert slugs(Sector.objects) == {"public-sector", "charity"}
    assert slugs(Region.objects) == {
        "north-west",
        "south-west",
        "west-midlands",
        "london",
        "scotland",
    }
    assert slugs(Nation.objects) == {"england", "scotland"}


def test_every_case_has_its_sector_place_region_and_nation(dataset):
    for case in Case.objects.select_related("sector", "region__nation"):
        sector, place, region, nation = PLACES[case.slug]
        assert (case.sector.slug, case.place_label, case.region.slug, case.region.nation.slug) == (
            sector,
            place,
            region,
            nation,
        ), case.slug
        assert case.latitude is not None and case.longitude is not None


def test_every_case_names_the_source_that_lists_it(dataset):
    for case in Case.objects.all():
        listing = case.field_citations.filter(field_name="listing", source__key="briefing-2018")
        assert listing.exists(), f"{case.slug} has no source for its name, sector and place"


def test_holds_the_study_sources(dataset):
    assert {"briefing-2018", "report-2019", "article-2022"} <= set(
        Source.objects.values_list("key", flat=True)
    )
    report = Source.objects.get(key="report-2019")
    assert (report.year, report.month) == (2019, 3)
    assert report.authors == "Jo Blundell, Franziska Rosenbach, Tanyah Hameed, Clare FitzGerald"
    assert Source.objects.get(key="article-2022").doi == "10.1080/09540962.2021.1981628"


def test_every_case_is_in_the_first_study_typed_provisionally_but_kibble(dataset):
    rows = Classification.objects.select_related("case", "study", "typology", "source")
    assert {row.case.slug for row in rows} == set(Case.objects.values_list("slug", flat=True))
    assert {row.study.slug for row in rows} == {"are-we-rallying-together"}
    typed = [row for row in rows if row.typology_id]
    assert {row.case.slug: row.typology.slug for row in typed} == PROVISIONAL_TYPOLOGY
    for row in typed:
        assert row.basis == Basis.INFERRED
        assert row.basis_reason.strip(), row.case.slug
        assert row.source.key == "report-2019"
    kibble = rows.get(case__slug="kibble")
    # The briefing's table lists Kibble; nothing we could read gives it a type.
    assert kibble.typology is None and kibble.basis == Basis.STATED
    assert kibble.source.key == "briefing-2018" and "table of the ten places" in kibble.locator


def test_findings_of_every_kind(dataset):
    def of_kind(kind):
        return Finding.objects.filter(kind=kind)

    assert of_kind("rationale").count() == 4
    assert of_kind("ingredient").count() == 4
    assert of_kind("measurement").count() == 1
    assert of_kind("theme").count() == 8
    assert of_kind("open-question").count() >= 2


def test_each_theme_cites_the_case_the_briefing_places_under_it(dataset):
    links = {
        (link.finding.slug, link.case.slug)
        for link in CaseFinding.objects.select_related("finding", "case")
    }
    assert links == set(THEME_CASES.items())
    for link in CaseFinding.objects.all():
        assert link.source.key == "briefing-2018"


def test_both_wirral_quotations_are_verbatim_and_attributed(dataset):
    quotations = Quotation.objects.select_related("case", "source")
    assert {q.speaker_role: q.text for q in quotations} == WIRRAL_QUOTATIONS
    for quotation in quotations:
        assert quotation.case.slug == "wirral-council"
        assert (quotation.source.key, quotation.basis) == ("briefing-2018", Basis.STATED)
        assert slugs(quotation.findings) == {"beyond-co-production"}


def test_accountability_links_are_the_three_inferred_ones(dataset):
    links = CaseAccountability.objects.select_related("case", "mode")
    assert {(link.case.slug, link.mode.slug) for link in links} == {
        ("west-london-zone", "outcomes"),
        ("west-london-zone", "results"),
        ("wirral-council", "outcomes"),
    }
    assert all(link.basis == Basis.INFERRED for link in links)


def test_every_inferred_fact_gives_its_reason(dataset):
    for model in cited_models():
        for fact in model.objects.filter(basis=Basis.INFERRED):
            assert fact.basis_reason.strip(), f"{model.__name__} {fact} has no reason"


def test_no_stated_fact_lacks_a_source_and_a_place_in_it(dataset):
    for model in cited_models():
        for fact in model.objects.filter(basis=Basis.STATED).select_related("source"):
            assert fact.source_id is not None, f"{model.__name__} {fact} has no source"
            assert fact.locator.strip(), f"{model.__name__} {fact} does not say where in the source"


def test_every_loaded_row_passes_full_validation(dataset):
    for model in apps.get_models():
        if model._meta.app_label not in ("cases", "findings"):
            continue
        for row in model.objects.all():
            row.full_clean()
