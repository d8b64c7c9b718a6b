"""Read an import file into records, reporting malformed input with its line.

Two formats: the fixtures' JSON (a list of {"model", "fields"} objects with natural keys; see
export.py) and, for cases only, the CSV of the API and of the /download/ zip (cases/csv_format.py).
Both give the same Record: a model label, its fields as in the JSON format, and where it came from.
"""

import csv
import io
import json
from dataclasses import dataclass, field

from cases.csv_format import COLUMNS, FORMULA_STARTS, LIST_SEPARATOR


@dataclass(frozen=True)
class Problem:
    location: str
    message: str
    position: int = 0  # object number or line, to list problems in file order

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


@dataclass
class Record:
    label: str
    fields: dict
    location: str  # "object 3, line 41" or "line 5"
    position: int = 0
    field_word: str = "field"  # "column" for CSV
    described: str = ""  # the row's natural key, once known: 'cases.case “kibble”'
    columns: dict = field(default_factory=dict)  # field name → CSV column, where they differ

    def at(self, name: str | None = None) -> str:
        where = f"{self.location} ({self.described})" if self.described else self.location
        if name is None:
            return where
        return f"{where}, {self.field_word} {self.columns.get(name, name)}"

    def problem(self, name: str | None, message: str) -> Problem:
        return Problem(self.at(name), message, self.position)


def decode(content: bytes) -> tuple[str, list[Problem]]:
    """UTF-8 text (a byte-order mark is dropped), or the line where the bytes stop being UTF-8."""
    try:
        return content.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = content.count(b"\n", 0, error.start) + 1
        return "", [
            Problem(f"line {line}", f"not UTF-8 text ({error.reason} at byte {error.start})")
        ]


def parse_json(text: str) -> tuple[list[Record], list[Problem]]:
    """Records of a JSON dataset file; a syntax error is reported with its line and column."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return [], [
            Problem(f"line {error.lineno}, column {error.colno}", f"malformed JSON: {error.msg}")
        ]
    if not isinstance(data, list):
        return [], [
            Problem("line 1", "the file must be a JSON list of objects, as export_dataset writes")
        ]
    records, problems = [], []
    for number, (item, line) in enumerate(zip(data, _element_lines(text), strict=True), start=1):
        location = f"object {number}, line {line}"
        if not isinstance(item, dict):
            problems.append(
                Problem(location, 'expected an object with "model" and "fields"', number)
            )
            continue
        bad = False
        for key in sorted(set(item) - {"model", "fields"}):
            bad = True
            if key == "pk":
                message = 'has a "pk": rows are matched by natural key, so a file has no ids'
            else:
                message = f"unknown key “{key}” (an object has only “model” and “fields”)"
            problems.append(Problem(location, message, number))
        if not isinstance(item.get("model"), str):
            problems.append(Problem(location, 'missing "model", e.g. "cases.case"', number))
            bad = True
        if not isinstance(item.get("fields"), dict):
            problems.append(
                Problem(location, 'missing "fields", an object of field values', number)
            )
            bad = True
        if not bad:
            records.append(Record(item["model"].lower(), item["fields"], location, number))
    return records, problems


def _element_lines(text: str) -> list[int]:
    """The line each top-level element of a valid JSON list starts on."""
    decoder = json.JSONDecoder()
    position = text.index("[") + 1
    lines = []
    while True:
        while text[position] in " \t\r\n,":
            position += 1
        if text[position] == "]":
            return lines
        lines.append(text.count("\n", 0, position) + 1)
        _, position = decoder.raw_decode(text, position)


# CSV of cases: the columns import_dataset reads, and those it accepts but ignores because they are
# derived (url, nation, studies, sources, updated_at) or live in link tables with their own
# citations. The typology columns give one type per study (joined with LIST_SEPARATOR, the
# columns' values in the same order): each becomes the case's classification in the type's study.
CSV_REQUIRED = ("slug", "name", "sector", "region", "place_label", "summary")
CSV_TEXT = (
    "lead_organisation",
    "initiative_name",
    "permanence",
    "status",
    "status_note",
    "description",
)
CSV_NUMBERS = ("latitude", "longitude", "started")
CSV_TYPOLOGY = ("typology", "typology_basis", "typology_reason", "typology_source")
CSV_OPTIONAL = (*CSV_TEXT, *CSV_NUMBERS, *CSV_TYPOLOGY, "funding_model", "status_as_of")
CSV_IGNORED = tuple(
    name for name in COLUMNS if name not in CSV_REQUIRED and name not in CSV_OPTIONAL
)
CSV_REFERENCES = ("sector", "region", "funding_model")
NOT_CLASSIFIED = "none"


def parse_cases_csv(
    text: str, *, type_studies: dict[str, str] | None = None
) -> tuple[list[Record], list[Problem]]:
    """Case records from a CSV with a header row, and a classification record for each type a
    row gives (`type_studies`: each type's study); problems name the line and the column."""
    type_studies = type_studies or {}
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records, problems = [], []
    try:
        header = next(reader, None)
        if not header:
            return [], [Problem("line 1", "the CSV file is empty; it needs a header row")]
        header = [name.strip() for name in header]
        for name in header:
            if name not in CSV_REQUIRED + CSV_OPTIONAL + CSV_IGNORED:
                problems.append(Problem(f"line 1, column {name}", "unknown column"))
        missing = [name for name in CSV_REQUIRED if name not in header]
        if missing:
            problems.append(Problem("line 1", f"missing column(s): {', '.join(missing)}"))
        if problems:
            return [], problems
        line = reader.line_num + 1
        for cells in reader:
            number, location = line, f"line {line}"
            line = reader.line_num + 1  # a quoted cell may span several lines
            if not cells:
                continue
            if len(cells) != len(header):
                problems.append(
                    Problem(location, f"{len(cells)} cells, the header {len(header)}", number)
                )
                continue
            row = dict(zip(header, cells, strict=True))
            record = Record("cases.case", _case_fields(row), location, number, "column")
            records.append(record)
            classified, found = _classifications(row, record, type_studies)
            records += classified
            problems += found
    except csv.Error as error:
        problems.append(
            Problem(f"line {reader.line_num}", f"malformed CSV: {error}", reader.line_num)
        )
    return records, problems


def _case_fields(row: dict) -> dict:
    """A CSV row as the fields of a case record, undoing the spreadsheet formula guard."""
    fields = {}
    for name in (*CSV_REQUIRED, *CSV_OPTIONAL):
        if name not in row or name in CSV_TYPOLOGY:  # classifications: _classifications
            continue
        value = row[name]
        if name in CSV_REFERENCES:
            fields[name] = [value.strip()] if value.strip() else None
        elif name in CSV_NUMBERS:
            fields[name] = value.strip() or None
        elif name == "status_as_of":  # "2020" or "2025-04", as the export writes it
            year, _, month = value.strip().partition("-")
            fields.update(status_year=year or None, status_month=month or None)
        elif name == "status" and not value.strip():
            fields[name] = "not-known"  # an empty cell: no source says
        else:
            fields[name] = _unguard(value)
    return fields


def _classifications(
    row: dict, case: Record, type_studies: dict[str, str]
) -> tuple[list[Record], list[Problem]]:
    """A classification record per type in the row's typology column, in its type's study."""
    given = row.get("typology", "").strip()
    if given in ("", NOT_CLASSIFIED):
        return [], []
    types = _split(given)
    # Empty values count: "stated | inferred" has two, and so has " | " (no reasons).
    paired = {
        name: [value.strip() for value in row.get(name, "").split(LIST_SEPARATOR.strip())]
        for name in CSV_TYPOLOGY[1:]
    }
    problems, records = [], []
    for name, values in paired.items():
        if name in row and len(values) != len(types):
            problems.append(
                case.problem(
                    name,
                    f"{len(values)} value(s) for {len(types)} type(s): give one per type, "
                    f"joined with “{LIST_SEPARATOR.strip()}”, in the order of the typology column",
                )
            )
    if problems:
        return [], problems
    for position, slug in enumerate(types):
        study = type_studies.get(slug)
        if study is None:
            problems.append(case.problem("typology", f"no type “{slug}” in any study"))
            continue
        fields = {"case": [row.get("slug", "").strip()], "study": [study], "typology": [slug]}
        for name, field_name in (
            ("typology_basis", "basis"),
            ("typology_reason", "basis_reason"),
            ("typology_source", "source"),
        ):
            if name in row:
                value = paired[name][position]
                fields[field_name] = [value] if field_name == "source" else value
        columns = {"typology": "typology", "basis": "typology_basis"}
        columns |= {"basis_reason": "typology_reason", "source": "typology_source"}
        records.append(
            Record(
                "cases.classification",
                fields,
                case.location,
                case.position,
                "column",
                columns=columns,
            )
        )
    return records, problems


def _split(cell: str) -> list[str]:
    return [value.strip() for value in cell.split(LIST_SEPARATOR.strip())] if cell.strip() else []


def _unguard(text: str) -> str:
    """Drop the apostrophe cases/csv_format.py puts before a cell a spreadsheet would run as a formula."""
    if text.startswith("'") and text[1:2] and text[1:2] in FORMULA_STARTS:
        return text[1:]
    return text
