"""Write the dataset's download files for the current revision, as /download/ would on first use.

For cron or after an import, so that no reader waits for the build. The files hold absolute API
URLs, so they are built for one site address (--base-url, as readers reach the site); a request
under another address builds its own. Does nothing when this host already has them.
"""

from urllib.parse import urlsplit

from django.core.exceptions import DisallowedHost
from django.core.management.base import BaseCommand, CommandError
from django.test import RequestFactory

from downloads.build import dataset_downloads
from downloads.store import DownloadsDirUnwritable


class Command(BaseCommand):
    help = "Write /download/'s files for the current dataset revision to DOWNLOADS_DIR."

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            required=True,
            help="The site's address as readers use it, e.g. https://rallying.example.org",
        )

    def handle(self, *args, base_url, **options):
        request = site_request(base_url)
        try:
            downloads = dataset_downloads(request)
        except DownloadsDirUnwritable as error:
            raise CommandError(str(error)) from error
        for file in (downloads.json_file, downloads.zip_file):
            self.stdout.write(f"{file.path}  {file.size} bytes  sha256 {file.sha256}")
        self.stdout.write(self.style.SUCCESS(f"Downloads of version {downloads.version} ready."))


def site_request(base_url: str):
    """A request as a reader's would arrive at `base_url` (scheme and host only)."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise CommandError(
            f"--base-url must be an http(s) address such as https://example.org, not {base_url!r}"
        )
    if parts.path.strip("/"):
        raise CommandError(f"--base-url is the site's root address, without a path: {base_url!r}")
    request = RequestFactory().get("/", HTTP_HOST=parts.netloc, secure=parts.scheme == "https")
    try:
        request.get_host()
    except DisallowedHost as error:
        raise CommandError(f"{parts.netloc} is not in ALLOWED_HOSTS.") from error
    return request
