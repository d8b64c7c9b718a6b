"""The reader's side of /contribute/: the pages, sending a suggestion, and its guards."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from contributions.models import Kind, State, Suggestion
from tests.factories import make_case

from .helpers import HOSTILE, IMG, SCRIPT, case_post, correction_post

pytestmark = pytest.mark.django_db


def test_contribute_explains_the_standard_what_happens_and_privacy(client):
    html = client.get(reverse("contributions:index")).content.decode()
    for said in (
        "Every fact cites a source and a place in it",
        "editorial inference",
        "An editor reviews it",
        "An accepted case becomes a draft",
        "delete it when they decide",
        "We do not store your IP address",
    ):
        assert said in html
    assert f'href="{reverse("contributions:case")}"' in html
    assert f'href="{reverse("contributions:correction")}"' in html


def test_a_case_suggestion_is_stored_and_the_reader_sees_what_was_received(client):
    response = client.post(reverse("contributions:case"), case_post(contact_email="a@example.org"))
    assert response.status_code == 303
    assert response["Location"] == reverse("contributions:received")
    suggestion = Suggestion.objects.get()
    assert (suggestion.kind, suggestion.state, suggestion.name) == (
        Kind.CASE,
        State.NEW,
        "Northtown Together",
    )
    assert suggestion.contact_email == "a@example.org"
    html = client.get(response["Location"]).content.decode()
    assert suggestion.reference in html
    assert "Northtown Together" in html
    assert "An editor will review it" in html
    assert "a@example.org" not in html  # said to be given, not repeated


def test_hostile_text_is_stored_as_typed_and_shown_escaped_to_the_reader(client):
    client.post(
        reverse("contributions:case"),
        case_post(name=HOSTILE, description=HOSTILE, sources=f"{IMG}\nhttps://example.org"),
    )
    suggestion = Suggestion.objects.get()
    assert suggestion.name == HOSTILE
    assert suggestion.sources == f"{IMG}\nhttps://example.org"
    html = client.get(reverse("contributions:received")).content.decode()
    assert SCRIPT not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in html


def test_an_invalid_post_shows_the_error_summary_and_stores_nothing(client):
    response = client.post(reverse("contributions:case"), case_post(name="", sources=""))
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert '<a href="#id_name">Enter the name of the case.</a>' in html
    assert "govuk-input--error" in html
    assert "<title>Error: Suggest a case" in html
    assert not Suggestion.objects.exists()


def test_another_reader_never_sees_someone_elses_suggestion(client):
    client.post(reverse("contributions:case"), case_post(name="Only mine"))
    html = Client().get(reverse("contributions:received")).content.decode()
    assert "Only mine" not in html
    assert "No suggestion to show" in html


def test_posts_without_a_csrf_token_are_refused():
    strict = Client(enforce_csrf_checks=True)
    for name, data in (("case", case_post()), ("correction", correction_post())):
        assert strict.post(reverse(f"contributions:{name}"), data).status_code == 403
    assert not Suggestion.objects.exists()


def test_the_forms_carry_a_csrf_token_and_a_hidden_honeypot(client):
    html = client.get(reverse("contributions:case")).content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    honeypot = re.search(
        r'<div class="govuk-visually-hidden" aria-hidden="true">(.*?)</div>', html, re.S
    )
    assert honeypot is not None
    assert "Leave this empty" in honeypot[1]
    assert 'tabindex="-1"' in honeypot[1]


def test_a_filled_honeypot_gets_the_confirmation_but_stores_nothing(client):
    response = client.post(reverse("contributions:case"), case_post(website="http://spam.example"))
    assert response.status_code == 303
    assert response["Location"] == reverse("contributions:received")
    assert "Suggestion received" in client.get(response["Location"]).content.decode()
    assert not Suggestion.objects.exists()


def test_over_the_rate_a_post_is_a_429_with_retry_after(client, settings):
    settings.CONTRIBUTIONS_RATE = 2
    settings.CONTRIBUTIONS_RATE_SECONDS = 3600
    for _ in range(2):
        assert client.post(reverse("contributions:case"), case_post()).status_code == 303
    response = client.post(reverse("contributions:case"), case_post())
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert "Please try again in" in response.content.decode()
    assert Suggestion.objects.count() == 2
    # Reading the forms is never limited, and another address may still send.
    assert client.get(reverse("contributions:case")).status_code == 200
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert other.post(reverse("contributions:case"), case_post()).status_code == 303


def test_invalid_posts_do_not_use_up_the_rate(client, settings):
    settings.CONTRIBUTIONS_RATE = 1
    for _ in range(3):
        assert client.post(reverse("contributions:case"), case_post(name="")).status_code == 200
    assert client.post(reverse("contributions:case"), case_post()).status_code == 303


def test_the_case_page_link_prefills_the_correction_with_the_current_value(client):
    case = make_case(name="Southtown Works", started=2014)
    response = client.get(
        reverse("contributions:correction"), {"case": case.slug, "field": "started"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'value="{case.slug}"' in html
    assert '<option value="started" selected>Year started</option>' in html
    assert "The page says now" in html
    assert "2014" in html
    assert "Southtown Works" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"case": "no-such-case", "field": "started"}, "There is no case “no-such-case”"),
        ({"field": "<b>bold</b>"}, "There is no fact “&lt;b&gt;bold&lt;/b&gt;”"),
    ],
)
def test_an_unknown_case_or_fact_in_the_link_gives_the_form_with_an_error(client, query, message):
    response = client.get(reverse("contributions:correction"), query)
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert "<form" in html


def test_a_correction_is_stored_with_what_the_page_showed(client):
    case = make_case(started=None)
    response = client.post(reverse("contributions:correction"), correction_post(case))
    assert response.status_code == 303
    suggestion = Suggestion.objects.get()
    assert (suggestion.kind, suggestion.case, suggestion.field) == (
        Kind.CORRECTION,
        case,
        "started",
    )
    assert suggestion.current_value == "Not known"
    assert suggestion.proposed_value == "2016"
    html = client.get(reverse("contributions:received")).content.decode()
    assert "Correction received" in html
    assert "Year started" in html


def test_the_contribute_pages_are_never_kept_at_the_edge(client):
    for name in ("index", "case", "correction", "received"):
        response = client.get(reverse(f"contributions:{name}"))
        assert response["Cache-Control"] == "private, no-store", name
