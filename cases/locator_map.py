"""A case page's locator map: the UK outline with one marker at the case's place, and the same
place in words ("Wirral, in the North West of England") for those who do not see the picture."""

import re
from dataclasses import dataclass

from cases import uk_map
from cases.place_names import areas_to_add

# Drawn 200 CSS px wide: a marker of 11 units is 7 px across its radius, plain at that size.
WIDTH_PX = 200
MARKER_RADIUS = 11

# ITL1 regions named after a compass point read with "the": "the North West of England".
COMPASS = re.compile(r"(north|south|east|west)\b", re.IGNORECASE)


def where(place: str, region: str, nation: str) -> str:
    """The place, then the wider areas it does not already name, as a phrase: "Wirral, in the North
    West of England", "Harrow, in London, England", "Paisley (Scotland)"."""
    added = areas_to_add(place, region, nation)
    region_added, nation_added = region in added, nation in added
    if region_added and COMPASS.match(region):
        area = f"the {region} of {nation}" if nation_added else f"the {region}"
        if nation_added and region.lower().endswith(f"of {nation.lower()}"):
            area = f"the {region}"
    else:
        area = ", ".join(added)
    if not area:
        return place
    return f"{place}, in {area}" if place else area[0].upper() + area[1:]


@dataclass(frozen=True)
class LocatorMap:
    text: str  # the picture in words
    viewbox: str
    land: str
    context: str
    x: str = ""  # the marker's centre, or empty when the case has no place on the map
    y: str = ""
    radius: str = f"{MARKER_RADIUS}"
    width: int = WIDTH_PX
    height: int = round(WIDTH_PX * uk_map.VIEW_HEIGHT / uk_map.VIEW_WIDTH)


def locator_map(case) -> LocatorMap:
    """The locator map of a case loaded with its region and nation (no query)."""
    text = where(case.place_label, case.region.name, case.region.nation.name)
    outline = uk_map.outline()
    shape = {"viewbox": outline.viewbox, "land": outline.land, "context": outline.context}
    if case.latitude is None or case.longitude is None:
        return LocatorMap(text=f"{text} (no position recorded, so no marker)", **shape)
    x, y = uk_map.project(float(case.longitude), float(case.latitude))
    if not uk_map.in_frame(x, y):
        return LocatorMap(text=f"{text} (outside the area the map shows)", **shape)
    return LocatorMap(text=text, x=f"{x:.1f}", y=f"{y:.1f}", **shape)
