"""How to cite a case record: plain text, BibTeX and RIS.

The case record in Rallying is what is cited (it is a compilation with its own provenance); the
study publications behind it are named in a note, so a reader can go to them too.
"""

from dataclasses import dataclass
from datetime import date

SITE_TITLE = "Rallying: the open knowledge base of collaborative public-service reform"
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


@dataclass(frozen=True)
class CaseCitation:
    slug: str
    title: str
    url: str
    updated: date
    accessed: date
    based_on: list[str]  # titles of the sources the record draws on, study first

    @property
    def note(self) -> str:
        return "Case record based on: " + "; ".join(self.based_on) + "." if self.based_on else ""


def plain_text(citation: CaseCitation) -> str:
    text = (
        f"Rallying ({citation.updated.year}). “{citation.title}” [case record]. {SITE_TITLE}. "
        f"Last updated {citation.updated:%-d %B %Y}. {citation.url} "
        f"(accessed {citation.accessed:%-d %B %Y})."
    )
    return f"{text} {citation.note}" if citation.note else text


def _bibtex_escape(text: str) -> str:
    text = " ".join(text.split())
    unpaired = _unpaired_braces(text)
    return "".join(
        UNPAIRED_BRACES[char] if index in unpaired else BIBTEX_SPECIALS.get(char, char)
        for index, char in enumerate(text)
    )


# BibTeX counts braces even after a backslash, so a lone \{ or \} would end the field early.
UNPAIRED_BRACES = {"{": r"\textbraceleft{}", "}": r"\textbraceright{}"}


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


def bibtex(citation: CaseCitation) -> str:
    fields = [
        ("title", citation.title),
        ("author", "{Rallying}"),
        ("howpublished", SITE_TITLE),
        ("year", str(citation.updated.year)),
        ("month", citation.updated.strftime("%b").lower()),
        ("url", citation.url),
        ("urldate", citation.accessed.isoformat()),
        ("note", citation.note),
    ]
    lines = [f"@misc{{rallying-{citation.slug},"]
    for name, value in fields:
        if not value:
            continue
        # The author is braced already so BibTeX keeps it as one corporate name; URLs are verbatim.
        escaped = value if name in ("author", "url", "month") else _bibtex_escape(value)
        lines.append(f"  {name} = {escaped if name == 'month' else '{' + escaped + '}'},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _ris_value(text: str) -> str:
    return " ".join(text.split())


def ris(citation: CaseCitation) -> str:
    lines = [
        ("TY", "ELEC"),
        ("TI", citation.title),
        ("AU", "Rallying"),
        ("T2", SITE_TITLE),
        ("PY", str(citation.updated.year)),
        ("DA", citation.updated.strftime("%Y/%m/%d")),
        ("UR", citation.url),
        ("Y2", citation.accessed.strftime("%Y/%m/%d")),
        ("N1", citation.note),
        ("ER", ""),
    ]
    # RIS: two-letter tag, two spaces, hyphen, space; CRLF line ends as the format specifies.
    return "".join(
        f"{tag}  - {_ris_value(value)}\r\n" for tag, value in lines if value or tag == "ER"
    )
