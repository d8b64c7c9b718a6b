"""/changes/: the public changelog, newest first, by case, without editors' names; its Atom feed."""

import re
from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from history.choices import Via
from history.context import acting
from history.models import Change
from tests.dataset_snapshot import load_dataset


@pytest.fixture
def dataset(db):
    load_dataset()
    Change.objects.all().delete()


def edit(slug: str, user=None, **fields) -> Case:
    case = Case.objects.get(slug=slug)
    for name, value in fields.items():
        setattr(case, name, value)
    with acting(Via.ADMIN, user=user):
        case.save()
    return case


def test_an_edit_shows_what_changed_when_and_where_without_the_editors_name(client, dataset):
    editor = User.objects.create_user("amira.k", is_staff=True)
    edit("wirral-council", user=editor, summary="A new summary.")
    response = client.get("/changes/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Changed the summary of Wirral Council" in html
    assert "A new summary." in html
    assert "by an editor, in the admin" in html
    assert "amira.k" not in html
    change = Change.objects.get()
    assert f'<time datetime="{timezone.localtime(change.at).isoformat()}' in html
    assert 'href="/cases/wirral-council/"' in html


def test_text_is_escaped_and_long_text_shortened(client, dataset):
    long_text = "<script>alert('x')</script> " + "word " * 200
    edit("kibble", summary=long_text)
    html = client.get("/changes/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "word " * 200 not in html
    assert "…" in html


def test_dates_read_day_month_year_and_time(client, dataset):
    at = timezone.make_aware(datetime(2026, 11, 29, 14, 5))  # the site's time zone, London
    Change.objects.create(
        at=at, via=Via.SHELL, action="changed", record_type="cases.case", summary="Dated entry"
    )
    html = client.get("/changes/").content.decode()
    text = re.sub(r"<[^>]+>", "", html)
    assert "29 November 2026, 14:05" in text
    # The day's heading, in the same style, without the weekday.
    assert re.search(r"<h2[^>]*><time datetime=\"2026-11-29\">29 November 2026</time></h2>", html)
    assert "Sunday" not in text


def test_newest_first_and_fifty_a_page(client, dataset):
    now = timezone.now()
    Change.objects.bulk_create(
        Change(
            at=now - timedelta(minutes=n),
            via=Via.SHELL,
            action="changed",
            record_type="cases.case",
            summary=f"Entry {n:03d}",
        )
        for n in range(60)
    )
    first = client.get("/changes/").content.decode()
    entries = re.findall(r"Entry (\d{3})", first)
    assert entries == [f"{n:03d}" for n in range(50)]
    assert 'href="?page=2"' in first
    second = client.get("/changes/?page=2").content.decode()
    assert re.findall(r"Entry (\d{3})", second) == [f"{n:03d}" for n in range(50, 60)]
    # A page number past the end shows the last page, not an error.
    assert client.get("/changes/?page=99").status_code == 200


def test_filtered_by_case(client, dataset):
    edit("wirral-council", summary="Wirral, revised.")
    edit("kibble", summary="Kibble, revised.")
    response = client.get("/changes/", {"case": "kibble"})
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r"<h1[^>]*>Changes to Kibble</h1>", html)
    assert "Kibble, revised." in html
    assert "Wirral, revised." not in html


def test_an_unknown_case_is_a_400_that_says_so(client, dataset):
    response = client.get("/changes/", {"case": "atlantis"})
    assert response.status_code == 400
    assert "There is no case “atlantis”" in response.content.decode()
    assert client.get("/changes/", {"case": ""}).status_code == 400


def test_a_deleted_case_keeps_its_history_page(client, dataset):
    Case.objects.get(slug="kibble").delete()
    response = client.get("/changes/", {"case": "kibble"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Removed the case Kibble" in html
    assert "(case since removed)" in html
    assert 'href="/cases/kibble/"' not in html


def test_the_case_page_says_when_it_was_last_updated_and_links_its_changes(client, dataset):
    case = edit("wirral-council", summary="Revised.")
    change = Change.objects.get()
    html = client.get(case.get_absolute_url()).content.decode()
    day = timezone.localdate(change.at)
    assert f'Last updated <time datetime="{timezone.localtime(change.at).isoformat()}">' in html
    assert f"{day.day} {day:%B %Y}</time>" in html
    assert 'href="/changes/?case=wirral-council"' in html


def test_an_edit_to_a_linked_row_updates_the_case_page(client, dataset):
    link = Case.objects.get(slug="oldham-council").finding_links.get()
    link.note = "Revised note."
    link.save()
    change = Change.objects.get()
    html = client.get("/cases/oldham-council/").content.decode()
    assert f'Last updated <time datetime="{timezone.localtime(change.at).isoformat()}">' in html


def test_without_history_the_case_page_falls_back_to_the_dataset_load(client, dataset):
    loaded = Change.objects.create(
        at=timezone.now() - timedelta(days=3),
        via=Via.COMMAND,
        action="bulk",
        record_key="load_dataset",
        summary="Loaded the dataset: 10 cases.",
    )
    html = client.get("/cases/kibble/").content.decode()
    assert f'Last updated <time datetime="{timezone.localtime(loaded.at).isoformat()}">' in html


def test_the_changes_page_is_in_the_footer(client, dataset):
    assert 'href="/changes/"' in client.get("/about/").content.decode()


def test_the_atom_feed_lists_the_changes(client, dataset):
    edit("kibble", summary="Feed <b>summary</b>.")
    response = client.get(reverse("history:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "<title>Changed the summary of Kibble</title>" in body
    assert "http://testserver/cases/kibble/" in body
    assert "<b>" not in body


@pytest.mark.parametrize("n_changes", [5, 120])
def test_query_count_does_not_grow(client, dataset, n_changes, django_assert_num_queries):
    now = timezone.now()
    Change.objects.bulk_create(
        Change(
            at=now - timedelta(minutes=n),
            via=Via.ADMIN,
            action="changed",
            record_type="cases.case",
            case_slug="kibble",
            case_name="Kibble",
            summary=f"Entry {n}",
            differences={"summary": ["a", "b"]},
        )
        for n in range(n_changes)
    )
    # the ?case= check, the count and the page of entries
    with django_assert_num_queries(4):  # + the revision (edge)
        assert client.get("/changes/?case=kibble").status_code == 200
