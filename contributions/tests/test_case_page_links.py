"""Every case page offers a correction: for the case, and beside each fact."""

import re
from html import unescape

import pytest
from django.urls import reverse

from cases.models import Status
from tests.factories import classify, make_case, make_typology

pytestmark = pytest.mark.django_db


def test_the_case_page_offers_a_correction_for_the_case_and_each_fact(client):
    case = make_case(initiative_name="Better Together", status=Status.ACTIVE, status_year=2024)
    classify(case, make_typology())
    html = client.get(case.get_absolute_url()).content.decode()
    correction = reverse("contributions:correction")
    assert f'href="{correction}?case={case.slug}">Suggest a correction to this case' in html
    facts = re.findall(
        r'<dd class="govuk-summary-list__actions"><a class="govuk-link" href="([^"]+)">'
        r'Suggest a correction<span class="govuk-visually-hidden"> to ([^<]+)</span>',
        html,
    )
    rows = html.count('<div class="govuk-summary-list__row">')
    assert len(facts) == rows
    fields = [unescape(href).split("field=")[1] for href, _ in facts]
    assert fields == [
        "typology",  # the study's type and accountability modes, under the study
        "accountability",
        "listing",
        "listing",
        "region",
        "lead_organisation",
        "initiative_name",
        "policy_areas",
        "funding_model",
        "started",
        "permanence",
        "status",
        "coordinates",
    ]
    assert all(unescape(href).startswith(f"{correction}?case={case.slug}&") for href, _ in facts)
    # Each link says which fact, for screen reader users moving from link to link.
    assert len({words for _, words in facts}) == len(facts)


def test_every_link_from_the_case_page_opens_a_prefilled_form(client):
    case = make_case()
    html = client.get(case.get_absolute_url()).content.decode()
    for href in set(re.findall(r'href="(/contribute/correction/[^"]+)"', html)):
        response = client.get(unescape(href))
        assert response.status_code == 200, href
        assert f'value="{case.slug}"' in response.content.decode()
