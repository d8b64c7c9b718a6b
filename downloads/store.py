"""The dataset's download files on this host's disk, one directory per (site address, revision).

DOWNLOADS_DIR/
    <site>-<revision>/          rallying.json, rallying-csv.zip, meta.json (sizes, SHA-256, …)
    <site>-<revision>.lock      held while that directory is built
    .build-*/                   a build in progress, renamed to <site>-<revision>/ when complete

A directory is only ever seen whole: it is built under a temporary name and renamed, and its
meta.json is written last. Concurrent first requests on one host wait on a file lock
(fcntl.flock) and find the files the first one built. Once a build succeeds, the directories of
older revisions of the same site are removed (a reader that already opened a file keeps it).
"""

import fcntl
import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

META = "meta.json"
STALE_BUILD_SECONDS = 60 * 60  # a .build-* directory this old was left by a crashed process


class DownloadsDirUnwritable(Exception):
    """DOWNLOADS_DIR cannot be created or written; the message names the path."""


def root() -> Path:
    return Path(settings.DOWNLOADS_DIR)


def directory_name(base_url: str, changed_at: datetime) -> str:
    site = hashlib.sha256(base_url.encode()).hexdigest()[:12]
    # Sortable: older revisions of a site sort before newer ones.
    return f"{site}-{changed_at.astimezone(UTC).strftime('%Y%m%dT%H%M%S%fZ')}"


def read_meta(directory: Path) -> dict | None:
    try:
        return json.loads((directory / META).read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError):  # not built yet (or no DOWNLOADS_DIR)
        return None


def stored(base_url: str, changed_at: datetime, build: Callable[[Path], dict]) -> tuple[Path, dict]:
    """The directory of this revision's files and their metadata, built with `build(directory)`
    (which writes the files and returns the metadata) unless this host already has them."""
    directory = root() / directory_name(base_url, changed_at)
    meta = read_meta(directory)
    if meta is not None:
        return directory, meta
    try:
        root().mkdir(parents=True, exist_ok=True)
        with _locked(root() / f"{directory.name}.lock"):
            meta = read_meta(directory)  # built while this process waited for the lock
            if meta is None:
                meta = _build(directory, build)
                _remove_older(directory.name)
    except OSError as error:
        if not _writable(root()):
            raise DownloadsDirUnwritable(
                f"DOWNLOADS_DIR {root()} cannot be written ({error.strerror or error}); "
                "set DOWNLOADS_DIR to a directory the app's user can write."
            ) from error
        raise
    return directory, meta


@contextmanager
def _locked(path: Path):
    with open(path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _build(directory: Path, build: Callable[[Path], dict]) -> dict:
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=directory.parent))
    try:
        meta = build(staging)
        meta_file = staging / META
        meta_file.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        os.chmod(staging, 0o755)  # mkdtemp makes it private to this user
        os.rename(staging, directory)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return meta


def _remove_older(current: str) -> None:
    """Remove this site's older revisions (directories and locks) and abandoned builds."""
    site = current.split("-", 1)[0]
    now = time.time()
    for entry in root().iterdir():
        name = entry.name.removesuffix(".lock")
        try:
            if name.startswith(".build-"):
                if entry.stat().st_mtime > now - STALE_BUILD_SECONDS:
                    continue
            elif not (name.startswith(f"{site}-") and name < current):
                continue
            if entry.is_dir():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        except OSError as error:  # another process removed it first, or cannot: not fatal
            logger.warning("could not remove old download files %s: %s", entry, error)


def _writable(path: Path) -> bool:
    try:
        with tempfile.TemporaryFile(dir=path):
            return True
    except OSError:
        return False
