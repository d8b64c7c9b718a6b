"""Compare two to four cases: which cases were asked for, and one row per compared dimension."""

from dataclasses import dataclass, field

from django.core.validators import slug_re
from django.db.models import Prefetch, QuerySet

from cases.case_sources import field_citations_by_name
from cases.classifications import types_of
from cases.disputes import disputed_facts
from cases.models import Case
from cases.querysets import public_links

MIN_CASES, MAX_CASES = 2, 4
NOT_KNOWN = "Not known"
DIFFERENCES_ONLY = "only"  # ?differences=only hides the rows that are the same for every case


class CompareError(ValueError):
    """The request does not name two to four cases that can be compared; the message says why.

    Where the reader's remedy is to choose the cases again, `needs_choice` is set, and each caller
    says how in its own terms (`explained`): ticking boxes on the page, `case=` in the API.
    """

    def __init__(self, message: str, *, needs_choice: bool = False):
        super().__init__(message)
        self.needs_choice = needs_choice

    def explained(self, how_to_choose: str) -> str:
        return f"{self} {how_to_choose}" if self.needs_choice else str(self)


def parse_compare_slugs(slugs: list[str]) -> list[str]:
    chosen = []
    for given in slugs:
        slug = given.strip()
        if slug and slug not in chosen:
            chosen.append(slug)
    if len(chosen) < MIN_CASES:
        had = "no case" if not chosen else "one case"
        raise CompareError(
            f"Choose at least {MIN_CASES} cases to compare (you chose {had}).", needs_choice=True
        )
    if len(chosen) > MAX_CASES:
        raise CompareError(
            f"You can compare up to {MAX_CASES} cases at once; you chose {len(chosen)}. "
            "Remove some and try again."
        )
    # No case has such a slug; and a NUL in it would make PostgreSQL refuse the lookup (a 500).
    malformed = [slug for slug in chosen if not slug_re.match(slug)]
    if malformed:
        listed = ", ".join(f"“{''.join(c for c in slug if c.isprintable())}”" for slug in malformed)
        raise CompareError(f"There is no case {listed}.", needs_choice=True)
    return chosen


def parse_differences(values: list[str]) -> bool:
    """Whether `?differences=` asks for the differing rows only; any other value is an error."""
    given = [value.strip() for value in values]
    if not given or given == [""]:
        return False
    if given == [DIFFERENCES_ONLY]:
        return True
    shown = "".join(c for c in ", ".join(given) if c.isprintable())
    raise CompareError(
        f"“{shown}” is not a choice for differences: use “differences=only” to hide the rows "
        "that are the same for every case, or leave it out to see every row."
    )


@dataclass
class Item:
    text: str
    url: str = ""
    citations: list = field(default_factory=list)  # what supports this item alone


@dataclass
class Cell:
    items: list[Item] = field(default_factory=list)
    # What supports the cell's value as a whole; each becomes a numbered note on the page.
    citations: list = field(default_factory=list)

    @property
    def text(self) -> str:
        return ", ".join(item.text for item in self.items) or NOT_KNOWN

    @property
    def is_list(self) -> bool:
        return len(self.items) > 1


@dataclass
class Row:
    key: str  # the field compared, for data (cases/compare_api.py): "sector", "started", …
    label: str
    cells: list[Cell]

    @property
    def same(self) -> bool:
        """Every case reads the same here (all "Not known" counts as the same: it cannot decide)."""
        return len({cell.text for cell in self.cells}) == 1

    @property
    def differs(self) -> bool:
        return not self.same


def shown_rows(rows: list[Row], *, differences_only: bool) -> list[Row]:
    return [row for row in rows if row.differs] if differences_only else rows


def _linked(obj, citations=()) -> Item:
    return Item(str(obj), obj.get_absolute_url(), list(citations))


def _one(value, citations=()) -> Cell:
    """A cell of one plain value, cited only when there is a value to cite."""
    if value in (None, ""):
        return Cell()
    return Cell(items=[Item(str(value))], citations=list(citations))


def comparison_rows(cases) -> list[Row]:
    """Rows of the comparison for cases loaded with `compared_cases()` (no queries)."""
    cited = {case.pk: field_citations_by_name(case) for case in cases}

    def row(key: str, label: str, cell_for) -> Row:
        return Row(key=key, label=label, cells=[cell_for(case) for case in cases])

    def citations(case, fact: str) -> list:
        return cited[case.pk].get(fact, [])

    def typology(case) -> Cell:
        # Each study's type, with its citation; a case no study types is "Not classified".
        typed = types_of(case)
        if not typed:
            return Cell(items=[Item("Not classified")])
        return Cell(items=[_linked(c.typology, [c]) for c in typed])

    def started(case) -> Cell:
        # The record keeps one year for sorting; where sources differ, the cell says so and cites
        # only the sources that give the kept year (the case page lists every value).
        given = citations(case, "started")
        if case.started and "started" in disputed_facts((c.field_name, c.value) for c in given):
            kept = [c for c in given if c.value in ("", str(case.started))]
            return _one(f"{case.started} (sources differ; see the case)", kept)
        return _one(case.started, given)

    def status(case) -> Cell:
        if case.status == "not-known":
            return Cell()
        shown = f"{case.get_status_display()}, as of {case.status_as_of}"
        return _one(shown, citations(case, "status"))

    def permanence(case) -> Cell:
        if case.permanence == "unknown":
            return Cell()
        return _one(case.get_permanence_display(), citations(case, "permanence"))

    def linked(case, obj, fact: str) -> Cell:
        if obj is None:
            return Cell()
        return Cell(items=[_linked(obj)], citations=citations(case, fact))

    return [
        row("typology", "Type of collaboration", typology),
        row("sector", "Sector", lambda case: linked(case, case.sector, "listing")),
        row(
            "place_label",
            "Place (as the source gives it)",
            lambda case: _one(case.place_label, citations(case, "listing")),
        ),
        row("region", "Region", lambda case: linked(case, case.region, "region")),
        row("nation", "Nation", lambda case: _one(case.region.nation, citations(case, "region"))),
        row(
            "lead_organisation",
            "Lead organisation",
            lambda case: _one(case.lead_organisation, citations(case, "lead_organisation")),
        ),
        row(
            "initiative_name",
            "Initiative",
            lambda case: _one(case.initiative_name, citations(case, "initiative_name")),
        ),
        row("started", "Year started", started),
        row("permanence", "Permanence", permanence),
        row(
            "funding_model",
            "Funding or contract model",
            lambda case: _one(case.funding_model, citations(case, "funding_model")),
        ),
        row("status", "Latest known status", status),
        row(
            "policy_areas",
            "Policy areas",
            lambda case: Cell(
                items=[_linked(link.policy_area, [link]) for link in case.policy_area_links.all()]
            ),
        ),
        row(
            "accountability",
            "Accountability modes",
            lambda case: Cell(
                items=[_linked(link.mode, [link]) for link in case.accountability_links.all()]
            ),
        ),
        row(
            "findings",
            "Findings it illustrates",
            lambda case: Cell(
                items=[_linked(link.finding, [link]) for link in case.finding_links.all()]
            ),
        ),
    ]


def compared(slugs: list[str]) -> list[Case]:
    """The published cases of `slugs` (from parse_compare_slugs), in that order, loaded for
    comparison_rows(); a CompareError naming any slug no published case has. Queries: those of
    compared_cases()."""
    found = {case.slug: case for case in compared_cases().filter(slug__in=slugs)}
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        listed = ", ".join(f"“{slug}”" for slug in unknown)
        raise CompareError(f"There is no case {listed}.", needs_choice=True)
    return [found[slug] for slug in slugs]


def compared_cases() -> QuerySet:
    """The cases of a comparison with every compared dimension and what each cell cites: 1 query
    for the cases (dimensions joined), then 1 each for their types (by study), fact citations,
    policy areas, accountability modes and findings, each row with its source."""

    def cited(relation: str, *related: str, order: tuple[str, ...] = ()) -> Prefetch:
        rows = (
            Case._meta.get_field(relation)
            .related_model.objects.filter(public_links(relation))
            .select_related("source", *related)
        )
        return Prefetch(relation, queryset=rows.order_by(*order) if order else rows)

    return Case.objects.select_related(
        "sector", "region__nation", "funding_model"
    ).prefetch_related(
        cited("classifications", "typology", order=("study__year", "study__slug")),
        cited("field_citations"),
        cited("policy_area_links", "policy_area"),
        cited("accountability_links", "mode"),
        # The findings in the study's order, as the finding pages list them.
        cited(
            "finding_links", "finding", order=("finding__kind", "finding__order", "finding__slug")
        ),
    )
