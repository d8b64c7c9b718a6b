"""Maps in templates: `{% load maps %}{% locator_map case %}` draws a case's locator map."""

from django import template

from cases.locator_map import locator_map as build_locator_map

register = template.Library()


@register.inclusion_tag("cases/_locator_map.html")
def locator_map(case) -> dict:
    return {"map": build_locator_map(case)}
