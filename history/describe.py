"""How a change reads on the public pages: who (never by name), and the fields before and after."""

from dataclasses import dataclass

from django.utils.text import Truncator

from history.choices import Action, Via
from history.sentences import field_words

MAX_SHOWN_CHARS = 300

# The public pages never name editors (the admin does).
BY_WHOM = {
    Via.ADMIN: "by an editor, in the admin",
    Via.API: "by an editor, through the API",
    Via.IMPORT: "by an import of a data file",
    Via.COMMAND: "by a maintenance command",
    Via.SHELL: "by an editor’s script",
    Via.WEB: "by an editor",
}


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str


def shown(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, list):
        value = "; ".join(str(item) for item in value)
    return Truncator(str(value)).chars(MAX_SHOWN_CHARS)


def field_changes(change) -> list[FieldChange]:
    """Before and after for each field of an edit (additions and removals are summed up by their
    sentence alone)."""
    if change.action != Action.CHANGED:
        return []
    return [
        FieldChange(field_words(change.record_type, name), shown(before), shown(after))
        for name, (before, after) in change.differences.items()
    ]


def by_whom(change) -> str:
    return BY_WHOM.get(change.via, "by an editor")
