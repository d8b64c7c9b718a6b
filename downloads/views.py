"""The download page and the two files, served from this host's DOWNLOADS_DIR (downloads/build.py)."""

import functools
import logging

from django.http import FileResponse, HttpResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from cases.csv_format import LIST_SEPARATOR
from cases.structured_data import script_json
from downloads import store
from downloads.build import (
    DESCRIPTION,
    LICENSE,
    TITLE,
    DownloadFile,
    Downloads,
    dataset_downloads,
)
from downloads.tables import FORMULA_NOTICE, QUOTATIONS_NOTICE
from releases.current import latest_release
from releases.frozen_files import SUMS_NAME, json_name, zip_name
from releases.models import Release

logger = logging.getLogger(__name__)


def dataset_jsonld(downloads: Downloads, request, release: Release | None = None) -> dict:
    """The dataset as schema.org `Dataset`, with both files as `DataDownload` distributions; its
    version is the latest release's, if one has been published, else the data's revision."""
    page_url = request.build_absolute_uri(reverse("downloads:index"))
    distribution = []
    for file, name in (
        (downloads.json_file, "The whole dataset as one JSON file"),
        (downloads.zip_file, "The whole dataset as CSV tables with a Frictionless data package"),
    ):
        distribution.append(
            {
                "@type": "DataDownload",
                "name": name,
                "contentUrl": request.build_absolute_uri(reverse(file.url_name)),
                "encodingFormat": file.content_type,
                "contentSize": f"{file.size} B",
                "sha256": file.sha256,
            }
        )
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "@id": page_url,
        "url": page_url,
        "name": TITLE,
        "description": DESCRIPTION,
        "license": LICENSE["path"],
        "isAccessibleForFree": True,
        "version": release.version if release else downloads.version,
        "dateModified": downloads.created,
        "creator": {
            "@type": "Organization",
            "name": "Rallying",
            "url": request.build_absolute_uri(reverse("pages:home")),
        },
        "isBasedOn": [
            {
                "@type": "CreativeWork",
                "name": source["title"],
                **({"url": source["web_url"]} if source["web_url"] else {}),
                **({"author": source["authors"]} if source["authors"] else {}),
                **({"publisher": source["publisher"]} if source["publisher"] else {}),
                **({"datePublished": str(source["year"])} if source["year"] else {}),
            }
            for source in downloads.study_sources
        ],
        "spatialCoverage": {"@type": "Place", "name": "United Kingdom"},
        "keywords": [
            "public service reform",
            "collaboration",
            "local government",
            "charities",
            "accountability",
        ],
        "distribution": distribution,
    }


def unavailable_without_files(view):
    """A 503 with a plain message, not a stack trace, when DOWNLOADS_DIR cannot be written; the
    log names the path."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except store.DownloadsDirUnwritable as error:
            logger.error("%s", error)
            return HttpResponse(UNAVAILABLE, status=503, content_type="text/plain; charset=utf-8")

    return wrapped


UNAVAILABLE = "The dataset files cannot be prepared at the moment. Please try again later.\n"


@method_decorator(unavailable_without_files, name="get")
class DownloadView(TemplateView):
    """Both downloads with their sizes, checksums, version and licence, and the latest release
    (2 queries once built: the revision, the latest release)."""

    template_name = "downloads/download.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        downloads = dataset_downloads(self.request)
        release = latest_release()
        resources = [
            {**resource, "rows": downloads.row_counts[resource["name"]]}
            for resource in downloads.datapackage["resources"]
        ]
        context.update(
            downloads=downloads,
            resources=resources,
            list_separator=LIST_SEPARATOR,
            quotations_notice=QUOTATIONS_NOTICE,
            formula_notice=FORMULA_NOTICE,
            jsonld=script_json(dataset_jsonld(downloads, self.request, release)),
            release=release,
            release_files=release_files(release),
        )
        return context


def release_files(release: Release | None) -> list[tuple[str, str]]:
    """(name, description) of the latest release's frozen files, named as the release names them."""
    if release is None:
        return []
    return [
        (json_name(release.version), "the JSON file"),
        (zip_name(release.version), "the CSV zip"),
        (SUMS_NAME, "their SHA-256 checksums"),
    ]


def _file_response(request, file: DownloadFile) -> HttpResponse:
    """The file streamed from disk; HEAD's headers without opening it. (The edge middleware
    labels the answer and answers revalidations before this runs.)"""
    if request.method == "HEAD":
        response = HttpResponse(content_type=file.content_type)
    else:
        response = FileResponse(open(file.path, "rb"), content_type=file.content_type)  # noqa: SIM115
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    response["Content-Length"] = str(file.size)
    return response


def _serve(request, which: str) -> HttpResponse:
    try:
        return _file_response(request, getattr(dataset_downloads(request), which))
    except FileNotFoundError:
        # A newer revision's build removed these files after their metadata was read.
        return _file_response(request, getattr(dataset_downloads(request), which))


@require_safe
@unavailable_without_files
def download_json(request):
    return _serve(request, "json_file")


@require_safe
@unavailable_without_files
def download_csv_zip(request):
    return _serve(request, "zip_file")
