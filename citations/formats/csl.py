"""CSL-JSON: the input format of citeproc, Zotero, Pandoc and Mendeley. An array of one item,
with the variables the CSL data schema defines; names as {family, given} or {literal}, dates as
{"date-parts": [[year, month, day]]}."""

import json

from citations.citation import Citation, Name


def _name(name: Name) -> dict:
    return (
        {"family": name.family, "given": name.given} if name.family else {"literal": name.literal}
    )


def csl_item(citation: Citation) -> dict:
    item = {
        "id": citation.key,
        "type": citation.kind.csl,
        "title": " ".join(citation.title.split()),
        "author": [_name(name) for name in citation.authors],
        "container-title": citation.container,
        "publisher": citation.publisher,
        "issued": {"date-parts": [citation.issued.parts]} if citation.issued else None,
        "accessed": (
            {
                "date-parts": [
                    [citation.accessed.year, citation.accessed.month, citation.accessed.day]
                ]
            }
            if citation.accessed
            else None
        ),
        "version": citation.version,
        "DOI": citation.doi,
        "URL": citation.url,
        "language": citation.language,
        "note": citation.full_note,
    }
    return {key: value for key, value in item.items() if value}


def csl_json(citation: Citation) -> str:
    return json.dumps([csl_item(citation)], ensure_ascii=False, indent=2) + "\n"
