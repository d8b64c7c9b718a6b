"""What changed between two releases, read from their frozen rallying.json files.

The records compared are the published case and finding records exactly as the API and the JSON
file give them (cases/records.py): cases and findings are matched by slug; a slug in only one file
is added or removed; for a slug in both, each field is shown in words (labels, not slugs: "Charity",
"South West (England)", a type with its study and basis) and compared, and a field whose words
differ is listed with its before and after. Links (policy areas, accountability, sources of a
fact…) are lists of such words. Addresses (`url`, `html_url`) and `updated_at` are left out: they
change with the site's address or with any edit, not with what the record says. A field the code
below does not know (a new one) is compared too, shown as its JSON.

Computed once, when a release is published (releases/services.py), and stored with it:

    {"previous": "1.0" or None (the first release),
     "case_count": 11,
     "cases": {"added": [{"slug", "label"}…], "removed": […],
               "changed": [{"slug", "label", "fields": [{"field", "before", "after"}…]}…]},
     "findings": {the same}}

A value is a string, a list of strings, or None (no value). The files are read a record at a
time (`table_records`), so two large files are never whole in memory as Python objects.
"""

import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from cases.models import Permanence

Value = str | list[str] | None


def table_records(content: bytes, table: str) -> Iterator[dict]:
    """The records of one list of a rallying.json file, one at a time.

    The file is written as json.dumps(indent=2) writes it (downloads/json_document.py): a list at
    the top opens on the line `  "<table>": [` and each record is an object from a line `    {`
    to a line `    }`; JSON strings hold no raw newline, so no other line can look like those.
    A file in another layout is parsed whole."""
    opening = f'\n  "{table}": [\n'.encode()
    if f'\n  "{table}": []'.encode() in content:
        return
    if opening not in content:
        yield from _parsed_whole(content).get(table, [])
        return
    lines = io.BytesIO(content)  # shares the bytes until written to
    lines.seek(content.index(opening) + len(opening))
    record: list[bytes] = []
    for raw_line in lines:
        line = raw_line.rstrip(b"\n")
        if not record and line in (b"  ]", b"  ],"):
            return
        if line in (b"    }", b"    },"):
            record.append(b"}")
            yield json.loads(b"\n".join(record))
            record = []
        else:
            record.append(line)


def dataset_about(content: bytes) -> dict:
    """The file's `dataset` record (version, created…), read from its first lines."""
    end = content.find(b"\n  }")
    if content.startswith(b'{\n  "dataset": {') and end > 0:
        return json.loads(content[: end + 4] + b"\n}")["dataset"]
    return _parsed_whole(content).get("dataset", {})


def _parsed_whole(content: bytes) -> dict:
    document = json.loads(content)
    return document if isinstance(document, dict) else {}


# How each field of a record reads. ---------------------------------------------------------------


def text(value) -> Value:
    if value is None or value == "":
        return None
    return str(value)


def label(ref) -> Value:
    return ref.get("label") if isinstance(ref, dict) else text(ref)


def labels(refs) -> list[str]:
    return [str(label(ref)) for ref in refs or []]


def citation(cited) -> str:
    """ "stated by report-2019, page 4" or "inferred from report-2019, page 4: <reason>"."""
    where = ", ".join(part for part in (cited.get("source"), cited.get("locator")) if part)
    if cited.get("basis") == "inferred":
        return f"inferred from {where}: {cited.get('reason') or ''}".rstrip(": ")
    return f"stated by {where}"


def region(value) -> Value:
    if not isinstance(value, dict):
        return text(value)
    nation = label(value.get("nation"))
    return f"{value.get('label')} ({nation})" if nation else value.get("label")


def coordinates(record: dict) -> Value:
    latitude, longitude = record.get("latitude"), record.get("longitude")
    if latitude is None and longitude is None:
        return None
    return f"{latitude}, {longitude}"


def permanence(value) -> Value:
    return Permanence(value).label if value in Permanence.values else text(value)


def status(value) -> Value:
    if not isinstance(value, dict):
        return text(value)
    words = value.get("label") or value.get("value")
    if value.get("as_of"):
        words += f", as of {value['as_of']}"
    if value.get("note"):
        words += f": {value['note']}"
    return words


def classifications(items) -> list[str]:
    return [
        f"{label(item.get('study'))}: {label(item.get('type')) or 'no type'} "
        f"({citation(item.get('citation') or {})})"
        for item in items or []
    ]


def cited_links(key: str) -> Callable[[list], list[str]]:
    """Linked values (policy areas, accountability modes) with their citations."""

    def show(items) -> list[str]:
        return [
            f"{label(item.get(key))} ({citation(item.get('citation') or {})})"
            + (f": {item['note']}" if item.get("note") else "")
            for item in items or []
        ]

    return show


def fact_citations(items) -> list[str]:
    return [
        f"{item.get('fact')}: {citation(item.get('citation') or {})}"
        + (f" (gives “{item['value']}”)" if item.get("value") else "")
        for item in items or []
    ]


@dataclass(frozen=True)
class Field:
    key: str  # the record's key (its label for a field made of several keys)
    label: str
    show: Callable[[object], Value]
    whole_record: bool = False  # `show` reads the whole record, not record[key]

    def value(self, record: dict) -> Value:
        value = self.show(record) if self.whole_record else self.show(record.get(self.key))
        return value if value != [] else None


CASE_FIELDS = (
    Field("name", "Name", text),
    Field("lead_organisation", "Lead organisation", text),
    Field("initiative_name", "Initiative", text),
    Field("place_label", "Place", text),
    Field("coordinates", "Map coordinates", coordinates, whole_record=True),
    Field("sector", "Sector", label),
    Field("region", "Region", region),
    Field("classifications", "Type in each study", classifications),
    Field("funding_model", "Funding or contract model", label),
    Field("started", "Year started", text),
    Field("permanence", "Permanence", permanence),
    Field("status", "Latest known status", status),
    Field("summary", "Summary", text),
    Field("description", "Description", text),
    Field("accountability", "Accountability", cited_links("mode")),
    Field("policy_areas", "Policy areas", cited_links("policy_area")),
    Field("findings", "Findings it illustrates", labels),
    Field("quotations", "Quotations", labels),
    Field("fact_citations", "Sources of its facts", fact_citations),
)
# Not what a case says: addresses, the time of the last edit, and what other fields derive.
CASE_IGNORED = {
    "url",
    "html_url",
    "slug",
    "label",
    "latitude",
    "longitude",
    "updated_at",
    "disputed_facts",
}

FINDING_FIELDS = (
    Field("title", "Title", text),
    Field("kind", "Kind", text),
    Field("study", "Study", text),
    Field("summary", "Summary", text),
    Field("order", "Position within its kind", text),
    Field("citation", "Source", lambda cited: citation(cited or {})),
)
# Counts and addresses derive from the cases' links, which the cases' changes show.
FINDING_IGNORED = {
    "url",
    "slug",
    "label",
    "kind_label",
    "evidence_count",
    "evidence_url",
    "quotation_count",
    "quotations_url",
}


def as_json(value) -> Value:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def described(record: dict, fields: tuple[Field, ...], ignored: set[str]) -> dict[str, Value]:
    """A record as words, field by field; keys not known here are shown as JSON."""
    words = {field.label: field.value(record) for field in fields}
    known = {field.key for field in fields} | ignored
    for key in sorted(set(record) - known):
        words[key] = as_json(record[key])
    return words


@dataclass(frozen=True)
class Table:
    name: str  # the list in rallying.json
    fields: tuple[Field, ...]
    ignored: set[str]

    def read(self, content: bytes | None) -> dict[str, tuple[str, dict[str, Value]]]:
        """slug → (label, the record in words)."""
        if content is None:
            return {}
        return {
            record["slug"]: (record.get("label") or record["slug"], self.describe(record))
            for record in table_records(content, self.name)
        }

    def describe(self, record: dict) -> dict[str, Value]:
        return described(record, self.fields, self.ignored)


CASES = Table("cases", CASE_FIELDS, CASE_IGNORED)
FINDINGS = Table("findings", FINDING_FIELDS, FINDING_IGNORED)


def compare(before: dict, after: dict) -> dict:
    """Added, removed and changed records of one table (each sorted by label, then slug)."""

    def entry(slug, named):
        return {"slug": slug, "label": named[slug][0]}

    def order(entries):
        return sorted(entries, key=lambda item: (item["label"].casefold(), item["slug"]))

    changed = []
    for slug in after.keys() & before.keys():
        old, new = before[slug][1], after[slug][1]
        fields = [
            {"field": name, "before": old.get(name), "after": new.get(name)}
            for name in dict.fromkeys([*new, *old])
            if old.get(name) != new.get(name)
        ]
        if fields:
            changed.append({**entry(slug, after), "fields": fields})
    return {
        "added": order(entry(slug, after) for slug in after.keys() - before.keys()),
        "removed": order(entry(slug, before) for slug in before.keys() - after.keys()),
        "changed": order(changed),
    }


def release_diff(*, previous_version: str | None, previous: bytes | None, current: bytes) -> dict:
    """The difference between the previous release's rallying.json and this one's (no previous:
    the first release, which only counts its cases)."""
    cases_now = CASES.read(current)
    diff = {"previous": previous_version, "case_count": len(cases_now)}
    for table, now in ((CASES, cases_now), (FINDINGS, FINDINGS.read(current))):
        if previous is None:
            diff[table.name] = {"added": [], "removed": [], "changed": []}
        else:
            diff[table.name] = compare(table.read(previous), now)
    return diff
