"""After a phase: is every acknowledged write in the database, and no failed one half-applied?

Read straight from PostgreSQL (not through the app or its cache). A case-summary write is a
single column, so it is either there or not; a quotation is a row plus its links to findings,
written in one transaction, so a quotation that exists must have its text and every finding the
write named. A failed write (503, connection error) may still have been committed if the answer
was lost after the commit: that is counted apart ("applied whole"), it is not a lost write.
"""

from collections import Counter


def connect(database_url: str):
    import psycopg

    return psycopg.connect(database_url)


def current_summaries(database_url: str, slugs: list[str]) -> dict[str, str]:
    with connect(database_url) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT slug, summary FROM cases_case WHERE slug = ANY(%s)", (slugs,))
        return dict(cursor.fetchall())


def stored(database_url: str, writes: list[dict]) -> dict[tuple[str, str], tuple]:
    """(kind, target) → what the database holds: (summary,) or (text, number of findings)."""
    cases = [w["target"] for w in writes if w["kind"] == "case-summary"]
    quotations = [w["target"] for w in writes if w["kind"] == "quotation"]
    found = {}
    with connect(database_url) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT slug, summary FROM cases_case WHERE slug = ANY(%s)", (cases,))
        found.update({("case-summary", slug): (summary,) for slug, summary in cursor.fetchall()})
        cursor.execute(
            "SELECT q.slug, q.text, count(f.id) FROM findings_quotation q "
            "LEFT JOIN findings_quotation_findings f ON f.quotation_id = q.id "
            "WHERE q.slug = ANY(%s) GROUP BY q.slug, q.text",
            (quotations,),
        )
        found.update({("quotation", slug): (text, n) for slug, text, n in cursor.fetchall()})
    return found


def check(
    database_url: str,
    writes: list[dict],
    originals: dict[str, str],
    findings: int,
    events: dict | None = None,
) -> dict:
    found = stored(database_url, writes)
    acknowledged = [w for w in writes if w["status"] is not None and 200 <= w["status"] < 300]
    failed = [w for w in writes if w not in acknowledged]
    missing = []
    for write in acknowledged:
        expected = (
            (write["value"],) if write["kind"] == "case-summary" else (write["value"], findings)
        )
        if found.get((write["kind"], write["target"])) != expected:
            missing.append(write)
    not_applied = half = 0
    applied_whole = []
    for write in failed:
        held = found.get((write["kind"], write["target"]))
        if write["kind"] == "case-summary":
            if held == (originals.get(write["target"]),):
                not_applied += 1
            elif held == (write["value"],):
                applied_whole.append(write)
            else:
                half += 1
        elif held is None:
            not_applied += 1
        elif held == (write["value"], findings):
            applied_whole.append(write)
        else:
            half += 1
    result = {
        "sent": len(writes),
        "by_kind": dict(Counter(w["kind"] for w in writes)),
        "acknowledged": len(acknowledged),
        "acknowledged_present": len(acknowledged) - len(missing),
        "acknowledged_missing": missing[:10],
        "failed": len(failed),
        "failed_statuses": dict(Counter(str(w["status"] or "conn-error") for w in failed)),
        "failed_not_applied": not_applied,
        "failed_applied_whole": len(applied_whole),
        # Committed, but the answer (built by reading the record back) failed: when, and how.
        "failed_applied_whole_samples": [
            {key: w[key] for key in ("kind", "target", "start", "end", "status")}
            for w in applied_whole[:5]
        ],
        "failed_half_applied": half,
        "failed_samples": [
            {key: w[key] for key in ("kind", "target", "status", "error", "body")}
            for w in failed[:5]
        ],
    }
    if events:
        # The restart's question: are writes acknowledged before the stop still there after it?
        lost = {(w["kind"], w["target"]) for w in missing}
        for name, chosen in (
            ("before_stop", [w for w in acknowledged if w["end"] < events["stop_begin_s"]]),
            ("after_restart", [w for w in acknowledged if w["start"] >= events["ready_s"]]),
        ):
            present = sum(1 for w in chosen if (w["kind"], w["target"]) not in lost)
            result[f"acknowledged_{name}"] = {"acknowledged": len(chosen), "present": present}
    return result
