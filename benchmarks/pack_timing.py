"""Time the evidence pack's PDF of 10 and of 50 cases against its targets (under 2 s and 10 s).

Each pack is the first cases by name, chosen with `?case=` so it holds exactly that many, and is
made the way a reader gets it: a GET of /cases/pack.pdf through Django (selection, queries,
template, WeasyPrint), in this process, with the cache of whole answers off (edge/). The best of a few runs is
reported, with the pages made; results go to benchmarks/results/pack-timing.json.

On the benchmark's database, benchmarks/run.py calls this at its largest size. On its own, on
any database with 50 cases or more (the ten real ones and synthetic ones):

    DEBUG=1 DATABASE_URL=sqlite:////tmp/pack-bench.sqlite3 .venv/bin/python manage.py migrate
    (same env) .venv/bin/python manage.py load_dataset
    (same env) .venv/bin/python manage.py synthesize --cases 90
    (same env) .venv/bin/python benchmarks/pack_timing.py
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results" / "pack-timing.json"
TARGETS = {10: 2.0, 50: 10.0}  # cases: seconds


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rallying.settings")
    import django

    django.setup()


def time_pack(client, slugs: list[str], runs: int) -> dict:
    """The best wall time of `runs` GETs of the PDF of these cases, and the PDF's pages."""
    query = "&".join(f"case={slug}" for slug in slugs)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(f"/cases/pack.pdf?{query}")
        times.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(
                f"/cases/pack.pdf of {len(slugs)} cases answered {response.status_code}"
            )
    pages = subprocess.run(
        ["pdfinfo", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    n_pages = next(int(line.split()[-1]) for line in pages.splitlines() if line.startswith("Pages"))
    return {
        "cases": len(slugs),
        "best_s": round(min(times), 2),
        "runs_s": [round(t, 2) for t in times],
        "pages": n_pages,
        "bytes": len(response.content),
        "target_s": TARGETS[len(slugs)],
        "met": min(times) < TARGETS[len(slugs)],
    }


def measure(runs: int) -> dict:
    setup_django()
    from django.conf import settings
    from django.test import Client

    from cases.models import Case

    # Every GET makes its pack: the edge's cache of whole answers would serve the repeats.
    settings.ANSWER_CACHE = False

    slugs = list(Case.objects.order_by("name", "slug").values_list("slug", flat=True)[:50])
    if len(slugs) < max(TARGETS):
        raise SystemExit(f"Needs {max(TARGETS)} cases or more; the database has {len(slugs)}.")
    # A host the settings allow in production mode too (benchmarks/dataset.py django_env).
    client = Client(HTTP_HOST="localhost")
    client.get("/cases/pack.pdf?case=" + slugs[0])  # warm up: imports, fonts, compiled SQL
    return {"packs": [time_pack(client, slugs[:n], runs) for n in TARGETS]}


def summary(results: dict) -> str:
    lines = ["| cases | pages | best (s) | target | met |", "|---|---|---|---|---|"]
    for pack in results["packs"]:
        met = "yes" if pack["met"] else "no"
        lines.append(
            f"| {pack['cases']} | {pack['pages']} | {pack['best_s']} | < {pack['target_s']:g} s "
            f"| {met} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="GETs per pack; the best counts")
    parser.add_argument("--json", action="store_true", help="print the results as JSON only")
    options = parser.parse_args()
    results = measure(options.runs)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1) + "\n")
    print(json.dumps(results) if options.json else summary(results))


if __name__ == "__main__":
    main()
