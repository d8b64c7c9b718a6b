"""What a citation says, whatever its format: one value, made by one builder per thing cited
(citations/builders.py) and written out by each format (citations/formats/).

A Rallying record (a case, a finding, a quotation, a filtered list) is cited as what it is: a
compilation by Rallying, with its own provenance in the note. A source is cited as its own
publication. Every citation names the dataset release it rests on, or says that none has been
published yet (RestsOn).
"""

from dataclasses import dataclass
from datetime import date

SITE_TITLE = "Rallying: the open knowledge base of collaborative public-service reform"
SITE_NAME = "Rallying"


def long_date(day: date) -> str:
    """ "3 May 2026", as every page gives a day."""
    return f"{day.day} {day:%B %Y}"


def sentence(text: str) -> str:
    """The text on one line, ended with a full stop unless it ends with its own ("…collaborate?")."""
    text = " ".join(text.split())
    return text if text.endswith((".", "?", "!")) else f"{text}."


@dataclass(frozen=True)
class Kind:
    """What is cited, in each format's own vocabulary."""

    label: str  # in brackets after the title in plain text
    csl: str  # CSL item type
    ris: str  # RIS TY
    bibtex: str  # BibTeX entry type


RECORD = "webpage", "ELEC", "misc"
CASE = Kind("case record", *RECORD)
FINDING = Kind("finding", *RECORD)
QUOTATION = Kind("quotation", *RECORD)
CASE_LIST = Kind("list of cases", "dataset", "DATA", "misc")
RELEASE = Kind("dataset", "dataset", "DATA", "misc")
PACK = Kind("evidence pack", "report", "RPRT", "techreport")
# A source by its kind (cases.models.SourceKind); an article's journal is its container.
SOURCE_KINDS = {
    "report": Kind("report", "report", "RPRT", "techreport"),
    "briefing": Kind("briefing", "report", "RPRT", "techreport"),
    "article": Kind("journal article", "article-journal", "JOUR", "article"),
    "web-page": Kind("web page", "webpage", "ELEC", "misc"),
}


@dataclass(frozen=True)
class Name:
    """An author: a person (family and given names), or a name kept whole (`literal`): an
    organisation, or a name whose parts the record does not tell apart."""

    family: str = ""
    given: str = ""
    literal: str = ""

    @property
    def inverted(self) -> str:
        """ "Blundell, Jo", or the whole name: as RIS and the citation_author meta tag take it."""
        return f"{self.family}, {self.given}" if self.family else self.literal

    @property
    def short(self) -> str:
        """ "Blundell, J.", or the whole name: as the plain-text citation gives it."""
        if not self.family:
            return self.literal
        initials = " ".join(f"{part[0]}." for part in self.given.split())
        return f"{self.family}, {initials}"


@dataclass(frozen=True)
class Issued:
    """When the cited thing was published, to the precision known (a source may give a year only)."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def on(cls, day: date) -> "Issued":
        return cls(day.year, day.month, day.day)

    @property
    def parts(self) -> list[int]:
        return [part for part in (self.year, self.month, self.day) if part]

    @property
    def slashed(self) -> str:
        """ "2026/05/03", "2019/03" or "2019": the form RIS and Google Scholar's meta tags take."""
        return "/".join(f"{part:02d}" if i else str(part) for i, part in enumerate(self.parts))


@dataclass(frozen=True)
class RestsOn:
    """The dataset release a citation rests on (the latest published), or none yet."""

    version: str  # "" while no release has been published
    published_on: date | None
    url: str  # the release's page
    as_of: date  # the day the data were read: what an unreleased citation can say
    # The record changed after the release froze the data (known for cases, which keep a date of
    # their last change).
    changed_since: bool = False

    @property
    def sentence(self) -> str:
        if not self.version:
            return f"Dataset unreleased; as of {long_date(self.as_of)}."
        text = f"Dataset release {self.version} ({long_date(self.published_on)}), {self.url}"
        if self.changed_since:
            text += "; this record has changed since that release"
        return f"{text}."


@dataclass(frozen=True)
class Citation:
    key: str  # the BibTeX key and CSL id, e.g. rallying-finding-share-responsibility
    kind: Kind
    title: str
    url: str
    rests_on: RestsOn
    authors: tuple[Name, ...] = ()
    issued: Issued | None = None
    # The day the reader read the cited page; None for a source, which Rallying only describes.
    accessed: date | None = None
    updated: date | None = None  # a case record's last change
    container: str = ""  # the site or journal it appears in
    publisher: str = ""
    version: str = ""  # a release's version
    doi: str = ""
    label: str = ""  # overrides the kind's label in plain text
    # The provenance: what the record is based on, what states it, and where.
    note: str = ""
    language: str = "en"  # Rallying writes in English; "" where the language is not known

    @property
    def full_note(self) -> str:
        """The note with the release it rests on, as the formats without a release field give it.
        A release's own citation names its version in its own field."""
        if self.kind is RELEASE:
            return self.note
        return " ".join(part for part in (self.rests_on.sentence, self.note) if part)

    @property
    def bracket_label(self) -> str:
        return self.label or self.kind.label
