"""Bar charts of cases: one bar per value of a dimension, each a link to the filtered case list.

One builder for the overview and the dimension pages, drawn by one partial
(cases/templates/cases/_bar_chart.html). The counts come from reads the pages already make (the
case list's facet counts, or a dimension's values with their counts), so a chart costs no query.
A bar's link is the case list filtered by that value, so a click lists as many cases as the bar says.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse

from cases.facets import FacetGroup
from cases.filters import NOT_CLASSIFIED

# The longest bar takes this share of the width, leaving room after it for its count.
LONGEST_BAR = 80.0


def cases_url(**params: str) -> str:
    """The case list filtered by these parameters (a contract shared with the API)."""
    return f"{reverse('cases:list')}?{urlencode(params)}" if params else reverse("cases:list")


@dataclass
class Bar:
    label: str
    count: int
    url: str  # the filtered case list; empty when there is nothing to list
    share: float = 0.0  # the bar's length, in percent of the chart's width

    @property
    def width(self) -> str:
        """The SVG width attribute, formatted here so it never depends on the locale."""
        return f"{self.share:.1f}%"


@dataclass
class BarChart:
    """`slug` makes the chart's ids unique on its page; `title` says what the bars count."""

    slug: str
    title: str
    bars: list[Bar] = field(default_factory=list)
    note: str = ""  # what a reader needs to read the numbers right

    def __post_init__(self):
        largest = max((bar.count for bar in self.bars), default=0)
        for bar in self.bars:
            bar.share = LONGEST_BAR * bar.count / largest if largest else 0.0

    @property
    def total(self) -> int:
        return sum(bar.count for bar in self.bars)


def bar(label: str, count: int, url: str) -> Bar:
    """A bar that links only when there are cases to list."""
    return Bar(label=label, count=count, url=url if count else "")


def facet_chart(group: FacetGroup, *, title: str, note: str = "") -> BarChart:
    """A facet's values as bars, each linking to the case list filtered by that value alone."""
    return BarChart(
        slug=group.param,
        title=title,
        bars=[
            bar(value.label, value.count, cases_url(**{group.param: value.slug}))
            for value in group.values
        ],
        note=note,
    )


def values_chart(
    slug: str, values, *, title: str, not_classified: int | None = None, note: str = ""
) -> BarChart:
    """A dimension's values (annotated with `n_cases`, as `values_with_counts` gives them) as bars;
    with `not_classified`, a last bar for the cases with no type."""
    bars = [bar(value.name, value.n_cases, value.get_cases_url()) for value in values]
    if not_classified is not None:
        bars.append(bar("Not classified", not_classified, cases_url(typology=NOT_CLASSIFIED)))
    return BarChart(slug=slug, title=title, bars=bars, note=note)
