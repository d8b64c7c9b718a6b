"""Every change to cases, their cited links, findings, evidence links and quotations is recorded:
who, when, through what, and each field before and after, whichever path makes it."""

import json
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cases.models import Case, CasePolicyArea, PolicyArea, Source
from findings.models import CaseFinding, Finding, Quotation
from history.choices import Action, Via
from history.context import acting
from history.models import Change
from tests.dataset_snapshot import load_dataset
from tests.test_admin import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def dataset(db):
    """The real dataset, with an empty history (the session's first load records one entry)."""
    load_dataset()
    Change.objects.all().delete()


@pytest.fixture
def editor(db):
    return User.objects.create_user("amira", password="pw", is_staff=True, is_superuser=True)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def changes_of(record_type: str, key: str):
    return list(Change.objects.filter(record_type=record_type, record_key=key).order_by("pk"))


def test_an_admin_edit_through_the_case_form_records_who_when_and_what(dataset, editor_client):
    case = Case.objects.get(slug="wirral-council")
    url = reverse("admin:cases_case_change", args=[case.pk])
    data = form_data(editor_client, url, summary="A council-led partnership of eight sectors.")
    old_summary = case.summary
    before = timezone.now()
    response = editor_client.post(url, data)
    assert response.status_code == 302
    (change,) = changes_of("cases.case", "wirral-council")
    assert change.action == Action.CHANGED
    assert change.via == Via.ADMIN
    assert change.user.username == "amira" and change.username == "amira"
    assert change.at >= before
    assert change.differences == {
        "summary": [old_summary, "A council-led partnership of eight sectors."]
    }
    assert change.case == case and change.case_slug == "wirral-council"
    assert change.summary == "Changed the summary of Wirral Council"
    # Saving the same form again changes nothing, so records nothing: not the case, not its
    # inline rows (their unchanged forms are not saved), not updated_at.
    editor_client.post(url, form_data(editor_client, url))
    assert Change.objects.count() == 1, list(Change.objects.values("summary", "differences"))


def test_an_admin_edit_of_an_inline_link_is_recorded_against_the_case(dataset, editor_client):
    case = Case.objects.get(slug="west-london-zone")
    url = reverse("admin:cases_case_change", args=[case.pk])
    data = form_data(editor_client, url)
    prefix = next(key for key in data if key.endswith("-0-locator") and "policy_area" in key)
    data[prefix] = "p. 99"
    assert editor_client.post(url, data).status_code == 302
    (change,) = Change.objects.all()
    assert change.record_type == "cases.casepolicyarea"
    assert change.case_slug == "west-london-zone"
    assert change.differences["locator"][1] == "p. 99"
    assert change.summary.startswith(
        "Changed the locator of the policy area link “West London Zone"
    )


def test_an_admin_edit_of_a_type_records_labels_not_ids(dataset, editor_client):
    case = Case.objects.get(slug="golden-key")
    url = reverse("admin:cases_case_change", args=[case.pk])
    classification = case.classifications.get()
    source = Source.objects.exclude(pk=classification.source_id).filter(origin="study").first()
    data = form_data(
        editor_client,
        url,
        **{
            "classifications-0-source": source.pk,
            "classifications-0-basis_reason": "The editors' reading of the 2019 definitions, "
            "revised.",
        },
    )
    assert editor_client.post(url, data).status_code == 302
    (change,) = changes_of("cases.classification", "golden-key/are-we-rallying-together")
    before, after = change.differences["source"]
    assert after == source.title
    assert "reason for the inference" in change.summary
    assert change.case_id == case.pk


def test_an_invalid_admin_edit_records_nothing(dataset, editor_client):
    case = Case.objects.get(slug="kibble")
    url = reverse("admin:cases_case_change", args=[case.pk])
    response = editor_client.post(url, form_data(editor_client, url, latitude="200"))
    assert response.status_code == 200
    assert "Latitude must be between -90 and 90." in response.content.decode()
    assert not Change.objects.exists()


def test_a_failed_write_leaves_no_history_row(dataset):
    case = Case.objects.get(slug="kibble")
    case.summary = "Rewritten, then refused by the database."
    case.latitude = None  # the paired-coordinates constraint refuses this at save
    with pytest.raises(IntegrityError), transaction.atomic():
        case.save()
    assert not Change.objects.exists()


def test_the_entry_is_in_the_writes_transaction_and_rolls_back_with_it(dataset):
    case = Case.objects.get(slug="kibble")
    case.summary = "Saved, then rolled back."
    with pytest.raises(RuntimeError), transaction.atomic():
        case.save()
        assert Change.objects.count() == 1
        raise RuntimeError("a later step of the same write fails")
    assert Case.objects.get(slug="kibble").summary != "Saved, then rolled back."
    assert not Change.objects.exists()


def test_the_admin_history_button_shows_the_cases_history(dataset, editor_client):
    case = Case.objects.get(slug="kibble")
    with acting(Via.SHELL):
        case.summary = "A <script>alert(1)</script> summary."
        case.save()
    response = editor_client.get(reverse("admin:cases_case_history", args=[case.pk]), follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Changed the summary of Kibble" in page
    assert "<script>alert(1)</script>" not in page
    # The history cannot be edited or deleted, even by a superuser.
    change = Change.objects.get()
    assert editor_client.get(reverse("admin:history_change_add")).status_code == 403
    delete = reverse("admin:history_change_delete", args=[change.pk])
    assert editor_client.post(delete, {"post": "yes"}).status_code == 403
    assert Change.objects.filter(pk=change.pk).exists()
    detail = editor_client.get(reverse("admin:history_change_change", args=[change.pk]))
    assert detail.status_code == 200
    assert "Before" in detail.content.decode()
    case_admin = reverse("admin:cases_case_change", args=[case.pk])
    assert f'href="{case_admin}"' in detail.content.decode()


def test_the_admin_history_list_filters_and_searches(dataset, editor_client):
    finding = Finding.objects.get(slug="beyond-co-production")
    finding.title = "Beyond co-production, revised"
    finding.save()
    Case.objects.filter(slug="kibble").get().delete()
    changelist = reverse("admin:history_change_changelist")
    assert (
        "Beyond co-production, revised"
        in editor_client.get(changelist, {"action__exact": "changed"}).content.decode()
    )
    removed = editor_client.get(changelist, {"action__exact": "deleted", "q": "kibble"})
    assert "Removed the case Kibble" in removed.content.decode()
    history = editor_client.get(
        reverse("admin:findings_finding_history", args=[finding.pk]), follow=True
    )
    assert "Beyond co-production, revised" in history.content.decode()
    assert "Kibble" not in history.content.decode()


def test_an_api_patch_records_the_token_user(dataset, editor):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")
    response = api.patch("/api/cases/kibble/", {"started": 2016}, format="json")
    assert response.status_code == 200, response.json()
    (change,) = changes_of("cases.case", "kibble")
    assert (change.via, change.username, change.user) == (Via.API, "amira", editor)
    assert list(change.differences) == ["started"]
    assert change.differences["started"][1] == 2016


def test_an_invalid_api_write_records_nothing(dataset, editor):
    api = APIClient()
    api.force_authenticate(editor)
    response = api.patch("/api/cases/kibble/", {"latitude": "200"}, format="json")
    assert response.status_code == 400
    assert not Change.objects.exists()


def test_an_api_quotation_is_recorded_once_with_its_findings(dataset, editor):
    api = APIClient()
    api.force_authenticate(editor)
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
    assert api.post("/api/quotations/", quotation, format="json").status_code == 201
    (change,) = changes_of("findings.quotation", "kibble-words")
    assert change.action == Action.CREATED and change.via == Via.API
    assert change.case_slug == "kibble"
    assert change.differences["text"] == [None, "We changed how we work."]
    trusting = str(Finding.objects.get(slug="trusting-culture"))
    assert change.differences["findings"] == [[], [trusting]]


def write_file(tmp_path, objects) -> str:
    path = tmp_path / "edit.json"
    path.write_text(json.dumps(objects), encoding="utf-8")
    return str(path)


def test_an_import_records_each_row_it_writes(dataset, tmp_path):
    summary = "Imported summary."
    path = write_file(
        tmp_path,
        [
            {"model": "cases.case", "fields": {"slug": "kibble", "summary": summary}},
            {
                "model": "cases.casepolicyarea",
                "fields": {
                    "case": ["kibble"],
                    "policy_area": [
                        PolicyArea.objects.exclude(case_links__case__slug="kibble")[0].slug
                    ],
                    "source": ["report-2019"],
                    "locator": "p. 4",
                    "basis": "stated",
                },
            },
        ],
    )
    call_command("import_dataset", path, stdout=StringIO(), stderr=StringIO())
    changed = Change.objects.get(record_type="cases.case")
    assert changed.via == Via.IMPORT and changed.action == Action.CHANGED
    assert changed.differences["summary"][1] == summary
    added = Change.objects.get(record_type="cases.casepolicyarea")
    assert added.action == Action.CREATED and added.case_slug == "kibble"
    # The same file again changes nothing, so records nothing.
    call_command("import_dataset", path, stdout=StringIO(), stderr=StringIO())
    assert Change.objects.count() == 2


def test_an_import_with_a_problem_records_nothing(dataset, tmp_path):
    path = write_file(
        tmp_path,
        [
            {"model": "cases.case", "fields": {"slug": "kibble", "summary": "Changed."}},
            {"model": "cases.case", "fields": {"slug": "wigan-council", "latitude": "200"}},
        ],
    )
    with pytest.raises(CommandError):
        call_command("import_dataset", path, stdout=StringIO(), stderr=StringIO())
    assert not Change.objects.exists()


def test_deletions_are_recorded_and_outlive_the_case(dataset):
    case = Case.objects.get(slug="wirral-council")
    n_links = (
        case.classifications.count()
        + case.field_citations.count()
        + case.policy_area_links.count()
        + case.accountability_links.count()
        + case.finding_links.count()
        + case.quotations.count()
    )
    case.delete()
    removed = Change.objects.filter(action=Action.DELETED)
    assert removed.count() == n_links + 1
    # Every entry still names the case, though the case row is gone.
    assert set(removed.values_list("case_slug", flat=True)) == {"wirral-council"}
    assert set(removed.values_list("case_id", flat=True)) == {None}
    assert removed.filter(record_type="cases.case").get().summary == (
        "Removed the case Wirral Council"
    )


def test_removing_an_evidence_link_is_recorded(dataset):
    link = CaseFinding.objects.filter(case__slug="oldham-council").get()
    label = str(link)
    link.delete()
    (change,) = Change.objects.all()
    assert change.action == Action.DELETED
    assert change.record_type == "findings.casefinding"
    assert change.summary == f"Removed the evidence link “{label}”"


def test_changing_a_quotations_findings_is_recorded(dataset):
    quotation = Quotation.objects.get(slug="wirral-joint-outcomes")
    extra = Finding.objects.exclude(quotations=quotation).first()
    quotation.findings.add(extra)
    (change,) = Change.objects.all()
    before, after = change.differences["findings"]
    assert str(extra) not in before and str(extra) in after
    assert change.case_slug == "wirral-council"


def test_a_shell_save_is_recorded_as_the_shell_and_a_no_op_save_records_nothing(dataset):
    case = Case.objects.get(slug="golden-key")
    case.save()
    assert not Change.objects.exists()
    link = CasePolicyArea.objects.filter(case=case).first()
    link.note = "Added in a script."
    link.save()
    (change,) = Change.objects.all()
    assert (change.via, change.user, change.username) == (Via.SHELL, None, "")


def test_loading_the_dataset_records_one_entry_not_one_per_row(db):
    call_command("load_dataset", stdout=StringIO())
    (change,) = Change.objects.all()
    assert change.action == Action.BULK
    assert change.summary == "Loaded the dataset: 10 cases."


def test_synthesizing_records_one_entry_per_run(dataset):
    call_command("synthesize", cases=5, seed=1, stdout=StringIO())
    call_command("synthesize", remove=True, stdout=StringIO())
    assert list(Change.objects.order_by("pk").values_list("summary", flat=True)) == [
        "Synthesized 5 cases for load testing (seed 1), replacing any earlier synthetic cases.",
        "Removed the 5 synthetic cases.",
    ]
