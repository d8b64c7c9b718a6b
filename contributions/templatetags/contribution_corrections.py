"""The case's admin page asks for its readers' corrections here, so cases never imports
contributions: the template (contributions/templates/admin/cases/case/change_form.html) does."""

from django import template

from contributions.models import Suggestion

register = template.Library()


@register.simple_tag
def corrections_to_apply(case) -> list[Suggestion]:
    """Accepted corrections to the case not yet marked applied (one query)."""
    return list(Suggestion.objects.corrections_to_apply(case.pk))
