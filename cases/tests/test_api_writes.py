"""Staff change the knowledge base through the API; everyone else only reads."""

from django.contrib.auth.models import User
from rest_framework.test import APIClient

from cases.models import Case
from findings.models import CaseFinding, Quotation

NEW_CASE = {
    "slug": "barnsley-council",
    "name": "Barnsley Council",
    "place_label": "Barnsley",
    "summary": "A council-wide programme with local charities.",
    "sector": "public-sector",
    "region": "north-west",
    "latitude": 53.55,
    "longitude": -1.48,
    "classifications": [
        {
            "study": "are-we-rallying-together",
            "typology": "collaborative-councils",
            "source": "report-2019",
            "locator": "p. 12",
            "basis": "stated",
        }
    ],
}
INFERRED_WITHOUT_REASON = [{**NEW_CASE["classifications"][0], "basis": "inferred", "reason": ""}]


def test_anonymous_writes_are_refused(dataset):
    api = APIClient()
    assert api.post("/api/cases/", NEW_CASE, format="json").status_code == 401
    assert api.patch("/api/cases/kibble/", {"summary": "x"}, format="json").status_code == 401
    assert not Case.objects.filter(slug="barnsley-council").exists()


def test_signed_in_non_staff_cannot_write(dataset):
    api = APIClient()
    api.force_authenticate(User.objects.create_user("reader"))
    response = api.post("/api/cases/", NEW_CASE, format="json")
    assert response.status_code == 403
    assert "Only editors" in response.json()["detail"]


def test_staff_create_a_case_with_a_token_and_get_the_read_shape_back(dataset, editor_api):
    response = editor_api.post("/api/cases/", NEW_CASE, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["url"] == "http://testserver/api/cases/barnsley-council/"
    (classification,) = body["classifications"]
    assert classification["type"]["slug"] == "collaborative-councils"
    assert classification["citation"] == {
        "source": "report-2019",
        "source_url": "http://testserver/api/sources/report-2019/",
        "locator": "p. 12",
        "basis": "stated",
        "reason": "",
    }


def test_every_problem_is_reported_and_nothing_is_saved(dataset, editor_api):
    bad = {
        **NEW_CASE,
        "latitude": 200,
        "sector": "guild",
        "classifications": INFERRED_WITHOUT_REASON,
        "slug": "wigan-council",
    }
    response = editor_api.post("/api/cases/", bad, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "sector" in errors and "latitude" in errors
    assert Case.objects.count() == 10


def test_model_rules_give_field_messages(dataset, editor_api):
    bad = {**NEW_CASE, "classifications": INFERRED_WITHOUT_REASON}
    errors = editor_api.post("/api/cases/", bad, format="json").json()["errors"]
    assert errors["classifications[0].reason"] == [
        "Say why the editors inferred this: an inference needs a reason."
    ]
    assert not Case.objects.filter(slug="barnsley-council").exists()
    duplicate = editor_api.post("/api/cases/", {**NEW_CASE, "slug": "kibble"}, format="json")
    assert duplicate.status_code == 400
    assert "slug" in duplicate.json()["errors"]


def test_staff_update_a_case_but_not_its_slug(dataset, editor_api):
    response = editor_api.patch("/api/cases/kibble/", {"started": 2016}, format="json")
    assert response.status_code == 200 and response.json()["started"] == 2016
    renamed = editor_api.patch("/api/cases/kibble/", {"slug": "kibble-2"}, format="json")
    assert renamed.status_code == 400
    assert Case.objects.filter(slug="kibble").exists()


def test_staff_add_a_quotation_and_an_evidence_link(dataset, editor_api):
    quotation = {
        "slug": "kibble-words",
        "text": "We changed how we work.",
        "speaker_role": "Chief Executive",
        "case": "kibble",
        "findings": ["trusting-culture"],
        "source": "briefing-2018",
        "locator": "p. 3",
        "basis": "stated",
    }
    response = editor_api.post("/api/quotations/", quotation, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["findings"][0]["slug"] == "trusting-culture"
    link = {
        "case": "kibble",
        "finding": "trusting-culture",
        "source": "briefing-2018",
        "locator": "p. 3",
        "basis": "inferred",
        "basis_reason": "The interviewee describes it.",
    }
    created = editor_api.post("/api/evidence-links/", link, format="json")
    assert created.status_code == 201, created.json()
    assert CaseFinding.objects.filter(
        case__slug="kibble", finding__slug="trusting-culture"
    ).exists()
    again = editor_api.post("/api/evidence-links/", link, format="json")
    assert again.status_code == 400
    assert "already linked" in str(again.json()["errors"])


def test_a_quotation_needs_a_case(dataset, editor_api):
    response = editor_api.post(
        "/api/quotations/",
        {
            "slug": "orphan",
            "text": "Words.",
            "speaker_role": "Manager",
            "source": "briefing-2018",
            "locator": "p. 1",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "case" in response.json()["errors"]
    assert not Quotation.objects.filter(slug="orphan").exists()


def test_session_login_also_works_for_staff(dataset, editor):
    api = APIClient()
    api.force_login(editor)
    response = api.patch("/api/cases/kibble/", {"started": 2017}, format="json")
    assert response.status_code == 200
