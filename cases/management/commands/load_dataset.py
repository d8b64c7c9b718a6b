"""Load the study's dataset from fixtures/ into the database.

`make run` calls this on every start. It loads into an empty database only, so an editor's
corrections made in the admin are never overwritten by a rerun; `--reload` re-applies the files on
purpose (rows are matched by slug, so nothing is duplicated).
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from cases.models import Case
from cases.revision import bump_revision
from history.models import LOAD_DATASET
from history.recording import record_event

# Order matters: each file refers to rows of the ones before it by natural key. The studies are in
# sources.json after their publications: a source names its study before it is loaded, which
# loaddata sets once the files are in (a study cites a source, so cannot come first).
DATASET_FIXTURES = ["sources", "dimensions", "cases", "findings"]


class Command(BaseCommand):
    help = "Load the dataset fixtures into an empty database (or re-apply them with --reload)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reload",
            action="store_true",
            help="Re-apply the fixtures even if cases exist; fixture rows overwrite edited ones.",
        )

    def handle(self, *args, reload=False, **options):
        existing = Case.all_objects.count()
        if existing and not reload:
            self.stdout.write(
                f"The database already holds {existing} cases; leaving it as it is "
                "(use --reload to re-apply the dataset files)."
            )
            return
        with transaction.atomic():
            call_command("loaddata", *DATASET_FIXTURES, verbosity=0)
            bump_revision()
            # One history entry for the whole load: fixture rows are not recorded one by one.
            verb = "Loaded the dataset"
            if existing:
                verb = "Reloaded the dataset files over the edited rows"
            record_event(LOAD_DATASET, f"{verb}: {Case.all_objects.count()} cases.")
        self.stdout.write(self.style.SUCCESS(f"Dataset loaded: {Case.all_objects.count()} cases."))
