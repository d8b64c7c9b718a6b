"""A source's date reads the same on every page: "March 2019", or the year alone (issue 11)."""

import re
from types import SimpleNamespace

import pytest
from django.urls import reverse

from cases.templatetags.citations import source_date

# A source's date as numbers, "(3/2019)" or "(2019/03)": the style no page may use. (Addresses
# and RIS lines hold such numbers outside brackets.)
NUMERIC_DATE = re.compile(r"\(\d{1,2}/\d{4}\)|\(\d{4}/\d{1,2}\)")


@pytest.mark.parametrize(
    ("year", "month", "expected"),
    [(2019, 3, "March 2019"), (2018, 11, "November 2018"), (2022, None, "2022"), (None, None, "")],
)
def test_source_date_gives_month_name_and_year(year, month, expected):
    assert source_date(SimpleNamespace(year=year, month=month)) == expected


def text_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_the_case_page_gives_its_sources_dates_in_words(client, dataset):
    text = text_of(client, reverse("cases:detail", args=["wigan-council"]))
    # The notes give each source's date after its title.
    assert "Collaboration and public sector reform , March 2019," in text  # the report
    assert "Reflecting on our early findings , November 2018," in text  # the briefing
    assert not NUMERIC_DATE.search(text), NUMERIC_DATE.search(text).group()


def test_the_sources_and_about_pages_use_the_same_style(client, dataset):
    sources = text_of(client, reverse("cases:source-list"))
    assert "Date March 2019" in sources and "Date 2022" in sources
    about = text_of(client, reverse("pages:about"))
    assert "Clare FitzGerald (March 2019)." in about
    assert "(November 2018)." in about
    assert "Date July 2019" in sources  # the ESADE post, a related publication
    for text in (sources, about):
        assert not NUMERIC_DATE.search(text)
