"""A pack's citations: `{% pack_cite fact %}` after each fact, `{% pack_sources %}` at the end.

Each citation is numbered as on any page (cases/footnotes.py: one note per source and place) and
written as a note number linking to the notes list (for the screen and a browser's print), or,
in the PDF (`pdf` in the context), as a short note that pack.css floats to the foot of its page.
A short note names its source by number (packs/source_numbers.py), given in full in the sources
list.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from cases.models import Basis
from packs.selection import MAX_CASES

register = template.Library()

INFERRED_MARK = ' <span class="pack-inferred">editorial inference</span>'


@register.simple_tag(takes_context=True)
def pack_cite(context, cited, basis_shown: bool = False) -> str:
    """The notes of a fact: a cited row (`source`, `locator`, `basis`, `basis_reason`) or a list
    of them, the PDF's in one footnote. An inference is marked as one where it stands, unless
    the text before it already says so (`basis_shown`).

    Built in code, not a template: a pack of fifty cases cites some five hundred times."""
    if not cited:  # a fact with no citation (a missing key reads as "")
        return ""
    rows = list(cited) if isinstance(cited, list | tuple) else [cited]
    notes = []
    for row in rows:
        inferred = row.basis == Basis.INFERRED
        note, ref_id = context["footnotes"].cite(
            row.source, row.locator, inferred, row.basis_reason
        )
        source_number = context["source_numbers"].cite(row.source, row.locator, inferred)
        notes.append((note, ref_id, source_number))
    marked = not basis_shown and any(note.inferred for note, _, _ in notes)
    mark = mark_safe(INFERRED_MARK) if marked else ""
    if context.get("pdf"):
        text = " ".join(
            footnote_text(note, number, reason_shown=basis_shown) for note, _, number in notes
        )
        return format_html('{}<span class="pack-footnote">{}</span>', mark, text)
    return format_html(
        "{}{}",
        mark,
        format_html_join(
            "",
            '<a class="pack-ref" id="{}" href="#note-{}"><span class="pack-hidden">{}, note </span>{}</a>',
            (
                (
                    ref_id,
                    note.number,
                    "Reasoning and source" if note.inferred else "Source",
                    note.number,
                )
                for note, ref_id, _ in notes
            ),
        ),
    )


def footnote_text(note, source_number: int, *, reason_shown: bool) -> str:
    """ "Source 2, p. 5.", after "Editorial inference: <reason>" for an inference (its reason
    left to the text when the text gives it)."""
    cited = f"Source {source_number}" + (f", {note.locator}" if note.locator else "") + "."
    if not note.inferred:
        return cited
    if reason_shown:
        return f"Editorial inference (its reason is in the text). {cited}"
    return f"Editorial inference: {note.reason} {cited}"


@register.inclusion_tag("packs/_sources.html", takes_context=True)
def pack_sources(context) -> dict:
    """Every source the pack has cited so far, by number, with the places cited in it."""
    return {"sources": list(context["source_numbers"])}


@register.simple_tag
def pack_limit() -> int:
    """How many cases a pack holds at most (for the "Download evidence pack" links)."""
    return MAX_CASES
