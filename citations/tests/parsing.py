"""Read citation files back as a reference manager would, to check them by their structure.

BibTeX is read by BibTeX's own rules (no library here speaks them): a braced value ends at the
brace that brings the depth back to zero, and a backslash does not hide a brace; names split at
an "and" outside braces. RIS is read line by line; CSL-JSON is checked against CSL_ITEM, the part
of the CSL data schema that these items use.
"""

import re
from dataclasses import dataclass

from django.test import Client

ESCAPES = {
    r"\textbraceleft{}": "{",
    r"\textbraceright{}": "}",
    r"\textbackslash{}": "\\",
    r"\^{}": "^",
    r"\~{}": "~",
}
ESCAPED = re.compile(
    "|".join(re.escape(escape) for escape in ESCAPES) + r"|\\[{}%&$#_]",
)


@dataclass
class Entry:
    type: str
    key: str
    fields: dict[str, str]


def _braced(text: str, start: int) -> tuple[str, int]:
    """The value of the braces opening at `start`, and the position after them."""
    assert text[start] == "{", text[start:]
    depth = 0
    for index in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[index], 0)
        if depth == 0:
            return text[start + 1 : index], index + 1
    raise AssertionError(f"unbalanced braces from {start}: {text[start:]!r}")


def parse_bibtex(text: str) -> Entry:
    """The one entry of a .bib file; fails on anything else (a second entry, stray text)."""
    head = re.match(r"\s*@(\w+)\{([^,\s{}]+),", text)
    assert head, text[:80]
    position, fields = head.end(), {}
    while True:
        field = re.compile(r"\s*(\w+)\s*=\s*").match(text, position)
        if not field:
            break
        position = field.end()
        if text[position] == "{":
            value, position = _braced(text, position)
        else:
            bare = re.compile(r"\w+").match(text, position)
            value, position = bare.group(), bare.end()
        assert field.group(1) not in fields, f"{field.group(1)} twice"
        fields[field.group(1)] = value
        comma = re.compile(r"\s*,").match(text, position)
        if not comma:
            break
        position = comma.end()
    closing = re.compile(r"\s*\}\s*\Z").match(text, position)
    assert closing, f"the entry goes on after its fields: {text[position:]!r}"
    return Entry(head.group(1), head.group(2), fields)


def unescape(value: str) -> str:
    """A BibTeX value as the text it stands for (our escapes undone)."""
    return ESCAPED.sub(lambda match: ESCAPES.get(match.group(), match.group()[1:]), value)


def bibtex_names(value: str) -> list[str]:
    """The names of an author field: split at " and " outside braces, as BibTeX splits them."""
    names, start = [], 0
    for match in re.finditer(r"\s+and\s+", value, re.IGNORECASE):
        if _depth_at(value, match.start()) == 0:
            names.append(value[start : match.start()])
            start = match.end()
    names.append(value[start:])
    return names


def _depth_at(text: str, position: int) -> int:
    return sum({"{": 1, "}": -1}.get(char, 0) for char in text[:position])


def parse_ris(text: str) -> list[tuple[str, str]]:
    """The (tag, value) lines of one RIS record; fails unless every line is a tag line ending in
    CRLF, from TY to ER."""
    assert text.endswith("\r\n"), repr(text[-20:])
    lines = text.split("\r\n")[:-1]
    tagged = []
    for line in lines:
        match = re.fullmatch(r"([A-Z][A-Z0-9])  - (.*)", line)
        assert match and "\n" not in line and "\r" not in line, repr(line)
        tagged.append((match.group(1), match.group(2)))
    assert tagged[0][0] == "TY" and tagged[-1] == ("ER", "")
    assert [tag for tag, _ in tagged].count("TY") == 1
    return tagged


def ris_values(text: str, tag: str) -> list[str]:
    return [value for found, value in parse_ris(text) if found == tag]


NAME = {
    "type": "object",
    "properties": {
        "family": {"type": "string"},
        "given": {"type": "string"},
        "literal": {"type": "string"},
    },
    "additionalProperties": False,
    "oneOf": [{"required": ["family", "given"]}, {"required": ["literal"]}],
}
DATE = {
    "type": "object",
    "properties": {
        "date-parts": {
            "type": "array",
            "minItems": 1,
            "maxItems": 1,
            "items": {"type": "array", "minItems": 1, "maxItems": 3, "items": {"type": "integer"}},
        }
    },
    "required": ["date-parts"],
    "additionalProperties": False,
}
CSL_ITEM = {
    "type": "object",
    "properties": {
        "id": {"type": "string"},
        "type": {"enum": ["webpage", "dataset", "report", "article-journal"]},
        "title": {"type": "string"},
        "author": {"type": "array", "items": NAME},
        "container-title": {"type": "string"},
        "publisher": {"type": "string"},
        "issued": DATE,
        "accessed": DATE,
        "version": {"type": "string"},
        "DOI": {"type": "string"},
        "URL": {"type": "string"},
        "language": {"type": "string"},
        "note": {"type": "string"},
    },
    "required": ["id", "type", "title"],
    "additionalProperties": False,
}
CSL_DATA = {"type": "array", "items": CSL_ITEM, "minItems": 1, "maxItems": 1}


def download(client: Client, url: str, *, content_type: str) -> str:
    """A citation file: 200, the right type, offered as a file named after its key."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Type"] == content_type, response["Content-Type"]
    assert re.fullmatch(r'attachment; filename="[\w.-]+\.\w+"', response["Content-Disposition"])
    return response.content.decode()
