"""The release that citations, evidence packs and /download/ name: the latest published one."""

from releases.models import Release


def latest_release() -> Release | None:
    """The latest release by date, then by when it was made (one query; its difference, which
    can be large, is read only if asked for)."""
    return Release.objects.defer("diff").order_by("-published_on", "-created_at", "-pk").first()
