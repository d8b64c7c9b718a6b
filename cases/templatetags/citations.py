"""Show where a fact comes from: `{% cite fact %}` for any cited row, `{% cite_typology case %}`,
and `{{ source|source_date }}`, the one way every page gives a source's date."""

from django import template
from django.utils.dates import MONTHS

from cases.models import Basis

register = template.Library()


def _citation(source, locator: str, basis: str, reason: str) -> dict:
    return {
        "source": source,
        "locator": locator,
        "inferred": basis == Basis.INFERRED,
        "reason": reason,
    }


@register.inclusion_tag("includes/_citation.html")
def cite(fact):
    """The citation of a row with `source`, `locator`, `basis` and `basis_reason` (source joined)."""
    return _citation(fact.source, fact.locator, fact.basis, fact.basis_reason)


@register.inclusion_tag("includes/_citation.html")
def cite_typology(case):
    """The citation of a case's typology, which lives on the case row itself."""
    return _citation(
        case.typology_source, case.typology_locator, case.typology_basis, case.typology_reason
    )


@register.inclusion_tag("includes/_inferred_mark.html")
def inferred_mark(reason: str):
    """The visible "editorial inference" tag, its reason readable on hover and by screen readers."""
    return {"reason": reason}


@register.filter
def source_date(source) -> str:
    """A source's date as every page gives it: "March 2019", the year alone when no month is
    recorded ("2019"), and "" when the source is undated."""
    if not source.year:
        return ""
    return f"{MONTHS[source.month]} {source.year}" if source.month else str(source.year)
