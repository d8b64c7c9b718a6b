"""`manage.py synthesize`: synthetic cases are deterministic for a seed, marked, and removable."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from cases.models import Case, CaseFieldCitation, Source, SourceOrigin
from cases.revision import dataset_changed_at
from cases.synthetic import SLUG_PREFIX, SOURCE_KEY
from findings.models import CaseFinding, Quotation

N = 25
# Values that identify a synthetic case's content (ids and timestamps differ between runs).
CASE_FIELDS = [
    "slug",
    "name",
    "lead_organisation",
    "initiative_name",
    "place_label",
    "latitude",
    "longitude",
    "started",
    "permanence",
    "summary",
    "description",
    "sector__slug",
    "region__slug",
    "funding_model__slug",
    "classifications__study__slug",
    "classifications__typology__slug",
    "classifications__basis",
]


def synthesize(*args) -> str:
    out = StringIO()
    call_command("synthesize", *args, stdout=out)
    return out.getvalue()


def synthetic_content() -> dict:
    cases = Case.objects.filter(slug__startswith=SLUG_PREFIX).order_by("slug")
    return {
        "cases": list(cases.values_list(*CASE_FIELDS)),
        "modes": sorted(cases.values_list("slug", "accountability_modes__slug")),
        "areas": sorted(cases.values_list("slug", "policy_areas__slug")),
        "findings": sorted(cases.values_list("slug", "findings__slug")),
        "quotations": sorted(
            Quotation.objects.filter(case__in=cases).values_list(
                "slug", "case__slug", "text", "speaker_role", "findings__slug"
            ),
            key=repr,
        ),
    }


def dataset_rows() -> dict:
    """Every row of the knowledge base's tables, as values (ids included)."""
    rows = {}
    for model in apps.get_app_config("cases").get_models():
        if model._meta.model_name != "datasetrevision":
            rows[model._meta.label] = sorted(map(repr, model.objects.values()))
    for model in apps.get_app_config("findings").get_models():
        rows[model._meta.label] = sorted(map(repr, model.objects.values()))
    through = Quotation.findings.through
    rows["quotation findings"] = sorted(map(repr, through.objects.values()))
    return rows


def test_creates_n_marked_cases_with_links_and_quotations(dataset):
    output = synthesize("--cases", str(N), "--seed", "3")
    assert f"{N} cases" in output
    cases = Case.objects.filter(slug__startswith=SLUG_PREFIX)
    assert cases.count() == N
    assert Case.objects.exclude(slug__startswith=SLUG_PREFIX).count() == 10
    source = Source.objects.get(key=SOURCE_KEY)
    assert source.origin == SourceOrigin.EXTERNAL
    assert "synthesize" in source.note
    for case in cases.prefetch_related(
        "classifications", "finding_links", "quotations", "policy_area_links"
    ):
        assert 2 <= len(case.finding_links.all()) <= 4
        assert 2 <= len(case.quotations.all()) <= 3
        assert 1 <= len(case.policy_area_links.all()) <= 3
        (classification,) = case.classifications.all()
        assert classification.source == source
    # Every citation of a synthetic row points at the synthetic source.
    for model in (CaseFinding, Quotation, CaseFieldCitation):
        linked = model.objects.filter(case__slug__startswith=SLUG_PREFIX)
        assert linked.exists()
        assert not linked.exclude(source=source).exists()
    # All dimensions are used, several values each.
    assert cases.values("sector").distinct().count() == 2
    assert cases.values("region").distinct().count() >= 3
    assert cases.values("classifications__typology").distinct().count() >= 3


def test_same_seed_gives_the_same_cases_and_another_seed_others(dataset):
    synthesize("--cases", str(N), "--seed", "7")
    first = synthetic_content()
    synthesize("--cases", str(N), "--seed", "7")  # replaces the rows, never adds to them
    assert Case.objects.filter(slug__startswith=SLUG_PREFIX).count() == N
    assert synthetic_content() == first
    synthesize("--cases", str(N), "--seed", "8")
    assert synthetic_content()["cases"] != first["cases"]


def test_remove_leaves_the_real_dataset_as_it_was(dataset):
    before = dataset_rows()
    synthesize("--cases", str(N), "--seed", "1")
    assert dataset_rows() != before
    output = synthesize("--remove")
    assert f"{N} cases" in output
    assert dataset_rows() == before
    assert "nothing" in synthesize("--remove")


def test_keeps_the_synthetic_source_while_a_real_fact_cites_it(dataset):
    synthesize("--cases", "2")
    real = Case.objects.get(slug="kibble")
    CaseFieldCitation.objects.create(
        case=real, field_name="started", source=Source.objects.get(key=SOURCE_KEY)
    )
    synthesize("--remove")
    assert not Case.objects.filter(slug__startswith=SLUG_PREFIX).exists()
    assert Source.objects.filter(key=SOURCE_KEY).exists()
    assert real.field_citations.filter(source__key=SOURCE_KEY).exists()


def test_bumps_the_dataset_revision(dataset):
    before = dataset_changed_at()
    synthesize("--cases", "3")
    after = dataset_changed_at()
    assert after > before
    synthesize("--remove")
    assert dataset_changed_at() > after


def test_dry_run_saves_nothing(dataset):
    output = synthesize("--cases", "5", "--dry-run")
    assert "Dry run" in output
    assert not Case.objects.filter(slug__startswith=SLUG_PREFIX).exists()
    assert not Source.objects.filter(key=SOURCE_KEY).exists()


def test_refuses_an_empty_database(db):
    with pytest.raises(CommandError, match="load the dataset first"):
        synthesize("--cases", "3")
