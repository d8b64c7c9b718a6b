"""Compare two to four cases: which cases were asked for, and one row per compared dimension."""

from dataclasses import dataclass, field

from django.core.validators import slug_re

MIN_CASES, MAX_CASES = 2, 4
NOT_KNOWN = "Not known"
DIFFERENCES_ONLY = "only"  # ?differences=only hides the rows that are the same for every case


class CompareError(ValueError):
    """The request does not name between two and four cases; the message says what to do."""


def parse_compare_slugs(slugs: list[str]) -> list[str]:
    chosen = []
    for given in slugs:
        slug = given.strip()
        if slug and slug not in chosen:
            chosen.append(slug)
    if len(chosen) < MIN_CASES:
        had = "no case" if not chosen else "one case"
        raise CompareError(
            f"Choose at least {MIN_CASES} cases to compare (you chose {had}). "
            f"Tick two to four cases below, or on the case list, and select “Compare”."
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
        raise CompareError(f"There is no case {listed}. Choose cases from the list.")
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
class Cell:
    items: list[tuple[str, str]] = field(default_factory=list)  # (text, link or "")
    inferred_reason: str = ""

    @property
    def text(self) -> str:
        return ", ".join(text for text, _ in self.items) or NOT_KNOWN


@dataclass
class Row:
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


def _link(obj) -> tuple[str, str]:
    return (str(obj), obj.get_absolute_url())


def _one(value) -> Cell:
    return Cell(items=[(str(value), "")] if value not in (None, "") else [])


def comparison_rows(cases) -> list[Row]:
    """Rows of the comparison for cases loaded with `Case.objects.for_compare()` (no queries)."""

    def row(label: str, cell_for) -> Row:
        return Row(label=label, cells=[cell_for(case) for case in cases])

    def typology(case) -> Cell:
        if case.typology is None:
            return Cell(items=[("Not classified", "")])
        return Cell(
            items=[_link(case.typology)],
            inferred_reason=case.typology_reason if case.typology_is_inferred else "",
        )

    def started(case) -> Cell:
        # The record keeps one year for sorting; where sources differ, the cell says so.
        if case.started and case.started_disputed:
            return _one(f"{case.started} (sources differ; see the case)")
        return _one(case.started)

    def status(case) -> Cell:
        if case.status == "not-known":
            return _one("")
        return _one(f"{case.get_status_display()}, as of {case.status_as_of}")

    return [
        row("Type of collaboration", typology),
        row("Sector", lambda case: Cell(items=[_link(case.sector)])),
        row("Place (as the source gives it)", lambda case: _one(case.place_label)),
        row("Region", lambda case: Cell(items=[_link(case.region)])),
        row("Nation", lambda case: _one(case.region.nation)),
        row("Lead organisation", lambda case: _one(case.lead_organisation)),
        row("Initiative", lambda case: _one(case.initiative_name)),
        row("Year started", started),
        row(
            "Permanence",
            lambda case: _one(
                case.get_permanence_display() if case.permanence != "unknown" else ""
            ),
        ),
        row("Funding or contract model", lambda case: _one(case.funding_model)),
        row("Latest known status", status),
        row(
            "Policy areas",
            lambda case: Cell(items=[_link(area) for area in case.policy_areas.all()]),
        ),
        row(
            "Accountability modes",
            lambda case: Cell(items=[_link(mode) for mode in case.accountability_modes.all()]),
        ),
        row(
            "Findings it illustrates",
            lambda case: Cell(items=[_link(finding) for finding in case.findings.all()]),
        ),
    ]
