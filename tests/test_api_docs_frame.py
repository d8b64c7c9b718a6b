"""The API's documentation pages are ours around the tools: a language, a way home, nothing fetched
from another host by our markup (drf-spectacular's Redoc page asked Google Fonts)."""

import re

import pytest


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_api_documentation_pages_have_a_language_and_a_way_home(client, db, path):
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en-GB">' in html
    assert re.search(r'<nav class="docs-bar" aria-label="Rallying"><a href="/">Rallying</a>', html)
    assert 'href="/api/">API home</a>' in html
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html), (
        "our markup loads nothing from elsewhere"
    )
    assert "<style" not in html  # the CSP allows no inline style
