"""Publish a release of the dataset from the command line, as the admin's "Publish a release" does.

For scripts and deployments: the same checks, the same frozen files and difference, all or nothing
(releases.services.release_publish). The files hold absolute URLs, so they are built for the site's
address as readers use it (--base-url).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from history.choices import Via
from history.context import acting
from releases.services import describe, release_publish

FLAGS = {"version": "--version", "published_on": "--date", "notes": "--notes"}


class Command(BaseCommand):
    help = "Publish a release: freeze the dataset's files under /download/releases/<version>/."

    def create_parser(self, prog_name, subcommand, **kwargs):
        # --version names the release, as editors expect, instead of printing Django's version.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--version", required=True, dest="release_version", help="e.g. 1.0")
        parser.add_argument(
            "--date",
            required=True,
            dest="release_date",
            help="The release's date, e.g. 2026-11-29.",
        )
        parser.add_argument("--notes", required=True, help="What changed, for readers.")
        parser.add_argument(
            "--base-url",
            required=True,
            help="The site's address as readers use it, e.g. https://rallying.example.org",
        )

    def handle(self, *args, release_version, release_date, notes, base_url, **options):
        try:
            published_on = date.fromisoformat(release_date.strip())
        except ValueError:
            raise CommandError(
                f"--date: “{release_date}” is not a date like 2026-11-29. Nothing was published."
            ) from None
        try:
            with acting(Via.COMMAND):
                release = release_publish(
                    version=release_version,
                    published_on=published_on,
                    notes=notes,
                    base_url=base_url,
                )
        except ValidationError as error:
            raise CommandError(problems(error) + "\nNothing was published.") from None
        for file in release.files.all():
            self.stdout.write(f"{file.sha256}  {file.name}  ({file.size} bytes)")
        self.stdout.write(
            self.style.SUCCESS(f"{describe(release)} See {release.get_absolute_url()}")
        )


def problems(error: ValidationError) -> str:
    """Each problem on a line, named by the option it is about."""
    if not hasattr(error, "error_dict"):
        return "\n".join(error.messages)
    return "\n".join(
        f"{FLAGS.get(name, '--base-url' if name == '__all__' else name)}: {message}"
        for name, messages in error.message_dict.items()
        for message in messages
    )
