"""The files a release freezes: what /download/ serves at that moment, byte for byte, and SHA256SUMS.

The files are fetched through /download/'s own views (resolved from their URL names and called with
a request for the site's address), so a release holds exactly the bytes a reader could download
then, built by downloads/build.py, the one exporter, with the site's absolute URLs. This app
imports no code of `downloads`: /download/ names the latest release, so the imports point from
downloads to releases (docs/architecture.md).
"""

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.core.exceptions import DisallowedHost, ValidationError
from django.test import RequestFactory
from django.urls import resolve, reverse

from releases.diff import dataset_about

SUMS_NAME = "SHA256SUMS"


def json_name(version: str) -> str:
    return f"rallying-{version}.json"


def zip_name(version: str) -> str:
    return f"rallying-csv-{version}.zip"


@dataclass(frozen=True)
class FrozenFile:
    name: str
    content_type: str
    content: bytes = field(repr=False)

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@dataclass(frozen=True)
class DatasetFiles:
    dataset_version: str  # the revision the files were built from, as they say inside
    files: list[FrozenFile]  # the JSON file, the CSV zip, SHA256SUMS

    @property
    def json_content(self) -> bytes:
        return self.files[0].content


def site_request(base_url: str, path: str):
    """A GET of `path` as a reader would send it to the site at `base_url` (scheme and host)."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path.strip("/"):
        raise ValidationError(
            f"The site's address must be like https://example.org (no path), not {base_url!r}."
        )
    request = RequestFactory().get(path, HTTP_HOST=parts.netloc, secure=parts.scheme == "https")
    try:
        request.get_host()
    except DisallowedHost:
        raise ValidationError(f"{parts.netloc} is not one of the site's ALLOWED_HOSTS.") from None
    return request


def downloaded(url_name: str, base_url: str) -> bytes:
    """The bytes /download/ serves at `url_name`, through its view."""
    path = reverse(url_name)
    match = resolve(path)
    response = match.func(site_request(base_url, path), *match.args, **match.kwargs)
    try:
        if response.status_code != 200:
            reason = b"".join(response).decode("utf-8", "replace").strip()
            raise ValidationError(f"The dataset's files could not be prepared: {reason}")
        return b"".join(response)
    finally:
        # Not response.close(): that ends the "request" (request_finished), which closes the
        # database connection in the middle of the publication's transaction.
        if getattr(response, "file_to_stream", None) is not None:
            response.file_to_stream.close()


def zip_version(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return json.loads(archive.read("datapackage.json"))["version"]


def dataset_files(*, base_url: str, version: str) -> DatasetFiles:
    """The JSON file and the CSV zip as /download/ serves them now, named for the release, and
    SHA256SUMS naming both. Refused if the two are of different revisions (an edit landed
    between the two fetches)."""
    json_content = downloaded("downloads:json", base_url)
    zip_content = downloaded("downloads:csv-zip", base_url)
    dataset_version = dataset_about(json_content).get("version", "")
    if zip_version(zip_content) != dataset_version:
        raise ValidationError(
            "The data changed while the release's files were being made. Publish it again."
        )
    files = [
        FrozenFile(json_name(version), "application/json", json_content),
        FrozenFile(zip_name(version), "application/zip", zip_content),
    ]
    # The format `sha256sum --check SHA256SUMS` reads: checksum, two spaces, the file's name.
    sums = "".join(f"{file.sha256}  {file.name}\n" for file in files).encode()
    files.append(FrozenFile(SUMS_NAME, "text/plain; charset=utf-8", sums))
    return DatasetFiles(dataset_version, files)
