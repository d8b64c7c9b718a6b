"""How each table's rows are drawn from one API record (a case, a quotation, …)."""

from cases.csv_format import csv_row


def citation(row: dict) -> dict:
    cited = row["citation"]
    return {
        "source": cited["source"],
        "locator": cited["locator"],
        "basis": cited["basis"],
        "basis_reason": cited["reason"],
    }


def dimension_rows(*, cited: bool = False, extra=None):
    def rows(value):
        row = {
            "slug": value["slug"],
            "name": value["label"],
            "definition": value["definition"],
            "order": value["order"],
            "case_count": value["case_count"],
        }
        if cited:
            row["source_wording"] = value["source_wording"]
            row.update(citation(value))
            row["study"] = value["study"]
        if extra:
            row.update(extra(value))
        yield row

    return rows


def case_links(key: str, target: str, target_column: str):
    """One row per cited link of a case (its accountability modes, policy areas, facts)."""

    def rows(case):
        for link in case[key]:
            row = {"case": case["slug"], "note": link["note"]}
            if target_column == "fact":
                row |= {"fact": link["fact"], "value": link["value"]}
            else:
                row[target_column] = link[target]["slug"]
            yield row | citation(link)

    return rows


def classification_rows(case):
    """One row per study a case appears in, with the type it gives (empty: none)."""
    for entry in case["classifications"]:
        yield {
            "case": case["slug"],
            "study": entry["study"]["slug"],
            "typology": entry["type"]["slug"] if entry["type"] else "",
            "note": entry["note"],
        } | citation(entry)


def source_rows(source):
    yield {
        "key": source["slug"],
        "title": source["title"],
        "kind": source["kind"],
        "origin": source["origin"],
        "authors": source["authors"],
        "publisher": source["publisher"],
        "year": source["year"],
        "month": source["month"],
        "url": source["web_url"],
        "doi": source["doi"],
        "note": source["note"],
        "study": source["study"] or "",
    }


def study_rows(study):
    yield {
        "slug": study["slug"],
        "title": study["title"],
        "kind": study["kind"],
        "authors": study["authors"],
        "publisher": study["publisher"],
        "year": study["year"],
        "month": study["month"],
        "url": study["web_url"],
        "doi": study["doi"],
        "summary": study["summary"],
        "cases_note": study["cases_note"],
        "case_count": study["case_count"],
    } | citation(study)


def case_rows(case):
    yield csv_row(case)


def finding_rows(finding):
    yield (
        {
            "slug": finding["slug"],
            "kind": finding["kind"],
            "title": finding["title"],
            "summary": finding["summary"],
            "order": finding["order"],
        }
        | citation(finding)
        | {"study": finding["study"]}
    )


def quotation_rows(quotation):
    yield {
        "slug": quotation["slug"],
        "case": quotation["case"]["slug"],
        "speaker_role": quotation["speaker_role"],
        "text": quotation["text"],
    } | citation(quotation)


def quotation_finding_rows(quotation):
    for finding in quotation["findings"]:
        yield {"quotation": quotation["slug"], "finding": finding["slug"]}


def evidence_rows(link):
    yield {
        "finding": link["finding"]["slug"],
        "case": link["case"]["slug"],
        "note": link["note"],
    } | citation(link)


def to_source(column: str = "source") -> tuple[str, str, str]:
    return (column, "sources", "key")
