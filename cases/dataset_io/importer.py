"""Validate a whole import file against the database, then write it all or not at all.

Validation finds every problem before anything is written: unknown models and fields, rows named
twice, references to rows that are neither in the file nor in the database, values the model
refuses (`full_clean`: field validators, `clean()` messages, check constraints, unique fields).
Rows are matched by natural key: a row that exists is updated, or left alone when the file says
what the database already holds, so importing a file twice changes nothing.

Rows are saved "raw", as `loaddata` saves fixtures: the timestamps in the file are kept (so an
export imports and exports again byte-identical) and the dataset revision is bumped once at the
end rather than by each row's signal.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils import timezone

from cases.dataset_io.records import Problem, Record
from cases.dataset_io.tables import BY_LABEL, TABLES, Table, table_for
from cases.models import Typology
from cases.revision import bump_revision
from history.choices import Via
from history.context import acting_through

# Stands for the id of a row the file creates, while the rows are validated before any is saved.
NOT_YET_SAVED = -1


@dataclass
class Row:
    record: Record
    table: Table
    key: tuple
    instance: models.Model
    action: str = "unchanged"  # or "created", "updated"
    # Foreign keys to rows the file creates: attname → (table label, key), resolved on save.
    pending: dict = field(default_factory=dict)
    many_to_many: dict = field(default_factory=dict)  # name → [(table label, key, id), …]


@dataclass
class Plan:
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def counts(self) -> dict[str, Counter]:
        """created / updated / unchanged per model, in the file's table order."""
        counts = {}
        for table in TABLES:
            actions = Counter(row.action for row in self.rows if row.table is table)
            if actions:
                counts[table.label] = actions
        return counts

    @property
    def changes(self) -> int:
        return sum(row.action != "unchanged" for row in self.rows)


def _label_key(key: tuple) -> str:
    return "/".join(str(part) for part in key)


def _reference(value, record: Record, name: str, problems: list) -> str | None:
    """The slug inside a natural key such as ["public-sector"], or None after a problem."""
    if isinstance(value, list) and len(value) == 1 and isinstance(value[0], str) and value[0]:
        return value[0]
    problems.append(record.problem(name, f'expected a natural key such as ["slug"], got {value!r}'))
    return None


def plan_import(records: list[Record]) -> Plan:
    """Check every record against the file and the database; nothing is written."""
    plan = Plan()
    keyed = _identify(records, plan.problems)
    in_file = {(row.table.label, row.key) for row in keyed}
    # One query per table: every natural key in the database and its id.
    in_database = {
        table.label: {
            tuple(values[:-1]): values[-1]
            for values in table.model._default_manager.values_list(*table.key_paths(), "pk")
        }
        for table in TABLES
    }
    existing = _existing_rows(keyed, in_database)
    filler = _Filler(in_file, in_database, plan.problems)
    for row in keyed:
        row.instance = existing.get((row.table.label, row.key)) or row.table.model()
        filler.fill(row)
    _check_unique_values(keyed, plan.problems)
    _check_types_are_their_studys(keyed, plan.problems)
    plan.rows = sorted(keyed, key=lambda row: TABLES.index(row.table))
    return plan


def _identify(records: list[Record], problems: list) -> list[Row]:
    """Known model, known fields and a natural key for each record; no key named twice."""
    rows, seen = [], {}
    for record in records:
        table = BY_LABEL.get(record.label)
        if table is None:
            known = ", ".join(BY_LABEL)
            message = f"unknown model “{record.label}” (a dataset holds {known})"
            problems.append(record.problem(None, message))
            continue
        key = _natural_key(table, record, problems)
        if key is not None:
            record.described = f"{table.label} “{_label_key(key)}”"
        for name in sorted(set(record.fields) - table.field_names()):
            problems.append(record.problem(name, f"unknown field of {table.label}"))
        if key is None:
            continue
        first = seen.setdefault((table.label, key), record)
        if first is not record:
            problems.append(record.problem(None, f"duplicate: the same key as {first.location}"))
            continue
        rows.append(Row(record, table, key, instance=None))
    return rows


def _natural_key(table: Table, record: Record, problems: list) -> tuple | None:
    """The record's natural key, e.g. ("kibble", "listing", "briefing-2018"), or None."""
    key = []
    for name in table.key:
        value = record.fields.get(name)
        if value is not None and table.model._meta.get_field(name).many_to_one:
            value = _reference(value, record, name, problems)
            if value is None:
                return None
        if value in (None, "") or not isinstance(value, str):
            problems.append(record.problem(name, "missing or not text: it identifies the row"))
            return None
        key.append(value)
    return tuple(key)


def _existing_rows(rows: list[Row], in_database: dict) -> dict:
    """The database rows the file names, fetched in one query per table (two with links)."""
    found = {}
    for table in TABLES:
        ids = [
            in_database[table.label][row.key]
            for row in rows
            if row.table is table and row.key in in_database[table.label]
        ]
        if not ids:
            continue
        queryset = (
            table.model._default_manager.filter(pk__in=ids)
            .select_related(*(fk.name for fk in table.foreign_keys()))
            .prefetch_related(*(m2m.name for m2m in table.many_to_many()))
        )
        for instance in queryset:
            found[(table.label, tuple(instance.natural_key()))] = instance
    return found


class _Filler:
    """Sets records' values on their rows' instances, validates them and decides their action."""

    def __init__(self, in_file: set, in_database: dict, problems: list):
        self.in_file, self.in_database, self.problems = in_file, in_database, problems

    def fill(self, row: Row) -> None:
        record, instance, meta = row.record, row.instance, row.table.model._meta
        is_new = instance.pk is None
        # Foreign keys are checked here, against the file as well as the database, not by
        # full_clean (which would look for ids the file's new rows do not have yet).
        skip = {fk.name for fk in row.table.foreign_keys()}
        changed = [is_new]
        frozen = set(getattr(row.table.model, "frozen_fields", ()))
        for name, value in record.fields.items():
            if name not in row.table.field_names():
                continue
            model_field = meta.get_field(name)
            if model_field.many_to_many:
                differs = self.many_to_many(row, model_field, value)
            elif model_field.many_to_one:
                differs = self.foreign_key(row, model_field, value)
            else:
                differs = self.value(row, model_field, value, skip)
            changed.append(differs)
            if differs and not is_new and name in frozen:
                self.problems.append(
                    record.problem(
                        name,
                        "differs from the database's, and a published release never changes "
                        "(only its notes may be corrected)",
                    )
                )
        if is_new:
            for fk in row.table.foreign_keys():
                if fk.name not in record.fields and not fk.null:
                    self.problems.append(record.problem(fk.name, "required"))
        try:
            instance.full_clean(exclude=skip)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                where = None if name == NON_FIELD_ERRORS else name
                self.problems.extend(record.problem(where, message) for message in messages)
        row.action = "created" if is_new else "updated" if any(changed) else "unchanged"

    def resolve(self, record: Record, model_field, value) -> int | None:
        """The id of the row a natural key names (NOT_YET_SAVED if the file creates it)."""
        target = table_for(model_field.related_model)
        slug = _reference(value, record, model_field.name, self.problems)
        if slug is None:
            return None
        if (slug,) in self.in_database[target.label]:
            return self.in_database[target.label][(slug,)]
        if (target.label, (slug,)) in self.in_file:
            return NOT_YET_SAVED
        noun = model_field.related_model._meta.verbose_name
        message = f"unknown {noun} “{slug}”: not in the file nor in the database"
        self.problems.append(record.problem(model_field.name, message))
        return None

    def many_to_many(self, row: Row, model_field, value) -> bool:
        if not isinstance(value, list):
            self.problems.append(row.record.problem(model_field.name, "expected a list of keys"))
            return False
        label = table_for(model_field.related_model).label
        targets = [(item, self.resolve(row.record, model_field, item)) for item in value]
        row.many_to_many[model_field.name] = [
            (label, (item[0],), id_) for item, id_ in targets if id_
        ]
        if row.instance.pk is None:
            return True
        current = {
            tuple(other.natural_key()) for other in getattr(row.instance, model_field.name).all()
        }
        return current != {key for _, key, _ in row.many_to_many[model_field.name]}

    def foreign_key(self, row: Row, model_field, value) -> bool:
        if value is None:
            new_id = None
            if not model_field.null:
                self.problems.append(row.record.problem(model_field.name, "required"))
        else:
            new_id = self.resolve(row.record, model_field, value)
            if new_id is None:
                return False
            if new_id == NOT_YET_SAVED:
                target = table_for(model_field.related_model)
                row.pending[model_field.attname] = (target.label, (value[0],))
        changed = getattr(row.instance, model_field.attname) != new_id
        setattr(row.instance, model_field.attname, new_id)
        return changed

    def value(self, row: Row, model_field, raw, skip: set) -> bool:
        if raw is None and not model_field.null:
            self.problems.append(row.record.problem(model_field.name, 'may not be null; use ""'))
            skip.add(model_field.name)
            return False
        try:
            value = model_field.to_python(raw)
        except ValidationError as error:
            self.problems.extend(
                row.record.problem(model_field.name, message) for message in error.messages
            )
            skip.add(model_field.name)
            return False
        changed = getattr(row.instance, model_field.attname) != value
        setattr(row.instance, model_field.attname, value)
        return changed


def _check_unique_values(rows: list[Row], problems: list) -> None:
    """Two rows of the file may not share a unique value (a dimension's name, say): the database
    check in full_clean only sees rows already saved."""
    for table in TABLES:
        for unique in table.model._meta.concrete_fields:
            if not unique.unique or unique.primary_key or unique.name in table.key:
                continue
            seen = {}
            for row in rows:
                if row.table is not table or unique.name not in row.record.fields:
                    continue
                value = getattr(row.instance, unique.attname)
                first = seen.setdefault(value, row.record)
                if first is not row.record:
                    problems.append(
                        row.record.problem(unique.name, f"“{value}” is also used by {first.at()}")
                    )


def _check_types_are_their_studys(rows: list[Row], problems: list) -> None:
    """A case's type in a study is one of that study's types, the type being in the file or
    in the database (Classification.clean sees only saved types)."""
    classifications = [
        row
        for row in rows
        if row.table.label == "cases.classification" and row.instance.typology_id is not None
    ]
    if not classifications:
        return
    type_study = dict(Typology.objects.values_list("slug", "study__slug"))
    for row in rows:
        if row.table.label == "cases.typology" and isinstance(row.record.fields.get("study"), list):
            type_study[row.key[0]] = row.record.fields["study"][0]
    for row in classifications:
        study = row.key[1]
        typology = row.record.fields.get("typology")
        slug = typology[0] if isinstance(typology, list) and typology else None
        if slug is None:  # the type is the row's own already (an update that leaves it)
            slug = row.instance.typology.slug
        if type_study.get(slug, study) != study:
            problems.append(
                row.record.problem(
                    "typology",
                    f"“{slug}” is a type of the study “{type_study[slug]}”, not of “{study}”",
                )
            )


@transaction.atomic
@acting_through(Via.IMPORT)  # each row written is recorded in the change history
def apply_plan(plan: Plan) -> None:
    """Write a plan without problems: parents before children, in one transaction."""
    if plan.problems:
        raise ValueError("A plan with problems is never written.")
    ids = defaultdict(dict)
    now = timezone.now()
    # Optional references to rows of a later table (a source's study): saved empty, then set.
    later = []
    for row in plan.rows:
        if row.action == "unchanged":
            continue
        instance = row.instance
        for attname, (label, key) in row.pending.items():
            if key in ids[label]:
                setattr(instance, attname, ids[label][key])
            else:
                setattr(instance, attname, None)
                later.append((instance, attname, label, key))
        for model_field in instance._meta.concrete_fields:
            # A raw save skips auto_now: the file's timestamps are kept, missing ones are now.
            auto = getattr(model_field, "auto_now", False) or getattr(
                model_field, "auto_now_add", False
            )
            if auto and model_field.name not in row.record.fields:
                if row.action == "created" or model_field.auto_now:
                    setattr(instance, model_field.attname, now)
        instance.save_base(raw=True)
        ids[row.table.label][row.key] = instance.pk
        for name, targets in row.many_to_many.items():
            getattr(instance, name).set(
                ids[label][key] if id_ == NOT_YET_SAVED else id_ for label, key, id_ in targets
            )
    for instance, attname, label, key in later:
        setattr(instance, attname, ids[label][key])
        instance.save_base(raw=True)
    if plan.changes:
        bump_revision()
