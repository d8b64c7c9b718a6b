"""Keep DatasetRevision current: any save or delete in the knowledge base moves it forward."""

from datetime import datetime

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from cases.models.revision import DatasetRevision

TRACKED_APPS = {"cases", "findings"}


def dataset_changed_at() -> datetime:
    """The time of the last write (one query); the row is created on first use.

    A plain read first: with a read replica (replica/router.py) it then comes from the same
    copy as the rows it stamps, where get_or_create would read the primary.
    """
    changed_at = DatasetRevision.objects.filter(pk=1).values_list("changed_at", flat=True).first()
    if changed_at is None:
        changed_at = DatasetRevision.objects.get_or_create(pk=1)[0].changed_at
    return changed_at


def bump_revision() -> None:
    now = timezone.now()
    if not DatasetRevision.objects.filter(pk=1).update(changed_at=now):
        DatasetRevision.objects.get_or_create(pk=1, defaults={"changed_at": now})


def _on_change(sender, raw=False, **kwargs):
    # Fixture loads save rows "raw"; load_dataset bumps once when the whole load is done.
    if raw or sender is DatasetRevision or sender._meta.app_label not in TRACKED_APPS:
        return
    bump_revision()


def _on_m2m_change(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        bump_revision()


def connect() -> None:
    """Called once from CasesConfig.ready()."""
    post_save.connect(_on_change, dispatch_uid="rallying-revision-save")
    post_delete.connect(_on_change, dispatch_uid="rallying-revision-delete")
    m2m_changed.connect(_on_m2m_change, dispatch_uid="rallying-revision-m2m")
