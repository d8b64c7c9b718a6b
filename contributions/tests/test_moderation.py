"""The moderation queue in the admin: accept or reject, each in the change history; nothing
public changes until an editor publishes."""

import pytest
from django.urls import reverse

from cases.models import Basis, Case, CitedField, Publication, SourceOrigin
from contributions import services
from contributions.models import Kind, State, Suggestion
from history.models import Change
from tests.factories import make_case, make_region, make_study

from .helpers import HOSTILE, IMG, SCRIPT, case_post, make_correction, make_suggestion

pytestmark = pytest.mark.django_db


def accept_url(suggestion):
    return reverse("admin:contributions_suggestion_accept", args=[suggestion.pk])


def reject_url(suggestion):
    return reverse("admin:contributions_suggestion_reject", args=[suggestion.pk])


def test_the_queue_lists_new_suggestions_first_with_kind_and_state(admin_client):
    decided = make_suggestion(name="Decided one")
    services.suggestion_reject(suggestion=decided, editor=None, reason="Out of scope")
    make_suggestion(name="Waiting one")
    html = admin_client.get(reverse("admin:contributions_suggestion_changelist")).content.decode()
    assert html.index("Waiting one") < html.index("Decided one")
    assert "?state__exact=new" in html
    assert "?kind__exact=correction" in html


def test_hostile_text_is_escaped_in_the_queue_and_on_the_suggestion(admin_client):
    suggestion = make_suggestion(name=HOSTILE, description=HOSTILE, sources=f"{IMG}\n{SCRIPT}")
    pages = [
        reverse("admin:contributions_suggestion_changelist"),
        reverse("admin:contributions_suggestion_change", args=[suggestion.pk]),
        accept_url(suggestion),
    ]
    for url in pages:
        html = admin_client.get(url).content.decode()
        assert SCRIPT not in html, url
        assert "<img src=x" not in html, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, url
    assert Suggestion.objects.get().name == HOSTILE


def test_rejecting_needs_a_reason(admin_client):
    suggestion = make_suggestion(contact_email="reader@example.org")
    response = admin_client.post(reject_url(suggestion), {"reason": "  "})
    assert response.status_code == 200
    assert "a rejection needs a reason" in response.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.state == State.NEW
    assert suggestion.contact_email == "reader@example.org"
    assert not Change.objects.filter(record_type="contributions.suggestion").exists()


def test_rejecting_records_the_reason_empties_the_email_and_writes_history(
    admin_client, admin_user
):
    suggestion = make_suggestion(contact_email="reader@example.org")
    response = admin_client.post(reject_url(suggestion), {"reason": "No source says this."})
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert (suggestion.state, suggestion.decision_reason) == (
        State.REJECTED,
        "No source says this.",
    )
    assert suggestion.decided_by == admin_user
    assert suggestion.decided_at is not None
    assert suggestion.contact_email == ""
    change = Change.objects.get(record_type="contributions.suggestion")
    assert change.summary == f"Rejected the reader’s suggestion “{suggestion}”"
    assert change.user == admin_user
    assert change.differences == {
        "state": ["New", "Rejected"],
        "decision_reason": [None, "No source says this."],
    }
    assert "reader@example.org" not in str(change.differences)


def test_a_decided_suggestion_cannot_be_decided_again(admin_client):
    suggestion = make_suggestion()
    services.suggestion_reject(suggestion=suggestion, editor=None, reason="Duplicate")
    response = admin_client.post(reject_url(suggestion), {"reason": "Again"}, follow=True)
    assert "already decided" in response.content.decode()
    assert Change.objects.filter(record_type="contributions.suggestion").count() == 1


def test_accepting_a_case_makes_a_draft_with_its_sources_cited(admin_client, admin_user):
    region = make_region()
    study = make_study()
    suggestion = make_suggestion(
        sources="https://example.org/northtown\nSmith (2021), Working together, p. 4",
        study=study,
        contact_email="reader@example.org",
    )
    form = admin_client.get(accept_url(suggestion)).content.decode()
    assert 'value="northtown-together"' in form  # the slug, editable
    assert "Region of the new case" in form
    response = admin_client.post(
        accept_url(suggestion),
        {"region": region.pk, "slug": "northtown-together", "reason": "Looks right"},
    )
    case = Case.all_objects.get(slug="northtown-together")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:cases_case_change", args=[case.pk])
    assert case.publication == Publication.DRAFT
    assert (case.name, case.place_label, case.sector, case.region) == (
        "Northtown Together",
        "Northtown",
        suggestion.sector,
        region,
    )
    assert case.description == suggestion.description
    citations = list(case.field_citations.select_related("source").order_by("source__key"))
    assert [c.field_name for c in citations] == [CitedField.LISTING, CitedField.LISTING]
    assert {c.basis for c in citations} == {Basis.STATED}
    web, reference = (c.source for c in citations)
    assert (web.url, web.kind) == ("https://example.org/northtown", "web-page")
    assert (reference.title, reference.url) == ("Smith (2021), Working together, p. 4", "")
    # A reader's source is not taken for one of the study's own publications.
    assert {web.origin, reference.origin} == {SourceOrigin.RELATED}
    assert {web.study, reference.study} == {None}
    # The draft is in the study the reader named, untyped, citing the first reference.
    (classification,) = case.classifications.all()
    assert (classification.study, classification.typology) == (study, None)
    assert classification.source == web and "not yet checked" in classification.note
    suggestion.refresh_from_db()
    assert (suggestion.state, suggestion.created_case, suggestion.study) == (
        State.ACCEPTED,
        case,
        study,
    )
    assert suggestion.contact_email == ""
    change = Change.objects.get(record_type="contributions.suggestion")
    assert change.summary.startswith("Accepted the reader’s suggestion")
    assert change.differences["created_case"] == [None, "Northtown Together (draft)"]


def test_without_a_study_the_sources_are_outside_sources(admin_user):
    suggestion = make_suggestion()
    case = services.suggestion_accept_case(
        suggestion=suggestion, editor=admin_user, region=make_region()
    )
    assert case.field_citations.get().source.origin == SourceOrigin.EXTERNAL


def test_accepting_a_case_needs_a_region_and_a_free_slug(admin_client):
    taken = make_case(slug="northtown-together")
    suggestion = make_suggestion()
    response = admin_client.post(accept_url(suggestion), {"slug": "northtown-together"})
    assert "Choose the region the place is in." in response.content.decode()
    response = admin_client.post(
        accept_url(suggestion), {"region": make_region().pk, "slug": taken.slug}
    )
    assert "A case already has the address “northtown-together”" in response.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.state == State.NEW
    assert Case.objects.count() == 1


def test_a_free_slug_is_offered_when_the_name_is_taken(admin_client):
    make_case(slug="northtown-together")
    suggestion = make_suggestion()
    assert (
        'value="northtown-together-2"' in admin_client.get(accept_url(suggestion)).content.decode()
    )


def test_an_accepted_case_stays_off_the_public_list_and_api(admin_client, client):
    suggestion = make_suggestion(name="Hidden Draft Place")
    admin_client.post(accept_url(suggestion), {"region": make_region().pk, "slug": "hidden-draft"})
    assert Case.all_objects.get(slug="hidden-draft").publication == Publication.DRAFT
    assert "Hidden Draft Place" not in client.get(reverse("cases:list")).content.decode()
    assert "hidden-draft" not in client.get("/api/cases/").content.decode()


def test_accepting_a_correction_opens_the_case_with_the_proposal_beside_the_current_value(
    admin_client,
):
    case = make_case(started=2014)
    suggestion = make_correction(
        case, current_value="2014", proposed_value=HOSTILE, contact_email="r@example.org"
    )
    response = admin_client.post(accept_url(suggestion), {"reason": "The annual report says so"})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:cases_case_change", args=[case.pk])
    suggestion.refresh_from_db()
    assert (suggestion.state, suggestion.contact_email) == (State.ACCEPTED, "")
    case.refresh_from_db()
    assert case.started == 2014  # nothing changes until an editor edits the case
    html = admin_client.get(response["Location"]).content.decode()
    assert "Readers’ corrections to make (1)" in html
    assert "<td>2014</td>" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert SCRIPT not in html
    assert "The annual report says so" in html
    assert f"Mark {suggestion.reference} as applied" in html


def test_marking_a_correction_applied_takes_it_off_the_case_page(admin_client):
    case = make_case()
    suggestion = make_correction(case)
    admin_client.post(accept_url(suggestion), {})
    admin_client.post(reverse("admin:contributions_suggestion_applied", args=[suggestion.pk]))
    suggestion.refresh_from_db()
    assert suggestion.applied_at is not None
    html = admin_client.get(reverse("admin:cases_case_change", args=[case.pk])).content.decode()
    assert "Readers’ corrections to make" not in html
    assert Change.objects.filter(
        record_type="contributions.suggestion", summary__startswith="Marked as applied"
    ).exists()


def test_decisions_stay_off_the_public_changelog_and_feed(client, admin_user):
    suggestion = make_suggestion(name="Quiet Place")
    services.suggestion_reject(suggestion=suggestion, editor=admin_user, reason="Not a case")
    assert Change.objects.filter(record_type="contributions.suggestion").exists()
    assert "Quiet Place" not in client.get(reverse("history:list")).content.decode()
    assert "Quiet Place" not in client.get(reverse("history:feed")).content.decode()


def test_a_readers_suggestion_writes_nothing_to_the_history(client):
    client.post(reverse("contributions:case"), case_post(contact_email="r@example.org"))
    assert Suggestion.objects.get().kind == Kind.CASE
    assert not Change.objects.exists()
