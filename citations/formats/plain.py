"""Plain text: a reference to read and copy, in the author–date order of Harvard styles.

    Rallying (2026). “Golden Key” [case record]. Rallying: the open knowledge base of …. Last
    updated 10 June 2025. https://…/cases/golden-key/ (accessed 3 May 2026). Dataset release 1.0
    (1 May 2026), https://…/releases/1.0/. Case record based on: ….

A cited thing without a date says "n.d." rather than borrowing one; without authors, its title
comes first.
"""

from citations.citation import RELEASE, Citation, Name, long_date, sentence


def authors_text(names: tuple[Name, ...]) -> str:
    shown = [name.short for name in names]
    if len(shown) < 2:
        return "".join(shown)
    return f"{', '.join(shown[:-1])} and {shown[-1]}"


def plain_text(citation: Citation) -> str:
    year = str(citation.issued.year) if citation.issued else "n.d."
    label = citation.bracket_label + (f", version {citation.version}" if citation.version else "")
    title = f"“{' '.join(citation.title.split())}” [{label}]"
    authors = authors_text(citation.authors)
    parts = [f"{authors} ({year}).", f"{title}."] if authors else [f"{title} ({year})."]
    if citation.container:
        parts.append(sentence(citation.container))
    if citation.publisher and citation.publisher not in (authors, citation.container):
        parts.append(sentence(citation.publisher))
    if citation.kind is RELEASE and citation.rests_on.published_on:
        parts.append(f"Published {long_date(citation.rests_on.published_on)}.")
    if citation.updated:
        parts.append(f"Last updated {long_date(citation.updated)}.")
    address = f"https://doi.org/{citation.doi}" if citation.doi else citation.url
    if address:
        accessed = f" (accessed {long_date(citation.accessed)})" if citation.accessed else ""
        parts.append(f"{address}{accessed}.")
    if citation.full_note:
        parts.append(citation.full_note)
    return " ".join(parts)
