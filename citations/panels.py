"""A cite panel: the plain-text citation to read and copy, and a link to each format's file."""

from dataclasses import dataclass, field

from django.urls import reverse

from citations.citation import Citation
from citations.formats import FORMATS, bibtex, plain_text


@dataclass(frozen=True)
class CiteLink:
    name: str  # "BibTeX"
    href: str
    filename: str
    content_type: str


@dataclass(frozen=True)
class CitePanel:
    heading: str  # "Cite this case"
    citation: Citation | None  # None: this cannot be cited (a draft), and `unavailable` says why
    links: list[CiteLink] = field(default_factory=list)
    unavailable: str = ""

    @property
    def text(self) -> str:
        return plain_text(self.citation) if self.citation else ""

    @property
    def bibtex(self) -> str:
        return bibtex(self.citation) if self.citation else ""

    @property
    def bibtex_href(self) -> str:
        """For the page's `<link rel="alternate" type="application/x-bibtex">`."""
        return next(link.href for link in self.links if link.filename.endswith(".bib"))


def cite_links(url_name: str, args: list, *, stem: str, query: str = "") -> list[CiteLink]:
    """The links to every format of one citation: `url_name` takes `args` and the extension."""
    return [
        CiteLink(
            name=format.name,
            href=reverse(url_name, args=[*args, extension]) + (f"?{query}" if query else ""),
            filename=f"{stem}.{extension}",
            content_type=format.content_type.split(";")[0],
        )
        for extension, format in FORMATS.items()
    ]
