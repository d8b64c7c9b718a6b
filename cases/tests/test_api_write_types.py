"""A write takes each field's value in the JSON type the schema gives it; any other is a 400."""

import pytest

from cases.models import Case
from findings.models import Quotation

STRING = "Must be a string."
INTEGER = "Must be an integer."
DECIMAL = "Must be a number."
SLUGS = "Must be a list, each item a string."


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", 5, STRING),
        ("summary", ["A list."], STRING),
        ("sector", 5, STRING),  # a slug
        ("permanence", True, STRING),  # a choice
        ("started", "2016", INTEGER),
        ("started", 2016.5, INTEGER),
        ("started", True, INTEGER),
        ("latitude", "55.8", DECIMAL),
        ("longitude", {"value": "-4.4"}, DECIMAL),
    ],
)
def test_a_case_field_of_another_json_type_is_refused_by_name(
    dataset, editor_api, field, value, message
):
    before = Case.objects.values().get(slug="kibble")
    response = editor_api.patch("/api/cases/kibble/", {field: value}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {field: [message]}
    assert Case.objects.values().get(slug="kibble") == before


def test_every_field_of_the_wrong_type_is_named_and_nothing_is_saved(dataset, editor_api):
    before = Case.objects.values().get(slug="kibble")
    response = editor_api.patch(
        "/api/cases/kibble/",
        {"name": 5, "started": "2016", "summary": "Right type, not saved."},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"name": [STRING], "started": [INTEGER]}
    assert Case.objects.values().get(slug="kibble") == before


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("case", 5, STRING),
        ("text", False, STRING),
        ("order", "2", INTEGER),
        ("findings", "trusting-culture", SLUGS),
        ("findings", ["trusting-culture", 5], SLUGS),
    ],
)
def test_a_quotation_field_of_another_json_type_is_refused_by_name(
    dataset, editor_api, field, value, message
):
    quotation = {
        "slug": "kibble-words",
        "text": "We changed how we work.",
        "speaker_role": "Chief Executive",
        "case": "kibble",
        "source": "briefing-2018",
        field: value,
    }
    response = editor_api.post("/api/quotations/", quotation, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {field: [message]}
    assert not Quotation.objects.filter(slug="kibble-words").exists()


def test_an_evidence_link_field_of_another_json_type_is_refused_by_name(dataset, editor_api):
    link = {"case": "kibble", "finding": "trusting-culture", "source": 2018, "basis": 1}
    response = editor_api.post("/api/evidence-links/", link, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"source": [STRING], "basis": [STRING]}


def test_null_is_still_taken_where_a_field_allows_it(dataset, editor_api):
    cleared = {"started": None, "funding_model": None, "latitude": None, "longitude": None}
    response = editor_api.patch("/api/cases/kibble/", cleared, format="json")
    assert response.status_code == 200, response.json()
    case = Case.objects.get(slug="kibble")
    assert (case.started, case.funding_model, case.latitude, case.longitude) == (None,) * 4


def test_null_where_a_field_refuses_it_is_not_called_a_wrong_type(dataset, editor_api):
    response = editor_api.patch("/api/cases/kibble/", {"name": None}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"name": ["This field may not be null."]}


def test_the_right_types_are_saved(dataset, editor_api):
    right = {"started": 2016, "latitude": 55.84, "longitude": -4.42, "sector": "charity"}
    response = editor_api.patch("/api/cases/kibble/", right, format="json")
    assert response.status_code == 200, response.json()
    assert Case.objects.get(slug="kibble").started == 2016


def test_form_input_of_the_browsable_api_is_text_and_still_read(dataset, editor_api):
    response = editor_api.patch("/api/cases/kibble/", {"started": "2016"}, format="multipart")
    assert response.status_code == 200, response.json()
    assert Case.objects.get(slug="kibble").started == 2016
