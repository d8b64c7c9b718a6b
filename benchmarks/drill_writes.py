"""After a phase: is every acknowledged write in the database, and no failed one half-applied?

Read straight from PostgreSQL (not through the app or its cache). A case-summary write is a
single column, so it is either there or not; a quotation is a row plus its links to findings,
written in one transaction, so a quotation that exists must have its text and every finding the
write named. A failed write (503, connection error) may still have been committed if the answer
was lost after the commit: that is counted apart ("applied whole"), it is not a lost write.
"""

from collections import Counter

import psycopg


def current_summaries(database_url: str, slugs: list[str]) -> dict[str, str]:
    with psycopg.connect(database_url) as connection:
        query = "SELECT slug, summary FROM cases_case WHERE slug = ANY(%s)"
        return dict(connection.execute(query, (slugs,)).fetchall())


def stored(database_url: str, writes: list[dict]) -> dict[tuple[str, str], tuple]:
    """(kind, target) → what the database holds: (summary,) or (text, number of findings)."""
    quotations = [w["target"] for w in writes if w["kind"] == "quotation"]
    cases = [w["target"] for w in writes if w["kind"] == "case-summary"]
    summaries = current_summaries(database_url, cases)
    found = {("case-summary", slug): (summary,) for slug, summary in summaries.items()}
    with psycopg.connect(database_url) as connection:
        rows = connection.execute(
            "SELECT q.slug, q.text, count(f.id) FROM findings_quotation q "
            "LEFT JOIN findings_quotation_findings f ON f.quotation_id = q.id "
            "WHERE q.slug = ANY(%s) GROUP BY q.slug, q.text",
            (quotations,),
        )
        found.update({("quotation", slug): (text, n) for slug, text, n in rows})
    return found


def check(
    database_url: str,
    writes: list[dict],
    originals: dict[str, str],
    findings: int,
    events: dict | None = None,
) -> dict:
    """Each write's outcome; with a restart's `events`, the writes acknowledged before the stop
    and after PostgreSQL was back, apart."""
    found = stored(database_url, writes)
    acknowledged = [w for w in writes if w["status"] is not None and 200 <= w["status"] < 300]
    failed = [w for w in writes if w not in acknowledged]

    def written(write: dict) -> tuple:
        return (write["value"],) if write["kind"] == "case-summary" else (write["value"], findings)

    def held(write: dict) -> tuple | None:
        return found.get((write["kind"], write["target"]))

    def untouched(write: dict) -> tuple | None:  # a new quotation was absent before
        return (originals.get(write["target"]),) if write["kind"] == "case-summary" else None

    missing = [w for w in acknowledged if held(w) != written(w)]
    not_applied = [w for w in failed if held(w) == untouched(w)]
    applied_whole = [w for w in failed if w not in not_applied and held(w) == written(w)]
    result = {
        "sent": len(writes),
        "by_kind": dict(Counter(w["kind"] for w in writes)),
        "acknowledged": len(acknowledged),
        "acknowledged_present": len(acknowledged) - len(missing),
        "acknowledged_missing": missing[:10],
        "failed": len(failed),
        "failed_statuses": dict(Counter(str(w["status"] or "conn-error") for w in failed)),
        "failed_not_applied": len(not_applied),
        "failed_applied_whole": len(applied_whole),
        # Committed, but the answer (built by reading the record back) failed: when, and how.
        "failed_applied_whole_samples": [
            {key: w[key] for key in ("kind", "target", "start", "end", "status")}
            for w in applied_whole[:5]
        ],
        "failed_half_applied": len(failed) - len(not_applied) - len(applied_whole),
        "failed_samples": [
            {key: w[key] for key in ("kind", "target", "status", "error", "body")}
            for w in failed[:5]
        ],
    }
    if events:
        # The restart's question: are writes acknowledged before the stop still there after it?
        for name, chosen in (
            ("before_stop", [w for w in acknowledged if w["end"] < events["stop_begin_s"]]),
            ("after_restart", [w for w in acknowledged if w["start"] >= events["ready_s"]]),
        ):
            present = sum(1 for w in chosen if w not in missing)
            result[f"acknowledged_{name}"] = {"acknowledged": len(chosen), "present": present}
    return result
