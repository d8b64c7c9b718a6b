"""The maps of cases: one projection for the committed UK outline and for the case markers.

An equirectangular projection with longitudes scaled by cos(54.5°), the middle latitude of the
British Isles, keeps Great Britain's shape close enough for a locator map without a GIS library.
`scripts/build_uk_outline.py` drew `static/maps/uk-outline.svg` with `project()`; the markers are
placed with the same function at run time, so a new case appears in the right place.
"""

from dataclasses import dataclass
from functools import cache
from math import cos, hypot, pi, radians, sin, sqrt
from pathlib import Path
from xml.etree import ElementTree

from django.conf import settings

from cases.place_names import place_with_areas

# The frame: the British Isles, from the west coast of Ireland to East Anglia, Scilly to Shetland.
LON_WEST, LON_EAST = -10.8, 2.0
LAT_SOUTH, LAT_NORTH = 49.8, 61.0
PARALLEL = 54.5
WIDTH = 300.0  # of the frame, in viewBox units
MARGIN = 6.0
X_PER_DEGREE = WIDTH / (LON_EAST - LON_WEST)
Y_PER_DEGREE = X_PER_DEGREE / cos(radians(PARALLEL))
HEIGHT = (LAT_NORTH - LAT_SOUTH) * Y_PER_DEGREE
VIEW_WIDTH = round(WIDTH + 2 * MARGIN, 1)
VIEW_HEIGHT = round(HEIGHT + 2 * MARGIN, 1)
VIEWBOX = f"0 0 {VIEW_WIDTH:g} {VIEW_HEIGHT:g}"

# Markers are 27 units across. The map is drawn at least 288 CSS px wide (a 320 px screen less the
# page margins; 286 px inside its border), where 27 units are 24.7 px: at least WCAG 2.2's minimum
# target size of 24 by 24 px (2.5.8).
MARKER_RADIUS = 13.5
# Centres closer than this are spread apart, so no two targets overlap and the places between
# crowded markers stay visible.
MARKER_SPACING = 2 * MARKER_RADIUS + 7
GOLDEN_ANGLE = pi * (3 - sqrt(5))
SPREAD_LIMIT = 60  # more markers than a 300-unit map can hold apart
SPREAD_ROUNDS = 200

OUTLINE_FILE = Path(settings.BASE_DIR) / "static" / "maps" / "uk-outline.svg"
SVG_NS = "{http://www.w3.org/2000/svg}"


def project(lon: float, lat: float) -> tuple[float, float]:
    """The position of a longitude and latitude in the map's viewBox (y grows southwards)."""
    return MARGIN + (lon - LON_WEST) * X_PER_DEGREE, MARGIN + (LAT_NORTH - lat) * Y_PER_DEGREE


def in_frame(x: float, y: float) -> bool:
    return 0 <= x <= VIEW_WIDTH and 0 <= y <= VIEW_HEIGHT


class Placed:
    """Something drawn at a place (x, y), its mark at (marker_x, marker_y): the place, or nearby
    when places crowd together."""

    @property
    def displaced(self) -> bool:
        return hypot(self.marker_x - self.x, self.marker_y - self.y) > 0.5

    # SVG attribute values, formatted here so the page never depends on the locale's decimal mark.
    @property
    def svg(self) -> dict[str, str]:
        return {
            "x": f"{self.x:.1f}",
            "y": f"{self.y:.1f}",
            "marker_x": f"{self.marker_x:.1f}",
            "marker_y": f"{self.marker_y:.1f}",
        }


@dataclass
class Marker(Placed):
    """One case on the map: where its place is, and where its marker is drawn."""

    case: object
    number: int
    x: float  # the place
    y: float
    marker_x: float = 0.0  # the marker: the place, or nearby when places crowd together
    marker_y: float = 0.0
    radius: float = MARKER_RADIUS

    @property
    def label(self) -> str:
        """The marker's name: "1. Wigan Council, Wigan (North West, England)", and
        "8. Kibble, Paisley (Scotland)", whose place already names its region and nation."""
        case = self.case
        place = place_with_areas(case.place_label, case.region.name, case.region.nation.name)
        return f"{self.number}. {case.name}, {place}"


def spread(
    points: list[tuple[float, float]], spacing: float = MARKER_SPACING
) -> list[tuple[float, float]]:
    """Marker positions for places at `points`: each as near its place as the others allow.

    Two markers closer than `spacing` are pushed apart along the line between them, half each,
    until none overlap: the smallest moves that keep their relative positions (Wirral, Wigan and
    Oldham stay west to east). Places at the same point start on a small spiral so that they can
    part. Beyond SPREAD_LIMIT markers the map cannot hold them apart, so they stay on their places
    and the table beside the map is the way to reach each case.
    """
    n = len(points)
    if n > SPREAD_LIMIT:
        return list(points)
    positions = [list(point) for point in points]
    seen: dict[tuple[float, float], int] = {}
    for i, (x, y) in enumerate(points):
        key = (round(x, 1), round(y, 1))
        k = seen[key] = seen.get(key, -1) + 1
        if k:
            positions[i] = [
                x + sqrt(k) * cos(k * GOLDEN_ANGLE),
                y + sqrt(k) * sin(k * GOLDEN_ANGLE),
            ]
    for _ in range(SPREAD_ROUNDS):
        moved = False
        for i in range(n):
            for j in range(i + 1, n):
                dx = positions[j][0] - positions[i][0]
                dy = positions[j][1] - positions[i][1]
                distance = hypot(dx, dy)
                if distance >= spacing:
                    continue
                push = (spacing - distance) / 2 + 0.01
                ux, uy = (dx / distance, dy / distance) if distance else (1.0, 0.0)
                positions[i][0] -= push * ux
                positions[i][1] -= push * uy
                positions[j][0] += push * ux
                positions[j][1] += push * uy
                moved = True
        if not moved:
            break
    return [(x, y) for x, y in positions]


def spread_marks(marks: list, spacing: float) -> list:
    """Draw the marks (markers or region marks) apart, each wholly inside the picture."""
    for mark, (mx, my) in zip(marks, spread([(m.x, m.y) for m in marks], spacing), strict=True):
        mark.marker_x = min(max(mx, mark.radius), VIEW_WIDTH - mark.radius)
        mark.marker_y = min(max(my, mark.radius), VIEW_HEIGHT - mark.radius)
    return marks


def place_markers(cases) -> tuple[list[Marker], list]:
    """Markers for the cases that have coordinates inside the frame, numbered in the given order.

    Returns the markers and the cases left off the map (no coordinates, or outside the frame).
    """
    markers, off_map = [], []
    for case in cases:
        if case.latitude is None or case.longitude is None:
            off_map.append(case)
            continue
        x, y = project(float(case.longitude), float(case.latitude))
        if not in_frame(x, y):
            off_map.append(case)
            continue
        markers.append(Marker(case=case, number=len(markers) + 1, x=x, y=y))
    return spread_marks(markers, MARKER_SPACING), off_map


# Region marks (a map of many cases): the area grows with the count, from a case marker's size
# for the smallest region to this radius for the largest.
REGION_RADIUS_MAX = 22.0
REGION_SPACING = 2 * REGION_RADIUS_MAX + 4


@dataclass
class RegionMark(Placed):
    """One region on a map of many cases: a mark at the mean position of its cases."""

    region: object  # case_map.RegionPlaces
    x: float
    y: float
    radius: float
    marker_x: float = 0.0
    marker_y: float = 0.0

    @property
    def label(self) -> str:
        """The count as the mark shows it, short enough for the circle: 950, 1.2k, 12k."""
        n = self.region.mapped
        if n < 1000:
            return str(n)
        return f"{n / 1000:.1f}k" if n < 9950 else f"{round(n / 1000)}k"

    @property
    def svg(self) -> dict[str, str]:
        return {**super().svg, "radius": f"{self.radius:.1f}"}


def region_marks(regions) -> list[RegionMark]:
    """A mark for each region with mapped cases inside the frame, its area proportional to its
    number of mapped cases (never smaller than a case marker), spread apart like case markers."""
    marks = []
    for region in regions:
        if not region.mapped or region.latitude is None:
            continue
        x, y = project(region.longitude, region.latitude)
        if in_frame(x, y):
            marks.append(RegionMark(region=region, x=x, y=y, radius=MARKER_RADIUS))
    largest = max((mark.region.mapped for mark in marks), default=1)
    for mark in marks:
        share = sqrt(mark.region.mapped / largest)
        mark.radius = MARKER_RADIUS + (REGION_RADIUS_MAX - MARKER_RADIUS) * share
    return spread_marks(marks, REGION_SPACING)


@dataclass(frozen=True)
class Outline:
    viewbox: str
    land: str  # path data of the United Kingdom
    context: str  # path data of the neighbouring land drawn for context (Ireland, Isle of Man)


@cache
def outline() -> Outline:
    """The committed outline's path data, read once per process."""
    root = ElementTree.parse(OUTLINE_FILE).getroot()
    paths = {path.get("id"): path.get("d", "") for path in root.iter(f"{SVG_NS}path")}
    return Outline(
        viewbox=root.get("viewBox", ""), land=paths.get("uk", ""), context=paths.get("context", "")
    )
