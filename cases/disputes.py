"""Facts that sources dispute: one fact, cited by sources that give it different values.

A fact citation's `value` is what that source gives for the fact in its own terms; an empty value
means the source supports the value the case records. A fact is disputed when its citations give
more than one value, and then every page, record and download shows each value with its source
rather than picking one silently.
"""

from collections import defaultdict
from collections.abc import Iterable


def disputed_facts(citations: Iterable[tuple[str, str]]) -> list[str]:
    """The facts, in first-cited order, whose (fact, value) citations give more than one value."""
    values: dict[str, set[str]] = defaultdict(set)
    for fact, value in citations:
        values[fact].add(value)
    return [fact for fact, given in values.items() if len(given) > 1]
