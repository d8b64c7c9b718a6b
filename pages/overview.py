"""The overview page's reads: headline counts, the two case grids and the places on the map.

Everything is counted in the database in grouped queries, so the page runs the same number of
queries for ten cases or ten thousand; the map shows each case up to MAP_CASE_LIMIT, then one mark
per region, so the page's size stays bounded too.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Avg, Count, Q
from django.urls import reverse

from cases.filters import NOT_CLASSIFIED
from cases.models import (
    AccountabilityMode,
    Basis,
    Case,
    CaseAccountability,
    Sector,
    Source,
    SourceOrigin,
    Typology,
)
from cases.place_names import place_with_areas
from findings.models import Finding, Quotation
from pages import uk_map


def cases_url(**params: str) -> str:
    """The case list filtered by these parameters (a contract shared with the API)."""
    return f"{reverse('cases:list')}?{urlencode(params)}" if params else reverse("cases:list")


def headline_counts() -> dict[str, int]:
    """What the knowledge base holds. 4 queries: cases (with places, regions…), sources, findings,
    quotations."""
    counts = Case.objects.order_by().aggregate(
        cases=Count("pk"),
        places=Count("place_label", distinct=True),
        regions=Count("region", distinct=True),
        nations=Count("region__nation", distinct=True),
        classified=Count("pk", filter=Q(typology__isnull=False)),
        inferred=Count("pk", filter=Q(typology_basis=Basis.INFERRED)),
        stated=Count("pk", filter=Q(typology_basis=Basis.STATED)),
    )
    counts |= Source.objects.order_by().aggregate(
        sources=Count("pk"),
        study_sources=Count("pk", filter=Q(origin=SourceOrigin.STUDY)),
        related_sources=Count("pk", filter=Q(origin=SourceOrigin.RELATED)),
        outside_sources=Count("pk", filter=Q(origin=SourceOrigin.EXTERNAL)),
    )
    counts["findings"] = Finding.objects.count()
    counts["quotations"] = Quotation.objects.count()
    counts["unclassified"] = counts["cases"] - counts["classified"]
    return counts


@dataclass
class Cell:
    count: int
    url: str = ""  # the filtered case list; empty when there is nothing to list
    label: str = ""  # what the count is of, for the link's accessible name


@dataclass
class Row:
    """One row of a grid: a type of collaboration (or "not classified", or the total)."""

    label: str
    slug: str  # the `typology` filter value; empty for the total row
    url: str = ""  # the row header's link
    cells: list[Cell] = field(default_factory=list)
    total: Cell | None = None
    extra: list[int] = field(default_factory=list)  # unlinked figures (cases with no mode recorded)
    typology_id: int | None = None


@dataclass
class Grid:
    columns: list  # Sector or AccountabilityMode rows
    rows: list[Row]  # the types, "not classified", then the total row
    total_row: Row


def _cell(n: int, label: str, **params: str) -> Cell:
    """A count, linked to the case list filtered by `params` unless there is nothing to list."""
    return Cell(n, cases_url(**params) if n else "", label)


def _grid(typologies, columns, counts: dict, *, param: str, describe, total: str, row_totals=None):
    """Cases by type (rows) and by `columns`, each count linked to its filtered case list.

    `counts` maps (typology id, column id) to a count and `param` filters by a column; `describe`
    words a column and `total` the rows' totals for the links' accessible names. A row's total is
    `row_totals[typology id]`, or else the sum of its cells.
    """
    rows = [Row(t.name, t.slug, t.get_absolute_url(), typology_id=t.pk) for t in typologies]
    rows.append(Row("Not classified", NOT_CLASSIFIED, cases_url(typology=NOT_CLASSIFIED)))
    for row in rows:
        for column in columns:
            n = counts.get((row.typology_id, column.pk), 0)
            label = f"{row.label}, {describe(column)}"
            row.cells.append(_cell(n, label, typology=row.slug, **{param: column.slug}))
        n = row_totals.get(row.typology_id, 0) if row_totals else sum(c.count for c in row.cells)
        row.total = _cell(n, f"{row.label}, {total}", typology=row.slug)
    # A case has one type, so a column's rows add up without counting a case twice.
    column_totals = [sum(row.cells[i].count for row in rows) for i in range(len(columns))]
    total_row = Row(
        label="All types",
        slug="",
        cells=[
            _cell(n, f"all types, {describe(column)}", **{param: column.slug})
            for n, column in zip(column_totals, columns, strict=True)
        ],
        total=_cell(sum(row.total.count for row in rows), "all cases"),
    )
    return Grid(columns=columns, rows=rows, total_row=total_row)


def sector_grid(typologies: list[Typology], sectors: list[Sector]) -> Grid:
    """Cases by type and sector. 1 query: case counts grouped by (typology, sector)."""
    counts = {
        (typology_id, sector_id): n
        for typology_id, sector_id, n in Case.objects.order_by()
        .values_list("typology_id", "sector_id")
        .annotate(n=Count("pk"))
    }
    return _grid(
        typologies, sectors, counts, param="sector", describe=lambda s: s.name, total="all sectors"
    )


def accountability_grid(
    typologies: list[Typology], modes: list[AccountabilityMode], cases_per_type: dict
) -> tuple[Grid, dict[str, int]]:
    """Cases by type and accountability mode, and how many cases have any mode recorded.

    2 queries: the case–mode links grouped by (typology, mode), and the cases that have at least
    one link grouped by typology. A case may have several modes, so rows don't add up to totals.
    """
    links: dict[tuple, int] = {}
    n_links = n_inferred = 0
    for typology_id, mode_id, n, inferred in (
        CaseAccountability.objects.order_by()
        .values_list("case__typology_id", "mode_id")
        .annotate(
            n=Count("case", distinct=True), inferred=Count("pk", filter=Q(basis=Basis.INFERRED))
        )
    ):
        links[(typology_id, mode_id)] = n
        n_links += n
        n_inferred += inferred
    with_mode = dict(
        Case.objects.filter(accountability_links__isnull=False)
        .order_by()
        .values_list("typology_id")
        .annotate(n=Count("pk", distinct=True))
    )
    grid = _grid(
        typologies,
        modes,
        links,
        param="accountability",
        describe=lambda mode: f"accountable for {mode.name.lower()}",
        total="in all",
        row_totals=cases_per_type,
    )
    for row in grid.rows:
        row.extra = [row.total.count - with_mode.get(row.typology_id, 0)]
    n_with_mode = sum(with_mode.values())
    grid.total_row.extra = [grid.total_row.total.count - n_with_mode]
    stats = {"links": n_links, "inferred": n_inferred, "with_mode": n_with_mode}
    return grid, stats


# Above this many cases the map shows one mark per region instead of one per case: a page with
# every case on it grows with the data (7.5 MB and 6.5 s at 10,000 cases).
MAP_CASE_LIMIT = 100


def map_cases() -> list[Case]:
    """The cases for a map of one mark per case, or [] when there are more than MAP_CASE_LIMIT
    (the map then shows regions). 1 query, at most MAP_CASE_LIMIT + 1 rows."""
    cases = list(
        Case.objects.select_related("region__nation")
        .only(
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
        .order_by("name", "slug")[: MAP_CASE_LIMIT + 1]
    )
    return cases if len(cases) <= MAP_CASE_LIMIT else []


@dataclass
class RegionPlaces:
    """A region's cases, for the map's mark and the table of regions."""

    slug: str
    name: str
    nation: str
    cases: int  # all the region's cases
    mapped: int  # those with coordinates
    latitude: float | None  # the mean position of the mapped ones
    longitude: float | None

    @property
    def url(self) -> str:
        return cases_url(region=self.slug)

    @property
    def unmapped(self) -> int:
        return self.cases - self.mapped

    @property
    def name_with_nation(self) -> str:
        """The region and its nation: "North West (England)"; "Scotland", its own nation, once."""
        return place_with_areas(self.name, self.nation)


def region_places() -> list[RegionPlaces]:
    """Every region with cases: how many, how many with coordinates, and where they are on
    average. 1 grouped query, one row per region whatever the number of cases."""
    rows = (
        Case.objects.order_by()
        .values("region__slug", "region__name", "region__nation__name", "region__order")
        .annotate(
            n=Count("pk"),
            mapped=Count("latitude"),
            lat=Avg("latitude"),
            lon=Avg("longitude"),
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
        )
        for row in rows
    ]


def overview() -> dict:
    """Everything the overview page shows, in 12 queries whatever the number of cases.

    The map: each case (at most MAP_CASE_LIMIT) in `cases`, or, above that, `cases` empty and
    `map_regions` set: one mark per region, with its count, linking to the region's cases."""
    typologies = list(Typology.objects.select_related("source").order_by("order", "slug"))
    sectors = list(Sector.objects.order_by("order", "slug"))
    modes = list(AccountabilityMode.objects.select_related("source").order_by("order", "slug"))
    by_sector = sector_grid(typologies, sectors)
    cases_per_type = {row.typology_id: row.total.count for row in by_sector.rows}
    by_mode, accountability = accountability_grid(typologies, modes, cases_per_type)
    counts = headline_counts()
    cases = map_cases()
    regions = region_places()
    return {
        "counts": counts,
        "typologies": typologies,
        "sectors": sectors,
        "modes": modes,
        "sector_grid": by_sector,
        "accountability_grid": by_mode,
        "accountability": accountability,
        "cases": cases,
        "regions": regions,
        "map_regions": None if cases or not counts["cases"] else uk_map.region_marks(regions),
    }
