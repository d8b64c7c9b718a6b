"""A place as a reader reads it: its label, then the wider areas it lies in, each named once.

Scotland is both a nation and its own ITL1 region, and a source may already name the area in the
place's own words ("Paisley (Scotland)"). Appending region and nation blindly gave
"Paisley (Scotland) (Scotland, Scotland)". The rule: an area is added only when no earlier part
(the label, or an area already added) names it as a whole word, whatever the case.
"""

import re


def _names(text: str, area: str) -> bool:
    """Whether `text` names `area` as whole words: "Paisley (Scotland)" names Scotland, while
    "West Londoners" does not name London."""
    return re.search(rf"(?<!\w){re.escape(area)}(?!\w)", text, re.IGNORECASE) is not None


def areas_to_add(label: str, *areas: str) -> list[str]:
    """The `areas` (widest last) that neither `label` nor an earlier area already names."""
    added: list[str] = []
    for area in (name.strip() for name in areas):
        if area and not any(_names(text, area) for text in (label, *added)):
            added.append(area)
    return added


def place_with_areas(label: str, *areas: str) -> str:
    """The label, then in brackets the areas it does not already name: "Wigan (North West,
    England)", "Paisley (Scotland)"; without a label, the areas alone: "Scotland"."""
    added = areas_to_add(label, *areas)
    if not label:
        return ", ".join(added)
    return f"{label} ({', '.join(added)})" if added else label
