from django.urls import path, register_converter

from releases import views
from releases.models import VERSION_PATTERN


class VersionConverter:
    regex = VERSION_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class FileNameConverter(VersionConverter):
    regex = r"[A-Za-z0-9][A-Za-z0-9._-]*"


register_converter(VersionConverter, "version")
register_converter(FileNameConverter, "release_file")

app_name = "releases"

urlpatterns = [
    path("releases/", views.ReleaseListView.as_view(), name="list"),
    path("releases/<version:version>/", views.ReleaseDetailView.as_view(), name="detail"),
    path("download/releases/<version:version>/", views.release_directory, name="directory"),
    path(
        "download/releases/<version:version>/<release_file:name>",
        views.release_file,
        name="file",
    ),
]
