"""Read the bar charts (cases/templates/cases/_bar_chart.html) and the map out of a page's HTML,
as a reader would: each bar's label, the count written on it, and where it links."""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.http import QueryDict
from django.urls import reverse

from cases.filters import CaseFilter
from cases.models import Case

BAR = re.compile(
    r'<li class="bar-chart__item">\s*(?:<a class="govuk-link bar-chart__link" href="(?P<href>[^"]+)">'
    r'|<span class="bar-chart__static">)<span class="bar-chart__label">(?P<label>[^<]+)'
    r'<span class="govuk-visually-hidden">: (?P<said>\d+) cases?</span></span>\s*'
    r'<svg[^>]*><rect class="bar-chart__rect"[^>]* width="(?P<width>[\d.]+)%"[^>]*/>'
    r'<text class="bar-chart__count"[^>]*>(?P<count>\d+)</text></svg>'
)
ROW = re.compile(
    r'<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'
    r'(?:<a class="govuk-link" href="(?P<href>[^"]+)">)?(?P<label>[^<]+)(?:</a>)?</th>'
    r'<td class="govuk-table__cell govuk-table__cell--numeric">(?P<count>\d+)</td></tr>'
)


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    href: str | None
    width: float


def chart_html(html: str, slug: str) -> str:
    start = html.index(f'<figure class="bar-chart" id="chart-{slug}"')
    return html[start : html.index("</figure>", start)]


def chart_bars(html: str, slug: str) -> dict[str, Bar]:
    """The chart's bars by label; each bar's hidden count must equal the count drawn on it."""
    bars = {}
    for match in BAR.finditer(chart_html(html, slug)):
        assert match["said"] == match["count"], match.group(0)
        bars[match["label"]] = Bar(
            match["label"], int(match["count"]), match["href"], float(match["width"])
        )
    assert bars, f"no bars in chart {slug}"
    return bars


def chart_table(html: str, slug: str) -> dict[str, tuple[int, str | None]]:
    """The chart's table alternative: {label: (count, link)}."""
    table = chart_html(html, slug)
    table = table[table.index(f'id="chart-{slug}-table"') :]
    return {m["label"]: (int(m["count"]), m["href"]) for m in ROW.finditer(table)}


def cases_listed(href: str) -> int:
    """How many cases the case list at `href` shows, through the list's own filter."""
    url = urlsplit(href)
    assert url.path == reverse("cases:list"), href
    matching = CaseFilter(QueryDict(url.query), queryset=Case.objects.all())
    assert matching.is_valid(), href
    return matching.qs.count()
