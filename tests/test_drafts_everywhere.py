"""A draft case is on no public surface, and nothing public changes until an editor publishes it.

One draft case with a distinctive name, slug and quotation is linked to a sector, a region, a
type, an accountability mode, a policy area and a finding of the real dataset. Every page and API
read that the query budgets hold (tests/test_query_budgets.py) answers byte for byte as it did
before the draft existed; the draft's own addresses answer as for an unknown case. Published
through the admin's action, it appears, and the change history says so.
"""

import io
import re
import zipfile

import pytest
from django.urls import reverse

from cases.models import (
    AccountabilityMode,
    Case,
    CaseAccountability,
    CasePolicyArea,
    PolicyArea,
    Publication,
    Region,
    Sector,
    Source,
    Typology,
)
from cases.revision import dataset_changed_at
from findings.models import CaseFinding, Finding
from history.models import Change
from tests.factories import (
    classify,
    make_case,
    make_finding,
    make_mode,
    make_quotation,
    make_study,
    make_typology,
)
from tests.test_query_budgets import API_BUDGETS, HTML_BUDGETS

pytestmark = pytest.mark.django_db

NAME = "Zyxwvut Draft Partnership"
SLUG = "zyxwvut-draft"
QUOTED = "Qwertyuiop draft words"
FINDING = "beyond-co-production"
DOWNLOADS = ("/download/rallying.json", "/download/rallying-csv.zip")
# Everything a reader can ask for, besides the draft's own addresses.
SURFACES = [
    *(url for url in HTML_BUDGETS if url not in (*DOWNLOADS, "/download/")),
    *API_BUDGETS,
    "/cases/?q=zyxwvut",
    "/cases/?sector=charity&view=map",
    "/api/cases/?q=zyxwvut",
    "/api/cases/?format=csv&q=zyxwvut",
    "/search/?q=zyxwvut",
    "/search/?q=qwertyuiop",
    f"/findings/{FINDING}/",
    "/changes/feed/",
    "/changes/?case=kibble",
]
# The draft's own addresses: as for a case that does not exist.
NOT_FOUND = [
    f"/cases/{SLUG}/",
    f"/cases/{SLUG}/cite.bib",
    f"/api/cases/{SLUG}/",
    f"/cases/{SLUG}/?preview=1",  # not an editor: no preview
]


def make_draft() -> Case:
    """The draft, linked to values of the real dataset (changes recorded as from the shell)."""
    source = Source.objects.get(key="report-2019")  # a new source would be public: not a draft
    case = make_case(
        slug=SLUG,
        name=NAME,
        place_label="Zyxwvut town",
        sector=Sector.objects.get(slug="charity"),
        region=Region.objects.get(slug="north-west"),
        publication=Publication.DRAFT,
    )
    classify(case, Typology.objects.get(slug="collaborative-councils"))
    CaseAccountability.objects.create(
        case=case, mode=AccountabilityMode.objects.get(slug="outcomes"), source=source
    )
    CasePolicyArea.objects.create(
        case=case, policy_area=PolicyArea.objects.get(slug="complex-needs"), source=source
    )
    finding = Finding.objects.get(slug=FINDING)
    CaseFinding.objects.create(case=case, finding=finding, source=source, note="Draft evidence")
    quotation = make_quotation(case=case, text=QUOTED, source=source)
    quotation.findings.add(finding)
    return case


def answers(client, urls) -> dict[str, bytes]:
    bodies = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response) if response.streaming else response.content
        # A feed with no entry says it was updated now: that time is not the data's.
        bodies[url] = re.sub(rb"<updated>[^<]*</updated>", b"", body, count=1)
    return bodies


def download_texts(client) -> str:
    """The dataset's JSON and every CSV of the zip, as one text (the files are rebuilt)."""
    texts = [client.get(DOWNLOADS[0]).getvalue().decode()]
    with zipfile.ZipFile(io.BytesIO(client.get(DOWNLOADS[1]).getvalue())) as archive:
        texts += [archive.read(name).decode() for name in archive.namelist()]
    return "\n".join(texts)


def publish(admin_client, case) -> None:
    response = admin_client.post(
        reverse("admin:cases_case_changelist"),
        {"action": "publish_selected", "_selected_action": [case.pk]},
    )
    assert response.status_code == 302


def test_a_draft_changes_no_public_answer_until_it_is_published(
    client, admin_client, dataset, no_answer_cache
):
    before = answers(client, SURFACES)
    draft = make_draft()

    after = answers(client, SURFACES)
    changed = [url for url in SURFACES if after[url] != before[url]]
    assert changed == []
    for url in NOT_FOUND:
        assert client.get(url).status_code == 404, url
    downloads = download_texts(client)
    for text in (NAME, SLUG, QUOTED, "Draft evidence"):
        assert text not in downloads
    assert "Kibble" in downloads  # the published cases are there

    publish(admin_client, draft)

    assert client.get(f"/cases/{SLUG}/").status_code == 200
    assert client.get(f"/api/cases/{SLUG}/").status_code == 200
    shown = answers(client, ["/cases/", "/search/?q=zyxwvut", f"/findings/{FINDING}/", "/changes/"])
    for url in ("/cases/", f"/findings/{FINDING}/"):
        assert NAME in shown[url].decode(), url
    assert "<mark>Zyxwvut</mark> Draft Partnership" in shown["/search/?q=zyxwvut"].decode()
    assert QUOTED in shown[f"/findings/{FINDING}/"].decode()
    assert f"Published the case {NAME}" in shown["/changes/"].decode()
    assert NAME in download_texts(client)


def test_the_draft_is_not_named_where_its_slug_is_asked_for(client, dataset):
    make_draft()

    compare = client.get(f"/cases/compare/?case={SLUG}&case=kibble")
    changes = client.get(f"/changes/?case={SLUG}")

    assert compare.status_code == 400
    assert changes.status_code == 400
    assert "There is no case" in changes.content.decode()
    for response in (compare, changes):
        assert NAME not in response.content.decode()


def test_publishing_is_recorded_once_per_case_and_moves_the_revision(admin_client, dataset):
    draft, other = make_draft(), make_case(name="Second draft", publication=Publication.DRAFT)
    revision = dataset_changed_at()

    response = admin_client.post(
        reverse("admin:cases_case_changelist"),
        {"action": "publish_selected", "_selected_action": [draft.pk, other.pk]},
        follow=True,
    )

    assert "2 cases published." in response.content.decode()
    assert set(Case.objects.filter(pk__in=[draft.pk, other.pk])) == {draft, other}
    published = Change.objects.filter(summary__startswith="Published the case")
    assert sorted(published.values_list("case_slug", "differences")) == sorted(
        [
            (draft.slug, {"publication": ["Draft", "Published"]}),
            (other.slug, {"publication": ["Draft", "Published"]}),
        ]
    )
    assert published.first().via == "admin"
    assert dataset_changed_at() > revision


def test_returning_a_case_to_draft_hides_it_and_its_history_again(client, admin_client, dataset):
    kibble = Case.objects.get(slug="kibble")

    admin_client.post(
        reverse("admin:cases_case_changelist"),
        {"action": "return_to_draft", "_selected_action": [kibble.pk]},
    )

    assert client.get("/cases/kibble/").status_code == 404
    assert Change.objects.filter(case_slug="kibble", summary="Returned the case Kibble to draft")
    assert "Kibble" not in client.get("/changes/").content.decode()
    assert "Kibble" not in client.get("/changes/feed/").content.decode()


def test_an_editor_previews_a_draft_privately_with_a_banner(admin_client, client, dataset):
    draft = make_draft()

    preview = admin_client.get(f"/cases/{SLUG}/?preview=1")
    public = admin_client.get(f"/cases/{SLUG}/")  # signed in, but not asking for a preview
    admin_page = admin_client.get(reverse("admin:cases_case_change", args=[draft.pk])).content

    assert preview.status_code == 200
    assert "Draft — preview, not public" in preview.content.decode()
    assert NAME in preview.content.decode()
    assert preview["Cache-Control"] == "private, no-store"
    assert public.status_code == 404
    assert f'href="/cases/{SLUG}/?preview=1"'.encode() in admin_page
    anonymous = client.get(f"/cases/{SLUG}/?preview=1")
    assert anonymous.status_code == 404
    assert anonymous["Cache-Control"] == "private, no-store"  # never kept at the edge
    # The public page of a published case asked as a preview is not kept either.
    assert client.get("/cases/kibble/?preview=1")["Cache-Control"] == "private, no-store"


def test_a_signed_in_reader_who_is_not_staff_gets_no_preview(client, django_user_model, dataset):
    make_draft()
    client.force_login(django_user_model.objects.create_user("reader", password="x"))

    anonymous = client.get(f"/cases/{SLUG}/?preview=1")
    assert anonymous.status_code == 404
    assert anonymous["Cache-Control"] == "private, no-store"  # never kept at the edge
    # The public page of a published case asked as a preview is not kept either.
    assert client.get("/cases/kibble/?preview=1")["Cache-Control"] == "private, no-store"


def test_the_admin_lists_drafts_with_their_state_and_a_filter(admin_client, dataset):
    make_draft()

    drafts = admin_client.get(reverse("admin:cases_case_changelist") + "?publication__exact=draft")

    page = drafts.content.decode()
    assert NAME in page
    assert "Kibble" not in page
    assert "Publish selected cases" in page
    assert "Return selected cases to draft" in page


STUDY_TITLE = "Plokmijn draft study"
STUDY_SURFACES = [
    *SURFACES,
    "/search/?q=plokmijn",
    "/api/cases/facets/",
    "/studies/are-we-rallying-together/",
]


def make_draft_study():
    """A draft study with its own type, mode and finding, all named "Plokmijn…"."""
    source = Source.objects.get(key="report-2019")
    study = make_study(
        slug="plokmijn-study", title=STUDY_TITLE, source=source, publication=Publication.DRAFT
    )
    make_typology(slug="plokmijn-type", name="Plokmijn type", study=study, source=source)
    make_mode(slug="plokmijn-mode", name="Plokmijn mode", study=study, source=source)
    make_finding(slug="plokmijn-finding", title="Plokmijn finding", study=study, source=source)
    return study


def test_a_draft_study_and_its_framework_change_no_public_answer(client, dataset, no_answer_cache):
    before = answers(client, STUDY_SURFACES)
    make_draft_study()

    after = answers(client, STUDY_SURFACES)

    changed = [url for url in STUDY_SURFACES if after[url] != before[url]]
    assert changed == [], changed
    for url in (
        "/studies/plokmijn-study/",
        "/api/studies/plokmijn-study/",
        "/typologies/plokmijn-type/",
        "/accountability/plokmijn-mode/",
        "/findings/plokmijn-finding/",
        "/api/findings/plokmijn-finding/",
    ):
        assert client.get(url).status_code == 404, url
    assert "Plokmijn" not in download_texts(client)


def test_a_published_study_shows_its_framework(client, admin_client, dataset):
    study = make_draft_study()

    admin_client.post(
        reverse("admin:cases_study_changelist"),
        {"action": "publish_selected", "_selected_action": [study.pk]},
    )

    assert STUDY_TITLE in client.get("/studies/").content.decode()
    for url in ("/typologies/", "/accountability/", "/findings/", "/api/studies/"):
        assert "Plokmijn" in client.get(url).content.decode(), url
