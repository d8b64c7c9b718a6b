"""Fill the database with synthetic cases, or remove them, to measure Rallying at scale.

The benchmarks (benchmarks/) and the query-budget tests need thousands of cases; the study has
ten. Synthetic cases use the real dimensions and findings, cite one source marked as synthetic,
and have slugs starting with "synthetic-", so `--remove` takes them all away and leaves the real
dataset as it was. Running it again with the same arguments gives the same cases.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cases.synthetic import remove_synthetic, synthesize
from history.models import SYNTHESIZE
from history.recording import record_event


class Command(BaseCommand):
    help = "Replace any synthetic cases with N new ones drawn from a seed (or --remove them all)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--cases", type=int, default=1000, help="How many cases (default 1000)."
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--remove", action="store_true", help="Remove every synthetic row and add none."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Do everything, report it, then roll it back."
        )

    def handle(self, *args, cases, seed, remove, dry_run, **options):
        if cases < 0:
            raise CommandError("--cases must be 0 or more.")
        with transaction.atomic():
            if remove:
                counts = remove_synthetic()
                verb = "Removed"
            else:
                try:
                    counts = synthesize(cases=cases, seed=seed)
                except ValueError as error:
                    raise CommandError(str(error)) from None
                verb = f"Synthesized (seed {seed})"
            # One history entry for the run (bulk inserts record nothing row by row).
            if remove and counts.get("cases"):
                record_event(SYNTHESIZE, f"Removed the {counts['cases']} synthetic cases.")
            elif not remove:
                record_event(
                    SYNTHESIZE,
                    f"Synthesized {counts['cases']} cases for load testing (seed {seed}), "
                    "replacing any earlier synthetic cases.",
                )
            if dry_run:
                transaction.set_rollback(True)
                verb = f"Dry run, nothing saved. Would have: {verb.lower()}"
        summary = ", ".join(f"{n} {kind}" for kind, n in counts.items() if n)
        self.stdout.write(self.style.SUCCESS(f"{verb}: {summary or 'nothing'}."))
