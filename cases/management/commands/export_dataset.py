"""Write the whole knowledge base as one JSON file in the fixtures' format.

The portable backup: it names rows by natural key, never by database id, so it imports with
import_dataset into any database (SQLite or PostgreSQL, empty or not). The output is repeatable
byte for byte, so two exports compare with `cmp` or `sha256sum` and differ in a readable diff.
"""

from pathlib import Path

from django.core.management.base import BaseCommand

from cases.dataset_io import export_dataset


class Command(BaseCommand):
    help = "Write the whole dataset as JSON with natural keys (stdout, or --output FILE)."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="Write to this file instead of stdout.")

    def handle(self, *args, output=None, **options):
        text = export_dataset()
        if output is None:
            self.stdout.write(text, ending="")
            return
        Path(output).write_bytes(text.encode("utf-8"))
        self.stderr.write(
            self.style.SUCCESS(f"Dataset written to {output} ({len(text.encode())} bytes).")
        )
