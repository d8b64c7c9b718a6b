"""Editors can open and edit every record in the admin, and bad input is explained, not saved."""

import pytest
from django.contrib import admin
from django.urls import reverse

from cases.models import Case, Study, Typology
from findings.models import Finding
from tests.factories import make_region, make_sector, make_study, make_typology

pytestmark = pytest.mark.django_db


def form_data(client, url, **fields):
    """The admin form at `url` as the browser would submit it, with `fields` filled in."""
    context = client.get(url).context
    data = {}
    form = context["adminform"].form
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is not None:
            data[name] = value.pk if hasattr(value, "pk") else value
    for inline in context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{management.prefix}-{name}"] = management[name].value()
        for index, inline_form in enumerate(inline.formset.forms):
            for name in inline_form.fields:
                value = inline_form[name].value()
                if value is not None:
                    data[f"{inline.formset.prefix}-{index}-{name}"] = value
    data.update(fields)
    return {key: ("" if value is None else value) for key, value in data.items()}


def test_every_model_has_a_working_list_page(admin_client, dataset):
    for model in admin.site._registry:
        if model._meta.app_label not in ("cases", "findings"):
            continue
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        response = admin_client.get(url, {"q": "wirral"})
        assert response.status_code == 200, url


def test_case_page_edits_its_quotations_evidence_and_accountability_in_one_page(
    admin_client, dataset
):
    case = Case.objects.get(slug="wirral-council")
    response = admin_client.get(reverse("admin:cases_case_change", args=[case.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    for heading in (
        "Quotations",
        "Findings this case illustrates",
        "Accountability links",
        "Policy area links",
        "Sources of this case",
    ):
        assert heading in page
    assert "joint outcomes, rather than around organisational delivery" in page


def test_finding_page_shows_the_cases_behind_it(admin_client, dataset):
    finding = Finding.objects.get(slug="partnership-not-competition")
    response = admin_client.get(reverse("admin:findings_finding_change", args=[finding.pk]))
    assert response.status_code == 200
    assert "Cases that illustrate this finding" in response.content.decode()


def new_case_fields():
    return {
        "name": "Barnsley Council",
        "slug": "barnsley-council",
        "place_label": "Barnsley",
        "summary": "A council-wide programme with local charities.",
        "sector": make_sector().pk,
        "region": make_region().pk,
        "latitude": "53.55",
        "longitude": "-1.48",
        "permanence": "unknown",
    }


def test_saving_a_valid_case_creates_it(admin_client):
    url = reverse("admin:cases_case_add")
    response = admin_client.post(url, form_data(admin_client, url, **new_case_fields()))
    assert response.status_code == 302
    assert Case.objects.filter(slug="barnsley-council").exists()


def test_saving_a_case_with_an_impossible_latitude_explains_and_saves_nothing(admin_client):
    url = reverse("admin:cases_case_add")
    fields = {**new_case_fields(), "latitude": "200"}
    response = admin_client.post(url, form_data(admin_client, url, **fields))
    assert response.status_code == 200
    assert "Latitude must be between -90 and 90." in response.content.decode()
    assert not Case.objects.exists()


def test_saving_an_inferred_type_without_a_reason_explains_what_to_do(admin_client):
    typology = make_typology()
    url = reverse("admin:cases_case_add")
    fields = {
        **new_case_fields(),
        "classifications-TOTAL_FORMS": "1",
        "classifications-0-study": typology.study.pk,
        "classifications-0-typology": typology.pk,
        "classifications-0-source": typology.source.pk,
        "classifications-0-basis": "inferred",
        "classifications-0-basis_reason": "",
    }
    response = admin_client.post(url, form_data(admin_client, url, **fields))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Say why the editors inferred this: an inference needs a reason." in page
    assert not Case.objects.exists()


def test_a_type_of_another_study_is_refused_in_the_case_form(admin_client):
    typology, other = make_typology(name="Hubs"), make_study(title="Another study")
    url = reverse("admin:cases_case_add")
    fields = {
        **new_case_fields(),
        "classifications-TOTAL_FORMS": "1",
        "classifications-0-study": other.pk,
        "classifications-0-typology": typology.pk,
        "classifications-0-source": typology.source.pk,
        "classifications-0-basis": "stated",
    }
    response = admin_client.post(url, form_data(admin_client, url, **fields))
    assert response.status_code == 200
    assert "“Hubs” belongs to another study&#x27;s typology" in response.content.decode()
    assert not Case.objects.exists()


def test_a_case_slug_cannot_be_changed_once_published(admin_client, dataset):
    case = Case.objects.get(slug="kibble")
    url = reverse("admin:cases_case_change", args=[case.pk])
    response = admin_client.post(url, form_data(admin_client, url, slug="renamed"))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.slug == "kibble"


def test_a_study_page_shows_its_framework_findings_and_publications(admin_client, dataset):
    study = Study.objects.get(slug="are-we-rallying-together")
    page = admin_client.get(reverse("admin:cases_study_change", args=[study.pk])).content.decode()
    for heading in (
        "Its types of collaboration",
        "Its accountability modes",
        "Its findings",
        "Its publications",
    ):
        assert heading in page
    assert "Collaborative councils" in page and "Share responsibility" in page
    assert "Are we Rallying Together? Reflecting on our early findings" in page


def test_an_editor_can_move_an_unused_type_to_another_study(admin_client, dataset):
    first = Study.objects.get(slug="are-we-rallying-together")
    typology = make_typology(study=first, name="Not used yet")
    other = Study.objects.get(slug="rallying-together-2022")
    url = reverse("admin:cases_typology_change", args=[typology.pk])
    response = admin_client.post(url, form_data(admin_client, url, study=other.pk))
    assert response.status_code == 302
    typology.refresh_from_db()
    assert typology.study == other


def test_a_type_given_to_cases_stays_in_their_study(admin_client, dataset):
    typology = Typology.objects.get(slug="collaborative-councils")
    other = Study.objects.get(slug="rallying-together-2022")
    url = reverse("admin:cases_typology_change", args=[typology.pk])
    response = admin_client.post(url, form_data(admin_client, url, study=other.pk))
    assert response.status_code == 200
    assert "3 cases have this type in its present study." in response.content.decode()
    typology.refresh_from_db()
    assert typology.study.slug == "are-we-rallying-together"
