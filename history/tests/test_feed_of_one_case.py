"""`/changes/feed/?case=<slug>` follows one case."""

import re

import pytest

from cases.models import Case

pytestmark = pytest.mark.django_db


def entries(content: bytes) -> list[str]:
    return re.findall(r"<entry>.*?</entry>", content.decode(), re.S)


def test_the_feed_of_one_case_holds_its_changes_only(client, dataset):
    for slug, summary in (("kibble", "Kibble, edited."), ("wirral-council", "Wirral, edited.")):
        case = Case.objects.get(slug=slug)
        case.summary = summary
        case.save()
    every = entries(client.get("/changes/feed/").content)
    kibble = client.get("/changes/feed/?case=kibble")
    assert kibble.status_code == 200
    mine = entries(kibble.content)
    assert len(mine) == 1 < len(every)
    assert "Kibble" in mine[0] and "Wirral" not in mine[0]
    body = kibble.content.decode()
    assert "<title>Rallying: changes to Kibble</title>" in body
    assert "/changes/?case=kibble" in body


def test_an_unknown_case_or_a_draft_is_a_404(client, dataset):
    assert client.get("/changes/feed/?case=no-such-case").status_code == 404
    Case.all_objects.filter(slug="kibble").update(publication="draft")
    assert client.get("/changes/feed/?case=kibble").status_code == 404


def test_the_whole_feed_is_unchanged(client, dataset):
    response = client.get("/changes/feed/")
    assert response.status_code == 200
    assert "<title>Rallying: changes to the knowledge base</title>" in response.content.decode()
