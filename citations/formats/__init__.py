"""The four formats a citation comes in, by the extension of its address (`cite.<ext>`)."""

from collections.abc import Callable
from dataclasses import dataclass

from citations.citation import Citation
from citations.formats.bibtex import bibtex
from citations.formats.csl import csl_json
from citations.formats.plain import plain_text
from citations.formats.ris import ris


@dataclass(frozen=True)
class Format:
    extension: str
    name: str  # as the cite panel's links say it
    content_type: str
    render: Callable[[Citation], str]


FORMATS = {
    format.extension: format
    for format in (
        Format("txt", "plain text", "text/plain; charset=utf-8", lambda c: plain_text(c) + "\n"),
        Format("bib", "BibTeX", "application/x-bibtex; charset=utf-8", bibtex),
        Format("ris", "RIS", "application/x-research-info-systems; charset=utf-8", ris),
        # JSON is UTF-8 by definition (RFC 8259): no charset parameter.
        Format("json", "CSL-JSON", "application/vnd.citationstyles.csl+json", csl_json),
    )
}

__all__ = ["FORMATS", "Format", "bibtex", "csl_json", "plain_text", "ris"]
