"""The whole dataset as files: one JSON file and a zip of CSVs with a Frictionless data package.

/download/                  the page: both files with their size, SHA-256, version and licence,
                            plus schema.org `Dataset` JSON-LD for harvesters
/download/rallying.json     every table as the API's list endpoints return it (same serializers)
/download/rallying-csv.zip  one CSV per table + `datapackage.json` describing every column

Both files are built in one pass over one export of the API's tables (the API's serializers for the
small tables, the same records from flat queries for cases, quotations and evidence links:
cases/records.py), so the JSON, the CSVs and /api/ agree. They are byte-identical until the
dataset changes: rows keep the API's stable order, and zip entries carry the revision's timestamp,
not the time of the request. That makes their SHA-256 a strong ETag.

The build runs a fixed number of queries whatever the number of cases and writes the files to
this host's DOWNLOADS_DIR once per dataset revision and site address (the files hold absolute API
URLs; rallying/store.py): the JSON and the CSVs go to disk record by record, the zip is
fed from the CSV files, so the files are never held in memory (10,010 cases: a 119 MB JSON file,
a process of about 140 MB at peak). Then every request costs one query (the revision): the page
reads the files' metadata, the files are streamed from disk, and a revalidation or HEAD does not
open them. `manage.py build_downloads --base-url …` writes them ahead of the first reader.
"""

import functools
import hashlib
import json
import logging
import shutil
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from json.encoder import encode_basestring as encode_string
from pathlib import Path

from django.http import FileResponse, HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.decorators import method_decorator
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView
from rest_framework.utils.encoders import JSONEncoder

from cases import api as cases_api
from cases import records as export_rows
from cases.csv_export import LIST_SEPARATOR
from cases.revision import dataset_changed_at
from cases.structured_data import script_json
from downloads import store
from downloads.tables import FORMULA_NOTICE, QUOTATIONS_NOTICE, TABLES
from findings import api as findings_api

logger = logging.getLogger(__name__)

NAME = "rallying"
TITLE = "Rallying: the open knowledge base of collaborative public-service reform"
DESCRIPTION = (
    "Places where councils, charities and their partners work together to reform local public "
    "services, as studied by the Government Outcomes Lab in “Are we Rallying Together?” "
    "(2018–2019): the cases, the dimensions that classify them (sector, region, type of "
    "collaboration, accountability, policy area, funding model), the study's findings, the "
    "evidence linking findings to cases, quotations and the sources of every fact. Every fact "
    "carries its citation: source, locator and basis (stated by the source, or an editorial "
    "inference with its reason)."
)
LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}

# The export: each table of the API as its list endpoint returns it (all pages, same order).
# tests/test_downloads.py checks that every endpoint of the router is here.
EXPORT = (
    ("sources", cases_api.SourceViewSet),
    ("nations", cases_api.NationViewSet),
    ("regions", cases_api.RegionViewSet),
    ("sectors", cases_api.SectorViewSet),
    ("typologies", cases_api.TypologyViewSet),
    ("accountability_modes", cases_api.AccountabilityModeViewSet),
    ("policy_areas", cases_api.PolicyAreaViewSet),
    ("funding_models", cases_api.FundingModelViewSet),
    ("cases", cases_api.CaseViewSet),
    ("findings", findings_api.FindingViewSet),
    ("quotations", findings_api.QuotationViewSet),
    ("evidence_links", findings_api.EvidenceLinkViewSet),
)


# The tables that grow with the cases are built from flat rows (cases/records.py), the
# same records the serializers give; the small ones (lookups, sources, findings) use the API's own.
FLAT_ROWS = {
    "cases": export_rows.case_rows,
    "quotations": export_rows.quotation_rows,
    "evidence_links": export_rows.evidence_rows,
}


def export_records(request, export=None):
    """(table name, its records as the API lists them) for every table, each an iterable read
    once. A fixed number of queries (see build_downloads)."""
    export = export or export_rows.Export(request)
    for name, viewset_class in EXPORT:
        if name in FLAT_ROWS:
            yield name, FLAT_ROWS[name](export)
            continue
        view = viewset_class(request=request, action="list", format_kwarg=None, args=(), kwargs={})
        yield name, view.get_serializer(view.get_queryset(), many=True).data


def export_tables(request) -> dict[str, list[dict]]:
    """Every table as a list (for tests and scripts; the downloads stream instead)."""
    return {name: list(records) for name, records in export_records(request)}


class JSONDocument:
    """The JSON file, written to `file` table by table and record by record; its bytes are those
    of json.dumps(whole document, ensure_ascii=False, indent=2), without the whole document in
    memory. Objects in `shared` (id → object, kept alive by the caller) are encoded once per
    depth: lookup references and citations repeat in most records."""

    def __init__(self, file, shared: dict[int, object] | None = None):
        self._write = file.write  # a text file: UTF-8, newline=""
        self.first = True
        self.shared = shared or {}
        self.memo: dict[tuple[int, int], str] = {}

    def _key(self, name: str) -> None:
        self._write(("{\n" if self.first else ",\n") + f"  {encode_string(name)}: ")
        self.first = False

    def value(self, name: str, value) -> None:
        self._key(name)
        self._write(self.encode(value, 1))

    def records(self, name: str, records, each=None):
        """Write the list `name`; `each(record)` sees every record as it passes."""
        self._key(name)
        empty = True
        for record in records:
            self._write(("[\n    " if empty else ",\n    ") + self.encode(record, 2))
            empty = False
            if each:
                each(record)
        self._write("[]" if empty else "\n  ]")

    def finish(self) -> None:
        self._write("{}\n" if self.first else "\n}\n")

    def encode(self, value, level: int) -> str:
        """What json.dumps(indent=2, ensure_ascii=False) writes for `value` at depth `level`."""
        if type(value) is str:
            return encode_string(value)
        if isinstance(value, dict | list):
            if not value:
                return "{}" if isinstance(value, dict) else "[]"
            shared = id(value) in self.shared
            if shared and (id(value), level) in self.memo:
                return self.memo[id(value), level]
            inner = "\n" + "  " * (level + 1)
            deeper = level + 1
            encode = self.encode
            if isinstance(value, dict):
                text = (
                    "{"
                    + ",".join(
                        f"{inner}{encode_string(key)}: {encode(item, deeper)}"
                        for key, item in value.items()
                    )
                    + "\n"
                    + "  " * level
                    + "}"
                )
            else:
                text = (
                    "["
                    + ",".join(inner + encode(item, deeper) for item in value)
                    + "\n"
                    + "  " * level
                    + "]"
                )
            if shared:
                self.memo[id(value), level] = text
            return text
        return encode_scalar(value)


def encode_scalar(value) -> str:
    """A number, null or boolean as json.dumps spells it (ints and floats without the encoder:
    there are hundreds of thousands; floats here are finite coordinates)."""
    kind = type(value)
    if value is None:
        return "null"
    if kind is int:
        return int.__repr__(value)
    if kind is float:
        return float.__repr__(value)
    return json.dumps(value, cls=JSONEncoder)


# --- Building the files ----------------------------------------------------------------------

JSON_NAME = "rallying.json"
ZIP_NAME = "rallying-csv.zip"
WRITE_BUFFER = 1024 * 1024


@dataclass(frozen=True)
class DownloadFile:
    url_name: str
    filename: str  # offered to the browser; carries the version
    content_type: str  # also its schema.org encodingFormat
    path: Path
    size: int
    sha256: str


@dataclass(frozen=True)
class Downloads:
    changed_at: datetime
    version: str
    json_file: DownloadFile
    zip_file: DownloadFile
    datapackage: dict
    row_counts: dict[str, int]
    study_sources: list[dict] = field(default_factory=list)

    @property
    def created(self) -> str:
        return iso_utc(self.changed_at)

    @classmethod
    def from_meta(cls, directory: Path, meta: dict) -> "Downloads":
        """The files in `directory`, described by the metadata build_downloads returned."""
        files = {
            key: DownloadFile(**{**meta[key], "path": directory / meta[key]["path"]})
            for key in ("json_file", "zip_file")
        }
        return cls(
            changed_at=datetime.fromisoformat(meta["changed_at"]),
            version=meta["version"],
            datapackage=meta["datapackage"],
            row_counts=meta["row_counts"],
            study_sources=meta["study_sources"],
            **files,
        )


def iso_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def dataset_version(changed_at: datetime) -> str:
    """A calendar version from the last change, e.g. 2026.11.22-012402 (UTC)."""
    return changed_at.astimezone(UTC).strftime("%Y.%m.%d-%H%M%S")


def build_downloads(request, changed_at: datetime, directory: Path) -> dict:
    """Write both files into `directory` from one pass over the export: each record goes into the
    JSON file and into the CSV tables drawn from its table, all three written as they go; returns
    their metadata (Downloads.from_meta). Queries: sources 1, dimension tables 7, cases 1 + 5
    link tables + 7 lookups, findings 1, quotations 2, evidence links 1 (25), whatever the
    number of cases."""
    version = dataset_version(changed_at)
    created = iso_utc(changed_at)
    about = {
        "name": NAME,
        "title": TITLE,
        "description": DESCRIPTION,
        "version": version,
        "created": created,
        "licenses": [LICENSE],
        "notice": QUOTATIONS_NOTICE,
        "api": request.build_absolute_uri(reverse("api:api-root")),
        "codebook": request.build_absolute_uri(reverse("api:codebook")),
        "shape": "Each list below is what the API's list endpoint of the same name returns, "
        "all pages joined (accountability_modes is /api/accountability-modes/, and so on).",
    }
    export = export_rows.Export(request)
    json_path = directory / JSON_NAME
    writers = [table.writer(directory) for table in TABLES]
    study_sources = []
    with open(json_path, "w", encoding="utf-8", newline="", buffering=WRITE_BUFFER) as json_file:
        document = JSONDocument(json_file, export.shared)
        document.value("dataset", about)
        for name, records in export_records(request, export):
            fed = [writer for writer in writers if writer.table.source == name]

            def each(record, fed=fed, name=name):
                for writer in fed:
                    writer.add(record)
                if name == "sources" and record["origin"] == "study":
                    study_sources.append(dict(record))

            document.records(name, records, each)
        document.finish()

    resources = [writer.close() for writer in writers]
    datapackage = {
        "profile": "tabular-data-package",
        "name": NAME,
        "title": TITLE,
        "description": f"{DESCRIPTION} {QUOTATIONS_NOTICE} {FORMULA_NOTICE}",
        "version": version,
        "created": created,
        "homepage": request.build_absolute_uri(reverse("downloads:index")),
        "licenses": [LICENSE],
        "sources": [
            {"title": source["title"], **({"path": source["web_url"]} if source["web_url"] else {})}
            for source in study_sources
        ],
        "resources": resources,
    }
    package_bytes = (json.dumps(datapackage, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    zip_path = directory / ZIP_NAME
    _write_zip(zip_path, package_bytes, [writer.path for writer in writers], changed_at)
    for writer in writers:
        writer.path.unlink()
    stamp = changed_at.astimezone(UTC).strftime("%Y-%m-%d")
    return {
        "changed_at": changed_at.isoformat(),
        "version": version,
        "json_file": _file_meta(
            json_path, "downloads:json", f"rallying-{stamp}.json", "application/json"
        ),
        "zip_file": _file_meta(
            zip_path, "downloads:csv-zip", f"rallying-csv-{stamp}.zip", "application/zip"
        ),
        "datapackage": datapackage,
        "row_counts": {writer.table.name: writer.count for writer in writers},
        "study_sources": study_sources,
    }


def _file_meta(path: Path, url_name: str, filename: str, content_type: str) -> dict:
    with open(path, "rb") as file:
        sha256 = hashlib.file_digest(file, "sha256").hexdigest()
    return {
        "url_name": url_name,
        "filename": filename,
        "content_type": content_type,
        "path": path.name,
        "size": path.stat().st_size,
        "sha256": sha256,
    }


def _write_zip(path: Path, package: bytes, csv_paths: list[Path], changed_at: datetime) -> None:
    """A zip whose bytes depend only on its files and the revision (fixed time, order, mode):
    datapackage.json, then each CSV copied in from its file."""
    moment = changed_at.astimezone(UTC)
    date_time = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)

    def entry(name: str, size: int) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=date_time)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.create_system = 3  # Unix, whatever the server runs on
        info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
        info.file_size = size  # as ZipFile.writestr sets it: the same header bytes
        return info

    with zipfile.ZipFile(path, "w") as archive:
        with archive.open(entry("datapackage.json", len(package)), "w") as member:
            member.write(package)
        for csv_path in csv_paths:
            info = entry(csv_path.name, csv_path.stat().st_size)
            with open(csv_path, "rb") as source, archive.open(info, "w") as member:
                shutil.copyfileobj(source, member, WRITE_BUFFER)


def dataset_downloads(request) -> Downloads:
    """The files for the dataset as it is now, from this host's DOWNLOADS_DIR: 1 query when they
    are there, else the export's queries to write them (rallying/store.py)."""
    changed_at = dataset_changed_at()
    directory, meta = store.stored(
        request.build_absolute_uri("/"),
        changed_at,
        lambda directory: build_downloads(request, changed_at, directory),
    )
    return Downloads.from_meta(directory, meta)


# --- Views -----------------------------------------------------------------------------------


def dataset_jsonld(downloads: Downloads, request) -> dict:
    """The dataset as schema.org `Dataset`, with both files as `DataDownload` distributions."""
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
        "version": downloads.version,
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
    """Both downloads with their sizes, checksums, version and licence (1 query once built)."""

    template_name = "downloads/download.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        downloads = dataset_downloads(self.request)
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
            jsonld=script_json(dataset_jsonld(downloads, self.request)),
        )
        return context


def _file_response(request, file: DownloadFile, changed_at: datetime) -> HttpResponse:
    """The file streamed from disk; a 304 (or HEAD's headers) without opening it.
    ConditionalGetMiddleware would also answer If-None-Match, but only after the file is opened."""
    headers = HttpResponse(content_type=file.content_type)
    headers["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    headers["ETag"] = f'"{file.sha256}"'  # the checksum is a strong ETag
    headers["Last-Modified"] = http_date(changed_at.timestamp())
    headers["Cache-Control"] = "public, no-cache"
    headers["Content-Length"] = str(file.size)
    conditional = get_conditional_response(
        request, etag=headers["ETag"], last_modified=int(changed_at.timestamp()), response=headers
    )
    if conditional is not headers or request.method == "HEAD":
        return conditional
    response = FileResponse(open(file.path, "rb"), content_type=file.content_type)  # noqa: SIM115
    for name in ("Content-Disposition", "ETag", "Last-Modified", "Cache-Control", "Content-Length"):
        response[name] = headers[name]
    return response


def _serve(request, which: str) -> HttpResponse:
    try:
        downloads = dataset_downloads(request)
        return _file_response(request, getattr(downloads, which), downloads.changed_at)
    except FileNotFoundError:
        # A newer revision's build removed these files after their metadata was read.
        downloads = dataset_downloads(request)
        return _file_response(request, getattr(downloads, which), downloads.changed_at)


@require_safe
@unavailable_without_files
def download_json(request):
    return _serve(request, "json_file")


@require_safe
@unavailable_without_files
def download_csv_zip(request):
    return _serve(request, "zip_file")
