"""A record's fields as people read them, and what differs between two versions of it."""

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.db import models

# Bookkeeping, not content: an edit that only moves these is not a change.
IGNORED_FIELDS = {"id", "created_at", "updated_at"}


def content_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name not in IGNORED_FIELDS
    ]


def _comparable(value):
    # Browsers send text areas with CRLF line ends: the same text, not an edit.
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


def differs(old: models.Model, new: models.Model, field: models.Field) -> bool:
    return _comparable(getattr(old, field.attname)) != _comparable(getattr(new, field.attname))


def _related_label(instance: models.Model, field: models.Field) -> str | None:
    if getattr(instance, field.attname) is None:
        return None
    try:
        return str(getattr(instance, field.name))
    except ObjectDoesNotExist:
        return f"#{getattr(instance, field.attname)}"


def readable(instance: models.Model, field: models.Field):
    """The field's value as a reader would name it: a label for a link or a choice, not an id."""
    if field.many_to_one:
        return _related_label(instance, field)
    value = getattr(instance, field.attname)
    if field.choices and value not in (None, ""):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def created_values(instance: models.Model) -> dict:
    """A new record's filled-in fields, as [None, value]."""
    values = {}
    for field in content_fields(type(instance)):
        value = readable(instance, field)
        if value not in (None, ""):
            values[field.name] = [None, value]
    return values


def changed_values(old: models.Model, new: models.Model) -> dict:
    """{field: [before, after]} for each field whose value differs."""
    return {
        field.name: [readable(old, field), readable(new, field)]
        for field in content_fields(type(new))
        if differs(old, new, field)
    }


def label_of(instance: models.Model) -> str:
    try:
        return str(instance)
    except ObjectDoesNotExist:  # a link whose case or finding is already gone
        return f"{instance._meta.verbose_name} #{instance.pk}"


def key_of(instance: models.Model) -> str:
    try:
        return "/".join(str(part) for part in instance.natural_key())
    except ObjectDoesNotExist:
        return str(instance.pk)
