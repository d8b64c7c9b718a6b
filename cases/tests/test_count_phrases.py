"""Counts read as English at one: "1 case matches", "1 of the 10 cases has" (issue 11)."""

import re

from django.urls import reverse

from cases.models import Basis, Case, CaseAccountability, CasePolicyArea, PolicyArea, Source
from tests.factories import classify, make_case, make_mode, make_typology


def text_of(client, url: str) -> str:
    """The page's text as a reader sees it: tags dropped, runs of white space collapsed."""
    response = client.get(url)
    assert response.status_code == 200
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_one_case_matching_the_filters(client, dataset):
    text = text_of(client, reverse("cases:list") + "?typology=none")  # Kibble alone
    assert "1 case matches your filters" in text
    assert "Get this case as data:" in text
    assert "1 case match " not in text and "these 1 case" not in text


def test_several_cases_matching_the_filters(client, dataset):
    text = text_of(client, reverse("cases:list") + "?typology=collaborative-councils")
    assert "3 cases match your filters" in text
    assert "Get these 3 cases as data:" in text


def test_one_case_without_a_policy_area(client, dataset):
    briefing = Source.objects.get(key="briefing-2018")
    area = PolicyArea.objects.first()
    for slug in ("wirral-council", "ignite"):  # Kibble is left without one
        CasePolicyArea.objects.create(
            case=Case.objects.get(slug=slug), policy_area=area, source=briefing
        )
    assert "1 of the 10 cases has no policy area recorded." in text_of(client, "/policy-areas/")


def test_one_inferred_accountability_link(client, dataset):
    # Of the three links, leave one inferred.
    links = CaseAccountability.objects.order_by("pk")
    links.filter(pk__in=[link.pk for link in links[:2]]).update(basis=Basis.STATED, basis_reason="")
    text = text_of(client, "/accountability/")
    assert (
        "1 of the 3 links between a case and a mode is an editorial inference, with its reason."
    ) in text
    assert "8 of the 10 cases have no accountability mode recorded" in text


def test_one_case_without_an_accountability_mode(client, db):
    mode = make_mode()
    linked, _ = make_case(), make_case()
    linked.accountability_links.create(mode=mode, source=mode.source, basis=Basis.STATED)
    text = text_of(client, "/accountability/")
    assert "Each link between a case and a mode names the source that states it." in text
    assert "1 of the 2 cases has no accountability mode recorded at all" in text


def test_a_type_with_one_inferred_case(client, db):
    typology = make_typology()
    classify(make_case(), typology)
    make_case()  # not classified
    text = text_of(client, typology.get_absolute_url())
    assert "The one type given to a case here is the editors’ reading" in text
    assert "1 case is not classified" in text
