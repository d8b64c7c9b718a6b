"""How to cite a case record: plain text, BibTeX and RIS.

The case record in Rallying is what is cited (it is a compilation with its own provenance); the
sources its facts cite are named in a note, so a reader can go to them too.
"""

from dataclasses import dataclass, field
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
    updated: date  # the case's last change, as its page gives it
    accessed: date
    # Titles of the sources the record's facts cite, the study's publications first, then outside
    # sources, split by one rule: a source is named as what the record is "based on" only when it
    # states at least one of the record's facts; a source cited only for editorial inferences is
    # named after "With editorial inferences from", so the note never says it supports them.
    based_on: list[str]
    inferred_from: list[str] = field(default_factory=list)

    @property
    def note(self) -> str:
        if self.based_on and self.inferred_from:
            return (
                f"Case record based on: {'; '.join(self.based_on)}. "
                f"With editorial inferences from: {'; '.join(self.inferred_from)}."
            )
        if self.based_on:
            return f"Case record based on: {'; '.join(self.based_on)}."
        if self.inferred_from:
            return (
                f"Case record based on editorial inferences from: {'; '.join(self.inferred_from)}."
            )
        return ""


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
