"""The release that citations, evidence packs and /download/ name: the latest published one."""

from releases.models import Release


def latest_release() -> Release | None:
    return Release.objects.order_by("-published_on", "-created_at").first()
