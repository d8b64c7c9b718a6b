"""Load the real dataset fast in tests: the fixtures once per session, then a copy of the rows.

`loaddata` resolves natural keys and saves row by row (hundreds of queries). Each test runs in a
rolled-back transaction, so after the first load we keep the rows' column values and put them
back with one bulk insert per table. Ids are reused as they were: sequences only move forward,
and SQLite numbers new rows after the largest id, so factory rows never collide with them.
"""

from django.apps import apps
from django.core.management import call_command
from django.db import transaction

from cases.revision import bump_revision

DATASET_APPS = ("cases", "findings")
# Filled by the first load of the session: [(model, [row values, …]), …].
_snapshot: list[tuple[type, list[dict]]] = []


def _tables() -> list[type]:
    """Dataset models and their many-to-many tables, parents before children."""
    models = [
        model
        for model in apps.get_models()
        if model._meta.app_label in DATASET_APPS and model._meta.model_name != "datasetrevision"
    ]
    ordered: list[type] = []

    visiting = set()

    def visit(model):
        # A cycle (a source's study cites a source) is broken where it closes: foreign keys are
        # checked at commit (load_dataset inserts in one transaction), so rows of a cycle may be
        # inserted in either order.
        if model in ordered or model in visiting:
            return
        visiting.add(model)
        for field in model._meta.concrete_fields:
            target = field.related_model
            if field.many_to_one and target in models and target is not model:
                visit(target)
        ordered.append(model)

    for model in models:
        visit(model)
    through = [
        field.remote_field.through
        for model in ordered
        for field in model._meta.local_many_to_many
        if field.remote_field.through._meta.auto_created
    ]
    return ordered + through


def load_dataset() -> None:
    if not _snapshot:
        call_command("load_dataset", verbosity=0)
        _snapshot.extend((model, list(model.objects.values())) for model in _tables())
        return
    # One transaction, so the foreign keys of a cycle are checked once all its rows are in, also in
    # a test that commits as it goes (django_db(transaction=True)).
    with transaction.atomic():
        for model, rows in _snapshot:
            model.objects.bulk_create([model(**row) for row in rows])
    bump_revision()
