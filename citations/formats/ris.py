"""RIS: one record of tagged lines, "XY  - value", with CRLF line ends as the format specifies,
from TY to ER. A value never spans lines: any line break in the text becomes a space. Dates are
"YYYY/MM/DD/" with the slashes kept for unknown parts, as the specification and Zotero write them."""

from citations.citation import Citation


def _value(text: str) -> str:
    return " ".join(text.split())


def ris_date(year: int, month: int | None = None, day: int | None = None) -> str:
    """ "2019/03//": year, month, day and other info, each slash kept when a part is unknown."""
    return f"{year:04d}/{f'{month:02d}' if month else ''}/{f'{day:02d}' if day else ''}/"


def ris(citation: Citation) -> str:
    issued = citation.issued
    lines = [
        ("TY", citation.kind.ris),
        ("TI", citation.title),
        # Reference managers read AU as "Family, Given": a comma splits the name there.
        *(("AU", name.inverted) for name in citation.authors),
        ("T2", citation.container),
        ("PB", citation.publisher),
        ("PY", str(issued.year) if issued else ""),
        ("DA", ris_date(issued.year, issued.month, issued.day) if issued else ""),
        ("ET", citation.version),
        ("DO", citation.doi),
        ("UR", citation.url),
        ("Y2", ris_date(*citation.accessed.timetuple()[:3]) if citation.accessed else ""),
        ("LA", citation.language),
        ("N1", citation.full_note),
        ("ER", ""),
    ]
    return "".join(f"{tag}  - {_value(value)}\r\n" for tag, value in lines if value or tag == "ER")
