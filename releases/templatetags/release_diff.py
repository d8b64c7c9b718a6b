"""How a value of a release's difference reads on the page: a list as a list, none as "none"."""

from django import template

register = template.Library()


@register.inclusion_tag("releases/_diff_value.html")
def diff_value(value):
    return {"value": value, "is_list": isinstance(value, list)}
