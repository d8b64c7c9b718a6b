"""A case's slug is its address: it may not be the address of another page beside the cases'."""

import re

import pytest
from django.urls import get_resolver, resolve

from cases.models import Case
from cases.models.slugs import RESERVED_CASE_SLUGS
from cases.tests.test_api_writes import NEW_CASE


def fixed_pages_under_cases() -> set[str]:
    """The one-segment addresses /cases/<word>/ and /api/cases/<word>/ that a URL pattern
    serves, not a case."""
    words = set()
    for route in _routes(get_resolver()):
        match = re.fullmatch(r"cases/([-a-zA-Z0-9_]+)/|api/\^cases/([-a-zA-Z0-9_]+)/\$", route)
        if match:
            words.add(match[1] or match[2])
    return words


def _routes(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if hasattr(pattern, "url_patterns"):
            yield from _routes(pattern, route)
        else:
            yield route


def test_every_fixed_page_under_cases_is_a_reserved_slug():
    pages = fixed_pages_under_cases()
    assert {"compare", "facets", "pack"} <= pages
    assert pages == RESERVED_CASE_SLUGS
    assert resolve("/cases/pack/").url_name != "detail"
    assert resolve("/api/cases/facets/").url_name != "case-detail"


@pytest.mark.parametrize("slug", sorted(RESERVED_CASE_SLUGS))
def test_a_case_cannot_take_a_page_address_as_its_slug(dataset, editor_api, slug):
    response = editor_api.post("/api/cases/", {**NEW_CASE, "slug": slug}, format="json")
    assert response.status_code == 400
    (message,) = response.json()["errors"]["slug"]
    assert message.startswith(f"“{slug}” is the address of another page")
    assert not Case.all_objects.filter(slug=slug).exists()
