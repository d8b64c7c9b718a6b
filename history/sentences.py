"""What happened, in words: "Changed the summary of Wirral Council"."""

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import Truncator

from history.choices import Action
from history.models import RECORD_TYPES

MAX_FIELDS_NAMED = 3
# Where a field's verbose name reads badly in a sentence ("Changed the started of …").
FIELD_WORDS = {"started": "start year", "place_label": "place", "field_name": "fact"}
# A change of publication state reads as the act itself, by the state's label after the change
# (cases.models.Publication; history imports no other app).
PUBLISHING = {"Published": "Published {named}", "Draft": "Returned {named} to draft"}


def field_words(record_type: str, name: str) -> str:
    """A field as a sentence names it ("start year"), from the model's verbose names."""
    if name in FIELD_WORDS:
        return FIELD_WORDS[name]
    try:
        field = apps.get_model(record_type)._meta.get_field(name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return name.replace("_", " ")
    return str(getattr(field, "verbose_name", None) or name.replace("_", " "))


def listed(words: list[str]) -> str:
    if len(words) > MAX_FIELDS_NAMED:
        others = len(words) - (MAX_FIELDS_NAMED - 1)
        words = [*words[: MAX_FIELDS_NAMED - 1], f"{others} other fields"]
    if len(words) == 1:
        return words[0]
    return f"{', '.join(words[:-1])} and {words[-1]}"


def sentence(action: str, record_type: str, label: str, differences: dict) -> str:
    """The change in words, from its {field: [before, after]}."""
    label = Truncator(label).chars(120)
    if record_type == "cases.case":
        record = label
        named = f"the case {label}"
    else:
        noun = RECORD_TYPES.get(record_type, "record")
        record = named = f"the {noun} “{label}”"
    if action == Action.CREATED:
        return f"Added {named}"
    if action == Action.DELETED:
        return f"Removed {named}"
    act = PUBLISHING.get(differences.get("publication", [None, None])[1])
    fields = [name for name in differences if act is None or name != "publication"]
    changed = listed([field_words(record_type, name) for name in fields]) if fields else ""
    if act is None:
        return f"Changed the {changed} of {record}"
    act = act.format(named=named)
    return f"{act}, and changed its {changed}" if fields else act
