"""The map of a set of cases, for the overview and the case list's map view (`?view=map`).

One numbered marker per case while the markers can be held apart (up to CASE_MARKER_LIMIT), one
mark per region above that, each region's mark opening the list of its cases with the same filters.
Two queries whatever the number of cases: the regions' counts (grouped), and at most
CASE_MARKER_LIMIT + 1 cases. Both always run, so the count is the same for 10 cases or 10,000.
"""

from dataclasses import dataclass, field

from django.db.models import Avg, Count, QuerySet
from django.http import QueryDict
from django.urls import reverse

from cases import uk_map
from cases.place_names import place_with_areas

# Above this many cases a marker per case could not be held apart on a 300-unit map (uk_map.spread
# gives up there), and the page would grow with the data: the map counts them by region instead.
CASE_MARKER_LIMIT = uk_map.SPREAD_LIMIT

# The columns the markers and the table of cases read.
CASE_COLUMNS = (
    "slug",
    "name",
    "place_label",
    "latitude",
    "longitude",
    "region__name",
    "region__slug",
    "region__nation__name",
    "region__nation__slug",
)


@dataclass
class RegionPlaces:
    """A region's cases, for its mark and its row in the table of regions."""

    slug: str
    name: str
    nation: str
    cases: int  # the region's cases in the set
    mapped: int  # those with coordinates
    latitude: float | None  # the mean position of the mapped ones
    longitude: float | None
    url: str = ""  # the case list of these cases

    @property
    def unmapped(self) -> int:
        return self.cases - self.mapped

    @property
    def name_with_nation(self) -> str:
        """The region and its nation: "North West (England)"; "Scotland", its own nation, once."""
        return place_with_areas(self.name, self.nation)


@dataclass
class CaseMap:
    """What a map of cases draws, and its table: cases (few) or regions (many)."""

    total: int
    regions: list[RegionPlaces]
    by_region: bool  # one mark per region, not per case
    cases: list = field(default_factory=list)  # the table's cases (per case only), numbered
    markers: list[uk_map.Marker] = field(default_factory=list)
    region_marks: list[uk_map.RegionMark] = field(default_factory=list)
    off_map: list = field(default_factory=list)  # per case: those with no place on the map

    @property
    def unmapped(self) -> int:
        """How many of the cases have no place on the map."""
        if self.by_region:
            return sum(region.unmapped for region in self.regions)
        return len(self.off_map)

    @property
    def on_map(self) -> int:
        return self.total - self.unmapped

    @property
    def displaced(self) -> bool:
        return any(mark.displaced for mark in self.markers)

    @property
    def outline(self) -> uk_map.Outline:
        return uk_map.outline()

    @property
    def marker_radius(self) -> str:
        return f"{uk_map.MARKER_RADIUS:g}"


def region_link(query: QueryDict, slug: str) -> str:
    """The case list with the same filters, narrowed to one region (as a list, page 1)."""
    query = query.copy()
    query.setlist("region", [slug])
    for key in ("page", "view"):
        query.pop(key, None)
    return f"{reverse('cases:list')}?{query.urlencode()}"


def region_places(cases: QuerySet, query: QueryDict) -> list[RegionPlaces]:
    """Each region with cases in the set: how many, how many with coordinates, and where they are
    on average. 1 grouped query, one row per region whatever the number of cases."""
    rows = (
        cases.order_by()
        .values("region__slug", "region__name", "region__nation__name", "region__order")
        .annotate(
            n=Count("pk"), mapped=Count("latitude"), lat=Avg("latitude"), lon=Avg("longitude")
        )
        .order_by("region__order", "region__slug")
    )
    return [
        RegionPlaces(
            slug=row["region__slug"],
            name=row["region__name"],
            nation=row["region__nation__name"],
            cases=row["n"],
            mapped=row["mapped"],
            latitude=None if row["lat"] is None else float(row["lat"]),
            longitude=None if row["lon"] is None else float(row["lon"]),
            url=region_link(query, row["region__slug"]),
        )
        for row in rows
    ]


def case_map(cases: QuerySet, query: QueryDict | None = None) -> CaseMap:
    """The map of `cases` (already filtered and ordered), its links keeping the filters in `query`.

    2 queries: the regions' counts, and the first CASE_MARKER_LIMIT + 1 cases in their order.
    """
    query = query if query is not None else QueryDict()
    regions = region_places(cases, query)
    first = list(
        cases.select_related("region__nation").only(*CASE_COLUMNS)[: CASE_MARKER_LIMIT + 1]
    )
    total = sum(region.cases for region in regions)
    if total > CASE_MARKER_LIMIT:
        return CaseMap(
            total=total,
            regions=regions,
            by_region=True,
            region_marks=uk_map.region_marks(regions),
        )
    markers, off_map = uk_map.place_markers(first)
    numbers = {marker.case.pk: marker.number for marker in markers}
    for case in first:
        case.map_number = numbers.get(case.pk)
    return CaseMap(
        total=total,
        regions=regions,
        by_region=False,
        cases=first,
        markers=markers,
        off_map=off_map,
    )
