"""Read the dataset's JSON download (rallying.json, as /download/ and every release serve it) as
import records, so that a release's frozen file restores the knowledge base it holds.

The download gives each table as the API lists it (downloads/build.py): slugs, labels, URLs and
citations as {source, locator, basis, reason}. Each record becomes the fixtures' records it was
built from: a case gives its case row and its classifications, fact citations, accountability and
policy-area links; the lists that only repeat other tables (a case's findings and quotations, a
study's framework, counts, URLs, labels of references) are left to those tables. What the file
does not hold, the import leaves to the defaults: every row is published (a download holds no
draft), a case's `created_at` is the time of the import, and a quotation's order is its place
among its case's quotations in the file. Evidence links are matched by finding and case; their
ids in the file are the ids of the database that wrote it.
"""

import json

from cases.dataset_io.records import Problem, Record

PUBLISHED = "published"


def citation(record: dict) -> dict:
    cited = record["citation"]
    return {
        "source": [cited["source"]],
        "locator": cited["locator"],
        "basis": cited["basis"],
        "basis_reason": cited["reason"],
    }


def ref(value) -> list[str] | None:
    """A reference ({"slug": …} or a slug) as a natural key; None for none."""
    if value is None:
        return None
    return [value["slug"] if isinstance(value, dict) else value]


def dimension(record: dict) -> dict:
    return {
        "slug": record["slug"],
        "name": record["label"],
        "definition": record["definition"],
        "order": record["order"],
    }


def framework_value(record: dict) -> dict:
    """A type or accountability mode: defined by a study, with the source's words, cited."""
    return {
        **dimension(record),
        "source_wording": record["source_wording"],
        "study": ref(record["study"]),
        **citation(record),
    }


def source(record: dict) -> dict:
    return {
        "key": record["slug"],
        "title": record["title"],
        "kind": record["kind"],
        "origin": record["origin"],
        "authors": record["authors"],
        "publisher": record["publisher"],
        "year": record["year"],
        "month": record["month"],
        "url": record["web_url"],
        "doi": record["doi"],
        "note": record["note"],
        "study": ref(record["study"]),
    }


def study(record: dict) -> dict:
    return {
        "slug": record["slug"],
        "title": record["title"],
        "authors": record["authors"],
        "publisher": record["publisher"],
        "year": record["year"],
        "month": record["month"],
        "kind": record["kind"],
        "doi": record["doi"],
        "url": record["web_url"],
        "summary": record["summary"],
        "cases_note": record["cases_note"],
        "publication": PUBLISHED,
        **citation(record),
    }


def status_fields(status: dict) -> dict:
    """{"value", "as_of": "2022-06" or "2019" or None, "note"} as the case's status columns."""
    year, _, month = (status["as_of"] or "").partition("-")
    return {
        "status": status["value"],
        "status_year": int(year) if year else None,
        "status_month": int(month) if month else None,
        "status_note": status["note"],
    }


def coordinate(value) -> str | None:
    """A number of the file as the text it was written from (51.015, not the float's 51.01499…),
    which the case's decimal field takes exactly."""
    return None if value is None else str(value)


def case_rows(record: dict) -> list[tuple[str, dict]]:
    """The case and its cited links, each as (model label, fields)."""
    key = [record["slug"]]
    rows = [
        (
            "cases.case",
            {
                "slug": record["slug"],
                "name": record["name"],
                "lead_organisation": record["lead_organisation"],
                "initiative_name": record["initiative_name"],
                "place_label": record["place_label"],
                "latitude": coordinate(record["latitude"]),
                "longitude": coordinate(record["longitude"]),
                "started": record["started"],
                "permanence": record["permanence"],
                "summary": record["summary"],
                "description": record["description"],
                "sector": ref(record["sector"]),
                "region": ref(record["region"]),
                "funding_model": ref(record["funding_model"]),
                **status_fields(record["status"]),
                "publication": PUBLISHED,
                "updated_at": record["updated_at"],
            },
        )
    ]
    for item in record["classifications"]:
        fields = {"case": key, "study": ref(item["study"]), "typology": ref(item["type"])}
        rows.append(("cases.classification", {**fields, "note": item["note"], **citation(item)}))
    for item in record["fact_citations"]:
        fields = {"case": key, "field_name": item["fact"], "value": item["value"]}
        rows.append(("cases.casefieldcitation", {**fields, "note": item["note"], **citation(item)}))
    for item in record["accountability"]:
        fields = {"case": key, "mode": ref(item["mode"]), "note": item["note"]}
        rows.append(("cases.caseaccountability", {**fields, **citation(item)}))
    for item in record["policy_areas"]:
        fields = {"case": key, "policy_area": ref(item["policy_area"]), "note": item["note"]}
        rows.append(("cases.casepolicyarea", {**fields, **citation(item)}))
    return rows


def finding(record: dict) -> dict:
    return {
        "slug": record["slug"],
        "study": ref(record["study"]),
        "kind": record["kind"],
        "title": record["title"],
        "summary": record["summary"],
        "order": record["order"],
        **citation(record),
    }


def evidence_link(record: dict) -> dict:
    return {
        "finding": ref(record["finding"]),
        "case": ref(record["case"]),
        "note": record["note"],
        **citation(record),
    }


def quotation(record: dict, seen_per_case: dict) -> list[tuple[str, dict]]:
    """A quotation; its order is its place among its case's quotations so far in the file."""
    case = record["case"]["slug"]
    order = seen_per_case[case] = seen_per_case.get(case, -1) + 1
    fields = {
        "slug": record["slug"],
        "text": record["text"],
        "speaker_role": record["speaker_role"],
        "case": [case],
        "findings": [ref(item) for item in record["findings"]],
        "order": order,
        **citation(record),
    }
    return [("findings.quotation", fields)]


def one(label: str, convert):
    return lambda record, seen: [(label, convert(record))]


# The lists of the file, in its order (parents first), and the records each item gives: each
# converter takes the item and a dict it may keep state in for its list.
LISTS = {
    "sources": one("cases.source", source),
    "studies": one("cases.study", study),
    "nations": one("cases.nation", dimension),
    "regions": one(
        "cases.region",
        lambda record: {
            **dimension(record),
            "nation": ref(record["nation"]),
            "itl_code": record["itl_code"],
        },
    ),
    "sectors": one("cases.sector", dimension),
    "typologies": one("cases.typology", framework_value),
    "accountability_modes": one("cases.accountabilitymode", framework_value),
    "policy_areas": one("cases.policyarea", dimension),
    "funding_models": one("cases.fundingmodel", dimension),
    "cases": lambda record, seen: case_rows(record),
    "findings": one("findings.finding", finding),
    "quotations": quotation,
    "evidence_links": one("findings.casefinding", evidence_link),
}


def is_download(text: str) -> bool:
    """Whether an import file is a JSON download (an object) rather than the fixtures' list."""
    return text.lstrip().startswith("{")


def parse_download_json(text: str) -> tuple[list[Record], list[Problem]]:
    """Import records of a rallying.json file; a record that is not of the download's shape is
    a problem named by its list and place (e.g. "cases[3]")."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        return [], [Problem(where, f"malformed JSON: {error.msg}")]
    if not isinstance(document, dict) or not isinstance(document.get("dataset"), dict):
        return [], [
            Problem("line 1", 'not a dataset download: it has no "dataset" record (rallying.json)')
        ]
    records, problems = [], []
    for name in sorted(set(document) - set(LISTS) - {"dataset"}):
        known = ", ".join(LISTS)
        problems.append(Problem(name, f"unknown list “{name}” (a download holds {known})"))
    for position, name in enumerate(LISTS, start=1):
        items = document.get(name, [])
        if not isinstance(items, list):
            problems.append(Problem(name, "expected a list of records", position))
            continue
        seen: dict = {}
        for index, item in enumerate(items):
            location = f"{name}[{index}]"
            try:
                rows = LISTS[name](item, seen)
            except (KeyError, TypeError, AttributeError, ValueError) as error:
                message = f"not a record of the download's {name}: missing or malformed {error}"
                problems.append(Problem(location, message, position))
                continue
            records += [Record(label, fields, location, position) for label, fields in rows]
    return records, problems
