"""Import a dataset file: the JSON that export_dataset writes (the fixtures' format), or a CSV of cases.

The whole file is validated before anything is written, and every problem is listed with where
it is (JSON: object number and line, the row's natural key, the field; CSV: line and column).
With any problem nothing is written and the exit status is 1; otherwise the file is written in
one transaction. Rows are matched by natural key: existing rows are updated, rows the file does
not mention are left alone, and importing the same file again changes nothing. See docs/backup.md.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from cases.dataset_io import Plan, apply_plan, read_file


def summary(plan: Plan) -> list[str]:
    """One line per model: how many rows the file creates, updates and leaves unchanged."""
    return [
        f"  {label}: {counts['created']} created, {counts['updated']} updated, "
        f"{counts['unchanged']} unchanged"
        for label, counts in plan.counts().items()
    ]


class Command(BaseCommand):
    help = "Validate a dataset file (JSON, or CSV of cases) whole, then import it all or nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="A .json file as export_dataset writes, or a .csv of cases."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Validate and say what would change; write nothing.",
        )
        parser.add_argument(
            "--format",
            choices=["json", "csv"],
            dest="file_format",
            help="The file's format (default: from its extension; .csv is CSV, anything else JSON).",
        )

    def handle(self, *args, file, dry_run=False, file_format=None, **options):
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        is_csv = (file_format or path.suffix.lower().lstrip(".")) == "csv"
        plan = read_file(content, csv=is_csv)
        if plan.problems:
            for problem in plan.problems:
                self.stderr.write(f"{file}: {problem}")
            raise CommandError(f"{len(plan.problems)} problem(s) in {file}; nothing was written.")
        if dry_run:
            self.stdout.write(f"Dry run: {file} is valid; nothing was written. It would change:")
            self.stdout.write("\n".join(summary(plan)) or "  nothing (the file is empty).")
            return
        try:
            apply_plan(plan)
        except DatabaseError as error:
            raise CommandError(
                f"The database refused the import, so nothing was written: {error}"
            ) from None
        self.stdout.write(self.style.SUCCESS(f"Imported {file}:"))
        self.stdout.write("\n".join(summary(plan)) or "  nothing (the file is empty).")
