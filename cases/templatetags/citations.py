"""Show where a fact comes from: `{% cite fact %}` for any cited row (a case's type by a study
too: its Classification), `{{ case|typed }}` for the types a case is given, and `{{ source|source_date }}`, the one way every page gives a source's date.

On a page (a RequestContext, which carries `footnotes`) a citation is a numbered note reference,
listed by `{% page_notes %}` at the page's foot; elsewhere it is written out in full where it is."""

from django import template
from django.template.loader import render_to_string
from django.utils.dates import MONTHS

from cases.classifications import types_of
from cases.models import Basis

register = template.Library()


def _citation(context, source, locator: str, basis: str, reason: str) -> str:
    inferred = basis == Basis.INFERRED
    notes = context.get("footnotes")
    if notes is None:
        return render_to_string(
            "includes/_citation.html",
            {"source": source, "locator": locator, "inferred": inferred, "reason": reason},
        )
    note, ref_id = notes.cite(source, locator, inferred, reason)
    return render_to_string("includes/_note_ref.html", {"note": note, "ref_id": ref_id})


@register.simple_tag(takes_context=True)
def cite(context, fact):
    """The citation of a row with `source`, `locator`, `basis` and `basis_reason` (source joined)."""
    return _citation(context, fact.source, fact.locator, fact.basis, fact.basis_reason)


@register.filter
def typed(case) -> list:
    """The classifications that give a case a type (a case loaded with `for_list()`)."""
    return types_of(case)


@register.inclusion_tag("includes/_page_notes.html", takes_context=True)
def page_notes(context):
    """The notes the page has cited so far, numbered, with the editorial-inference legend if any
    note is an inference. base.html puts it after the page's content. On a study's own page, its
    publications are not marked as "not the study"."""
    study = context.get("study")
    return {"footnotes": context.get("footnotes"), "own_study_id": getattr(study, "pk", None)}


@register.inclusion_tag("includes/_inferred_mark.html", takes_context=True)
def inferred_mark(context, reason: str):
    """The visible "editorial inference" tag, its reason readable on hover and by screen readers.
    On a page, it links to the legend that page_notes then gives."""
    notes = context.get("footnotes")
    if notes is not None:
        notes.marked_inferred = True
    return {"reason": reason, "legend": notes is not None}


@register.filter
def source_date(source) -> str:
    """A source's date as every page gives it: "March 2019", the year alone when no month is
    recorded ("2019"), and "" when the source is undated."""
    if not source.year:
        return ""
    return f"{MONTHS[source.month]} {source.year}" if source.month else str(source.year)
