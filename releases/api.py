"""/api/releases/ and /api/releases/<version>/: read-only (releases are published in the admin or
with `manage.py publish_release`)."""

from rest_framework import viewsets

from rallying.api_views import StrictListMixin
from releases.models import VERSION_PATTERN, Release
from releases.serializers import ReleaseDetailSerializer, ReleaseSerializer


class ReleaseViewSet(StrictListMixin, viewsets.ReadOnlyModelViewSet):
    """Releases of the dataset, newest first: version, date, notes, the frozen files with their
    sizes and SHA-256, and the counts of cases added, removed and changed since the release before.
    A release's own record adds that difference in full.

    Queries: the count, the page of releases (without their differences), their files (3); a
    release: the release and its files (2)."""

    lookup_field = "version"
    lookup_value_regex = VERSION_PATTERN

    def get_queryset(self):
        if self.action == "retrieve":
            return Release.objects.with_files()
        return Release.objects.for_list().with_files()

    def get_serializer_class(self):
        return ReleaseDetailSerializer if self.action == "retrieve" else ReleaseSerializer
