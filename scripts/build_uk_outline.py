"""Draw static/maps/uk-outline.svg, the overview map's outline, from Natural Earth. Run once.

    npm install --prefix /tmp/wa world-atlas@2.0.2
    .venv/bin/python scripts/build_uk_outline.py /tmp/wa/node_modules/world-atlas/countries-50m.json

world-atlas (ISC licence) packages Natural Earth's 1:50m "Admin 0 – Countries" (public domain) as
TopoJSON. This script decodes the United Kingdom (feature id 826, its ISO 3166 numeric code) and, as
context drawn in a lighter tone, Ireland (372) and the Isle of Man (833); projects every point with
`cases.uk_map.project`, the function that places the case markers at run time; simplifies the
rings (Douglas–Peucker) and drops islets too small to see; and writes the path data.

Rerun it only if the projection in cases/uk_map.py changes (tests/test_overview.py checks that
the committed file's viewBox matches the projection's).
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rallying.settings")

import django  # noqa: E402

django.setup()

from cases import uk_map  # noqa: E402

UNITED_KINGDOM = "826"
CONTEXT = ("372", "833")  # Ireland, Isle of Man
TOLERANCE = 0.25  # viewBox units (about 700 m): finer than the map can show
MIN_AREA = 0.6  # square viewBox units: smaller islands are dropped
OUTPUT = ROOT / "static" / "maps" / "uk-outline.svg"

Point = tuple[float, float]


def decode_arcs(topology: dict) -> list[list[Point]]:
    """TopoJSON arcs as longitude/latitude points (they are quantised and delta-encoded)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: list[list[Point]], indexes: list[int]) -> list[Point]:
    """A ring stitched from arcs; a negative index ~i is arc i reversed."""
    points: list[Point] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def polygons(geometry: dict) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas–Peucker, iterative (long coastlines would overflow a recursive version)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = (dx * dx + dy * dy) ** 0.5
        worst, worst_at = 0.0, None
        for i in range(first + 1, last):
            px, py = points[i]
            if length == 0:
                distance = ((px - x1) ** 2 + (py - y1) ** 2) ** 0.5
            else:
                distance = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / length
            if distance > worst:
                worst, worst_at = distance, i
        if worst_at is not None and worst > tolerance:
            keep[worst_at] = True
            stack += [(first, worst_at), (worst_at, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def area(points: list[Point]) -> float:
    return (
        abs(
            sum(
                x1 * y2 - x2 * y1
                for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True)
            )
        )
        / 2
    )


def path_data(topology: dict, arcs: list[list[Point]], ids: tuple[str, ...]) -> tuple[str, int]:
    """SVG path data for the features with these ids, and how many points it holds."""
    commands, n_points = [], 0
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("id") not in ids:
            continue
        for polygon in polygons(geometry):
            for indexes in polygon:
                projected = [uk_map.project(lon, lat) for lon, lat in ring(arcs, indexes)]
                if not any(uk_map.in_frame(x, y) for x, y in projected):
                    continue
                points = simplify(projected, TOLERANCE)
                if len(points) < 4 or area(points) < MIN_AREA:
                    continue
                rounded = []
                for x, y in points[:-1]:  # the ring is closed by "Z"
                    point = (round(x, 1), round(y, 1))
                    if not rounded or rounded[-1] != point:
                        rounded.append(point)
                n_points += len(rounded)
                commands.append("M" + "L".join(f"{x:g},{y:g}" for x, y in rounded) + "Z")
    return "".join(commands), n_points


def main(atlas: Path) -> None:
    topology = json.loads(atlas.read_text())
    arcs = decode_arcs(topology)
    land, n_land = path_data(topology, arcs, (UNITED_KINGDOM,))
    context, n_context = path_data(topology, arcs, CONTEXT)
    if not land:
        raise SystemExit(f"No United Kingdom (id {UNITED_KINGDOM}) in {atlas}")
    svg = f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated by scripts/build_uk_outline.py from {atlas.name} of the world-atlas package (ISC licence),
     built from Natural Earth 1:50m Admin 0 countries (public domain). See README.md here. Do not edit by hand.
     Projection: equirectangular, longitudes scaled by cos({uk_map.PARALLEL}°), frame {uk_map.LON_WEST}..{uk_map.LON_EAST} E,
     {uk_map.LAT_SOUTH}..{uk_map.LAT_NORTH} N, as cases/uk_map.py. -->
<svg xmlns="http://www.w3.org/2000/svg" viewBox="{uk_map.VIEWBOX}" width="{uk_map.VIEW_WIDTH:g}" height="{uk_map.VIEW_HEIGHT:g}">
  <title>Outline of the United Kingdom, with Ireland and the Isle of Man for context</title>
  <rect width="100%" height="100%" fill="#eef3f7"/>
  <path id="context" fill="#e4e6e7" stroke="#b1b4b6" stroke-width="0.5" d="{context}"/>
  <path id="uk" fill="#d4d9dc" stroke="#6f777b" stroke-width="0.6" stroke-linejoin="round" d="{land}"/>
</svg>
"""
    OUTPUT.write_text(svg)
    print(
        f"Wrote {OUTPUT.relative_to(ROOT)}: {len(svg.encode()):,} bytes, "
        f"{n_land} points of the United Kingdom, {n_context} of context."
    )


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(Path(sys.argv[1]))
