"""BibTeX: one entry, every value braced and escaped so that no text can end its field early.

BibTeX counts braces even after a backslash, so a brace in the text is written `\\{`…`\\}` only
when it has a partner in the same value, and as `\\textbraceleft{}` or `\\textbraceright{}` when it
has none. A person is written "Family, Given"; an organisation or any name kept whole is braced,
so BibTeX neither splits it at an "and" nor takes its last word for a family name.
"""

from citations.citation import Citation, Name

BIBTEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}
UNPAIRED_BRACES = {"{": r"\textbraceleft{}", "}": r"\textbraceright{}"}
# Where each kind of entry puts the site or journal it appears in, and the publisher.
CONTAINER_FIELD = {"misc": "howpublished", "techreport": "institution", "article": "journal"}
MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()


def escape(text: str) -> str:
    text = " ".join(text.split())
    unpaired = _unpaired_braces(text)
    return "".join(
        UNPAIRED_BRACES[char] if index in unpaired else BIBTEX_SPECIALS.get(char, char)
        for index, char in enumerate(text)
    )


def _unpaired_braces(text: str) -> set[int]:
    """Positions of the braces in `text` that have no partner."""
    opened, unpaired = [], set()
    for index, char in enumerate(text):
        if char == "{":
            opened.append(index)
        elif char == "}":
            if opened:
                opened.pop()
            else:
                unpaired.add(index)
    return unpaired | set(opened)


def _name(name: Name) -> str:
    if name.family:
        given = escape(name.given)
        # A comma in the given name would start BibTeX's "Family, Jr, Given" form.
        return f"{escape(name.family)}, {'{' + given + '}' if ',' in given else given}"
    return "{" + escape(name.literal) + "}"


def _url(url: str) -> str:
    """A URL verbatim, but for the characters that would end the field (percent-encoded)."""
    return "".join(url.split()).replace("{", "%7B").replace("}", "%7D")


def bibtex(citation: Citation) -> str:
    entry_type = citation.kind.bibtex
    container_field = CONTAINER_FIELD[entry_type]
    issued = citation.issued
    fields = [
        ("title", escape(citation.title)),
        ("author", " and ".join(_name(name) for name in citation.authors)),
        (container_field, escape(citation.container or citation.publisher)),
        ("publisher", escape(citation.publisher) if citation.container else ""),
        ("year", str(issued.year) if issued else ""),
        ("version", escape(citation.version)),
        ("doi", escape(citation.doi)),
        ("url", _url(citation.url)),
        ("urldate", citation.accessed.isoformat() if citation.accessed else ""),
        ("note", escape(citation.full_note)),
    ]
    lines = [f"@{entry_type}{{{citation.key},"]
    for name, value in fields:
        if value:
            lines.append(f"  {name} = {{{value}}},")
        if name == "year" and issued and issued.month:
            # BibTeX's month macros, unbraced, so styles print the month in their language.
            lines.append(f"  month = {MONTHS[issued.month - 1]},")
    lines.append("}")
    return "\n".join(lines) + "\n"
