"""Signal receivers that record each write to the tracked models as a Change.

They follow cases/revision.py: every save, delete and many-to-many change, whatever makes it
(admin with its inlines, API, import_dataset, a script). The Change is written by the same
connection right after the row, so inside a transaction (the admin's, the API's, the import's)
it commits or rolls back with the write; a write that fails sends no signal and leaves no entry.

Raw saves are fixture loads (`loaddata`, `load_dataset`), which record one summary entry for
the run instead, unless an import is under way: import_dataset saves raw to keep the file's
timestamps, and each of its rows is recorded.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils import timezone
from django.utils.text import Truncator

from history import values
from history.choices import Action, Via
from history.context import Actor, current_actor
from history.models import EXPLICIT_RECORD_TYPES, RECORD_TYPES, Change
from history.sentences import sentence

# Cases being deleted right now: the entries for their cascaded links must not point at them.
_cases_being_deleted: set[int] = set()


def _tracked(model) -> bool:
    label_lower = model._meta.label_lower
    return label_lower in RECORD_TYPES and label_lower not in EXPLICIT_RECORD_TYPES


def _records(model, raw: bool) -> bool:
    return _tracked(model) and (not raw or current_actor().via == Via.IMPORT)


def _case_of(instance):
    if instance._meta.label_lower == "cases.case":
        return instance
    if instance._meta.label_lower == "findings.finding":
        return None
    return getattr(instance, "case", None)


def _write(actor: Actor, action: str, instance, differences: dict) -> Change:
    label_lower = instance._meta.label_lower
    label = values.label_of(instance)
    try:
        case = _case_of(instance)
    except ObjectDoesNotExist:  # a link whose case is already gone: keep what we know
        case = None
    return _create(
        actor,
        via=actor.channel(),
        action=action,
        record_type=label_lower,
        record_id=instance.pk,
        record_key=Truncator(values.key_of(instance)).chars(250),
        record_label=Truncator(label).chars(300),
        case_id=None if case is None or case.pk in _cases_being_deleted else case.pk,
        case_slug=case.slug if case else "",
        case_name=case.name if case else "",
        summary=Truncator(sentence(action, label_lower, label, differences)).chars(500),
        differences=differences,
    )


def _create(actor: Actor, **fields) -> Change:
    """A Change made now by the actor's user (none for a command or script)."""
    user = actor.who()
    username = user.get_username() if user else ""
    return Change.objects.create(at=timezone.now(), user=user, username=username, **fields)


def record(instance, action: str, differences: dict) -> None:
    """Record one write, or merge a further change into this operation's entry for the record."""
    actor = current_actor()
    key = (instance._meta.label_lower, instance.pk)
    earlier = actor.recorded.get(key)
    if earlier is not None and action == Action.CHANGED and earlier.action != Action.DELETED:
        _merge(earlier, differences, instance)
        return
    actor.recorded[key] = _write(actor, action, instance, differences)


def _merge(change: Change, differences: dict, instance) -> None:
    merged = dict(change.differences)
    for name, (before, after) in differences.items():
        merged[name] = [merged[name][0] if name in merged else before, after]
    merged = {name: pair for name, pair in merged.items() if pair[0] != pair[1]}
    if not merged and change.action == Action.CHANGED:
        Change.objects.filter(pk=change.pk).delete()  # changed, then changed back
        return
    change.differences = merged
    change.summary = Truncator(
        sentence(change.action, change.record_type, values.label_of(instance), merged)
    ).chars(500)
    Change.objects.filter(pk=change.pk).update(
        differences=change.differences, summary=change.summary
    )


def record_event(operation: str, summary: str, *, via: str = Via.COMMAND) -> Change:
    """One entry for a whole bulk operation, named by `operation` (LOAD_DATASET, SYNTHESIZE)."""
    return _create(
        current_actor(),
        via=via,
        action=Action.BULK,
        record_key=operation,
        summary=Truncator(summary).chars(500),
    )


def record_decision(instance, *, verb: str, differences: dict, user=None) -> Change:
    """One entry for an editor's decision on a record of EXPLICIT_RECORD_TYPES ("Accepted the
    reader's suggestion …"), made by `user` (default: the current actor's), in the caller's
    transaction."""
    actor = current_actor()
    if user is not None:
        actor = Actor(via=actor.channel(), user=user)
    label_lower = instance._meta.label_lower
    label = values.label_of(instance)
    return _create(
        actor,
        via=actor.channel(),
        action=Action.CHANGED,
        record_type=label_lower,
        record_id=instance.pk,
        record_key=Truncator(values.key_of(instance)).chars(250),
        record_label=Truncator(label).chars(300),
        summary=Truncator(f"{verb} the {RECORD_TYPES[label_lower]} “{label}”").chars(500),
        differences=differences,
    )


def _before_save(sender, instance, raw=False, **kwargs):
    if not _records(sender, raw) or instance.pk is None:
        return
    # The row as stored, to compare with (one query per tracked save).
    instance._history_before = sender._base_manager.filter(pk=instance.pk).first()


def _after_save(sender, instance, created, raw=False, **kwargs):
    if not _records(sender, raw):
        # A fixture row: loaddata sets its many-to-many links next, which are not recorded either.
        instance.__dict__["_history_unrecorded"] = raw
        return
    before = instance.__dict__.pop("_history_before", None)
    if created or before is None:
        record(instance, Action.CREATED, values.created_values(instance))
        return
    differences = values.changed_values(before, instance)
    if differences:
        record(instance, Action.CHANGED, differences)


def _before_delete(sender, instance, **kwargs):
    if sender._meta.label_lower == "cases.case":
        _cases_being_deleted.add(instance.pk)


def _after_delete(sender, instance, **kwargs):
    if not _tracked(sender):
        return
    try:
        record(instance, Action.DELETED, {})
    finally:
        if sender._meta.label_lower == "cases.case":
            _cases_being_deleted.discard(instance.pk)


def _many_to_many_name(instance, through, reverse: bool) -> str | None:
    meta = instance._meta
    if not reverse:
        for field in meta.many_to_many:
            if field.remote_field.through is through:
                return field.name
        return None
    for relation in meta.related_objects:
        if relation.many_to_many and relation.through is through:
            return relation.get_accessor_name()
    return None


def _linked_labels(instance, name: str) -> list[str]:
    return sorted(str(other) for other in getattr(instance, name).all())


def _on_many_to_many(sender, instance, action, reverse, **kwargs):
    if not _tracked(type(instance)) or instance.pk is None:
        return
    if instance.__dict__.get("_history_unrecorded"):
        return
    name = _many_to_many_name(instance, sender, reverse)
    if name is None:
        return
    if action in ("pre_add", "pre_remove", "pre_clear"):
        instance.__dict__.setdefault("_history_linked", {})[name] = _linked_labels(instance, name)
    elif action in ("post_add", "post_remove", "post_clear"):
        before = instance.__dict__.get("_history_linked", {}).pop(name, None)
        after = _linked_labels(instance, name)
        if before is not None and before != after:
            record(instance, Action.CHANGED, {name: [before, after]})


def connect() -> None:
    """Called once from HistoryConfig.ready()."""
    pre_save.connect(_before_save, dispatch_uid="history-before-save")
    post_save.connect(_after_save, dispatch_uid="history-after-save")
    pre_delete.connect(_before_delete, dispatch_uid="history-before-delete")
    post_delete.connect(_after_delete, dispatch_uid="history-after-delete")
    m2m_changed.connect(_on_many_to_many, dispatch_uid="history-many-to-many")
