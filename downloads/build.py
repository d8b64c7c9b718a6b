"""The whole dataset as files: one JSON file and a zip of CSVs with a Frictionless data package.

/download/                  the page: both files with their size, SHA-256, version and licence,
                            plus schema.org `Dataset` JSON-LD for harvesters
/download/rallying.json     every table as the API's list endpoints return it (same serializers)
/download/rallying-csv.zip  one CSV per table + `datapackage.json` describing every column

Both files are built in one pass over the API's tables (the API's serializers for the
small tables, the same records from flat queries for cases, quotations and evidence links:
cases/records.py), so the JSON, the CSVs and /api/ agree. They are byte-identical until the
dataset changes: rows keep the API's stable order, and zip entries carry the revision's timestamp,
not the time of the request. That makes their SHA-256 a strong ETag.

The build runs a fixed number of queries whatever the number of cases and writes the files to
this host's DOWNLOADS_DIR once per dataset revision and site address (the files hold absolute API
URLs; downloads/store.py): the JSON and the CSVs go to disk record by record, the zip is
fed from the CSV files, so the files are never held in memory (10,010 cases: a 119 MB JSON file,
a process of about 140 MB at peak). Then every request costs one query (the revision): the page
reads the files' metadata, the files are streamed from disk, and a revalidation or HEAD does not
open them. `manage.py build_downloads --base-url …` writes them ahead of the first reader.
"""

import hashlib
import json
import logging
import shutil
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.urls import reverse

from cases import api as cases_api
from cases.models import Case
from cases.records import RecordBuilder
from cases.revision import dataset_changed_at
from downloads import store
from downloads.json_document import JSONDocument
from downloads.tables import FORMULA_NOTICE, QUOTATIONS_NOTICE, TABLES
from findings import api as findings_api
from findings.records import evidence_records, quotation_records

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

# Each table of the API as its list endpoint returns it (all pages, same order).
# tests/test_downloads.py checks that every endpoint of the router is here.
TABLES_OF_THE_API = (
    ("sources", cases_api.SourceViewSet),
    ("studies", cases_api.StudyViewSet),
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


# The tables that grow with the cases are built by the record builders (cases/records.py,
# findings/records.py); the small ones (lookups, sources, findings) by the API's serializers.
RECORD_BUILDERS = {
    "cases": lambda builder: builder.stream(Case.objects.order_by("name", "slug")),
    "quotations": quotation_records,
    "evidence_links": evidence_records,
}


def table_records(request, builder=None):
    """(table name, its records as the API lists them) for every table, each an iterable read
    once. A fixed number of queries (see build_downloads)."""
    builder = builder or RecordBuilder(request)
    for name, viewset_class in TABLES_OF_THE_API:
        if name in RECORD_BUILDERS:
            yield name, RECORD_BUILDERS[name](builder)
            continue
        view = viewset_class(request=request, action="list", format_kwarg=None, args=(), kwargs={})
        yield name, view.get_serializer(view.get_queryset(), many=True).data


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
    """Write both files into `directory` from one pass over the tables: each record goes into the
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
    builder = RecordBuilder(request)
    json_path = directory / JSON_NAME
    writers = [table.writer(directory) for table in TABLES]
    study_sources = []
    with open(json_path, "w", encoding="utf-8", newline="", buffering=WRITE_BUFFER) as json_file:
        document = JSONDocument(json_file, builder.shared)
        document.value("dataset", about)
        for name, records in table_records(request, builder):
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
    are there, else the queries to write them (downloads/store.py)."""
    changed_at = dataset_changed_at()
    directory, meta = store.stored(
        request.build_absolute_uri("/"),
        changed_at,
        lambda directory: build_downloads(request, changed_at, directory),
    )
    return Downloads.from_meta(directory, meta)
