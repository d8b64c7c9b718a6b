"""The whole knowledge base as one JSON file in the fixtures' format, byte-for-byte repeatable.

Django's serialization with natural keys and no database ids; tables in dependency order, rows
sorted by natural key in Python (not by the database, whose collation differs between SQLite and
PostgreSQL), many-to-many lists sorted, fields in model order, indent 2, UTF-8, final newline.
Times keep their microseconds (Django's encoder cuts them to milliseconds), so nothing is lost.
"""

import datetime
import json

from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder

from cases.dataset_io.tables import TABLES


class LosslessJSONEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder, but a datetime keeps its microseconds: 2026-11-22T10:00:00.123456Z."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


def export_records() -> list[dict]:
    """Every row as {"model", "fields"}: one query per table plus one for quotations' findings."""
    records = []
    for table in TABLES:
        many_to_many = [field.name for field in table.many_to_many()]
        rows = table.model._default_manager.select_related(
            *(field.name for field in table.foreign_keys())
        ).prefetch_related(*many_to_many)
        rows = sorted(rows, key=lambda row: row.natural_key())
        serialized = serializers.serialize(
            "python", rows, use_natural_foreign_keys=True, use_natural_primary_keys=True
        )
        for item in serialized:
            fields = item["fields"]
            for name in many_to_many:
                fields[name] = sorted(fields[name])
            records.append({"model": item["model"], "fields": fields})
    return records


def export_dataset() -> str:
    """The file's text (see the module docstring for what makes it repeatable)."""
    text = json.dumps(export_records(), cls=LosslessJSONEncoder, indent=2, ensure_ascii=False)
    return text + "\n"
