"""Figures from the drill's records: per URL, per second, around the restart; the verdict; and a
Markdown summary."""

from collections import Counter, defaultdict

GRACE_S = 2.0


def percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def ms(value: float | None) -> float | None:
    return None if value is None else round(value * 1000, 1)


def failed(status: int | None) -> bool:
    """What an outage may cause: a 5xx, or no answer at all."""
    return status is None or status >= 500


def per_url(requests: list[dict], labels: dict, seconds: float) -> dict:
    """Per request of the mix, and for all of them: counts by status, and latency."""
    table = {}
    for key in [*labels, "all"]:
        rows = requests if key == "all" else [r for r in requests if r["key"] == key]
        latencies = [r["end"] - r["start"] for r in rows if r["status"] is not None]
        table[key] = {
            "label": labels.get(key, "All requests"),
            "requests": len(rows),
            "statuses": dict(
                sorted(Counter(str(r["status"]) for r in rows if r["status"]).items())
            ),
            "connection_errors": sum(1 for r in rows if r["status"] is None),
            "p50_ms": ms(percentile(latencies, 50)),
            "p95_ms": ms(percentile(latencies, 95)),
            "max_ms": ms(max(latencies) if latencies else None),
            "rps": round(len(rows) / seconds, 1),
        }
    return table


def _status(record: dict) -> str:
    return str(record["status"]) if record["status"] else "conn-error"


def timeline(requests: list[dict], writes: list[dict], events: dict | None = None) -> list[dict]:
    """Per second of completion: how many answers of each status (reads and writes together),
    and whether PostgreSQL was down during any part of that second."""
    seconds = defaultdict(Counter)
    for record in [*requests, *writes]:
        seconds[int(record["end"])][_status(record)] += 1
    rows = []
    for second in sorted(seconds):
        row = {"second": second, **dict(sorted(seconds[second].items()))}
        if events and events["stop_begin_s"] < second + 1 and second < events["ready_s"]:
            row["postgresql"] = "down"
        rows.append(row)
    return rows


def restart_check(requests: list[dict], writes: list[dict], events: dict) -> dict:
    """Were errors confined to the outage (± GRACE_S), and did answers come back without help?"""
    down_from, back_at = events["stop_begin_s"], events["ready_s"]
    records = [*requests, *writes]
    errors = [r for r in records if failed(r["status"])]
    outside = [r for r in errors if not (down_from - GRACE_S <= r["end"] <= back_at + GRACE_S)]
    answered = [r for r in records if r["end"] >= back_at and r["status"] and r["status"] < 400]
    first_ok_after = min((r["end"] for r in answered), default=None)
    last_error = max((r["end"] for r in errors), default=None)
    late = [r for r in records if r["start"] >= back_at + GRACE_S]
    samples = {}
    for r in errors:
        samples.setdefault(r["key"] if "key" in r else "write " + r["kind"], r.get("body", ""))
    statuses = Counter(_status(r) for r in errors)
    return {
        "down_from_s": round(down_from, 2),
        "back_at_s": round(back_at, 2),
        "grace_s": GRACE_S,
        "error_statuses": dict(sorted(statuses.items())),
        "errors_outside_outage": len(outside),
        "errors_outside_outage_samples": outside[:5],
        "server_errors_other_than_503": sum(1 for r in errors if r["status"] not in (None, 503)),
        "connection_errors": sum(1 for r in errors if r["status"] is None),
        "first_success_after_back_s": (
            None if first_ok_after is None else round(first_ok_after - back_at, 2)
        ),
        "last_error_after_back_s": None if last_error is None else round(last_error - back_at, 2),
        "requests_started_after_back_plus_grace": len(late),
        "of_which_succeeded": sum(1 for r in late if not failed(r["status"])),
        "stack_traces_in_error_bodies": sum(1 for r in errors if "Traceback" in r.get("body", "")),
        "error_body_samples": samples,
    }


def verdict(phases: dict, server: dict) -> dict:
    """Each check of the drill, passed or not."""
    steady, restart = phases.get("steady"), phases.get("restart")
    checks = {}
    if steady:
        total, w = steady["per_url"]["all"], steady["writes_check"]
        server_errors = sum(n for s, n in total["statuses"].items() if int(s) >= 500)
        checks["steady load: no 5xx"] = server_errors == 0
        checks["steady load: no connection errors"] = total["connection_errors"] == 0
        checks["steady load: every write acknowledged and present"] = (
            w["acknowledged"] == w["sent"] == w["acknowledged_present"]
        )
    if restart:
        r, w = restart["restart"], restart["writes_check"]
        checks["restart: errors only while PostgreSQL is down (± 2 s)"] = (
            r["errors_outside_outage"] == 0
        )
        checks["restart: errors are 503s, never 500 or a stack trace"] = (
            r["server_errors_other_than_503"] == 0 and r["stack_traces_in_error_bodies"] == 0
        )
        checks["restart: no connection errors to gunicorn"] = r["connection_errors"] == 0
        checks["restart: full recovery without restarting gunicorn"] = (
            r["requests_started_after_back_plus_grace"] > 0
            and r["of_which_succeeded"] == r["requests_started_after_back_plus_grace"]
        )
        checks["restart: every acknowledged write present with its value"] = (
            w["acknowledged_present"] == w["acknowledged"]
        )
        checks["restart: no failed write half-applied"] = w["failed_half_applied"] == 0
    checks["gunicorn never restarted, no worker timeout, no traceback in its log"] = (
        server["master_still_running"]
        and server["worker_timeouts_in_log"] == 0
        and server["tracebacks_in_log"] == 0
    )
    return checks


# --- Markdown ------------------------------------------------------------------------------------


def fmt(value) -> str:
    return "–" if value is None else f"{value:,}" if isinstance(value, int) else str(value)


def _row(*cells) -> str:
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def url_table(table: dict, paths: dict) -> list[str]:
    columns = ("Request", "Path", "Requests", "Statuses", "Conn. errors", "p50 ms", "p95 ms")
    lines = [_row(*columns, "max ms", "req/s"), "|---" * 9 + "|"]
    for key, row in table.items():
        statuses = ", ".join(f"{s}: {n:,}" for s, n in row["statuses"].items()) or "–"
        path = f"`{paths[key]}`" if key in paths else ""
        name = f"**{row['label']}**" if key == "all" else row["label"]
        latencies = (fmt(row[field]) for field in ("p50_ms", "p95_ms", "max_ms"))
        counts = (f"{row['requests']:,}", statuses, row["connection_errors"])
        lines.append(_row(name, path, *counts, *latencies, row["rps"]))
    return lines


def timeline_table(rows: list[dict]) -> list[str]:
    columns = sorted({k for row in rows for k in row if k not in ("second", "postgresql")})
    columns.append("postgresql")
    lines = [_row("s", *columns), "|---" * (len(columns) + 1) + "|"]
    lines += [_row(row["second"], *(row.get(c, "") for c in columns)) for row in rows]
    return lines


def write_lines(check: dict) -> list[str]:
    kinds, missing = check["by_kind"], check["acknowledged_missing"]
    lines = [
        f"- writes sent: {check['sent']} ({kinds.get('case-summary', 0)} case summary PATCHes, "
        f"{kinds.get('quotation', 0)} quotation POSTs); acknowledged (2xx): "
        f"{check['acknowledged']}; refused or failed: {check['failed']} (statuses "
        f"{check['failed_statuses']})",
        f"- acknowledged writes present in the database with the value written: "
        f"**{check['acknowledged_present']} of {check['acknowledged']}**"
        + (f" (missing or different: {missing})" if missing else ""),
        f"- failed writes: {check['failed_not_applied']} not applied, "
        f"{check['failed_applied_whole']} applied whole (the answer was lost, not the write), "
        f"**{check['failed_half_applied']} half-applied**",
    ]
    for key, when in (
        ("before_stop", "before PostgreSQL was stopped"),
        ("after_restart", "after it was back"),
    ):
        if f"acknowledged_{key}" in check:
            split = check[f"acknowledged_{key}"]
            lines.append(
                f"- acknowledged {when}: {split['present']} of {split['acknowledged']} present"
            )
    return lines


def restart_lines(r: dict) -> list[str]:
    return [
        f"Errors: {r['error_statuses']}; outside the outage ± {r['grace_s']} s: "
        f"**{r['errors_outside_outage']}**; 5xx other than 503: "
        f"{r['server_errors_other_than_503']}; connection errors: {r['connection_errors']}; "
        f"stack traces in error bodies: {r['stack_traces_in_error_bodies']}.",
        f"First success {r['first_success_after_back_s']} s after PostgreSQL was back, last "
        f"error {r['last_error_after_back_s']} s after; "
        f"of {r['requests_started_after_back_plus_grace']:,} requests started more than "
        f"{r['grace_s']} s after, {r['of_which_succeeded']:,} succeeded.",
    ]


def markdown(output: dict) -> str:
    machine, config, server = output["machine"], output["config"], output["gunicorn"]
    writes = config["write_interval_s"]
    lines = [
        f"# Resilience drill, {output['date']}",
        "",
        f"Machine: {machine['cpu']}, {machine['cpus']} CPUs, {machine['memory']} memory; "
        f"{machine['os']}; Python {machine['python']}, PostgreSQL {machine['postgresql']} "
        f"(private instance), gunicorn {machine['gunicorn']}, Django {machine['django']}. "
        f"Load average at start {machine['load_average_at_start']}, at end "
        f"{machine['load_average_at_end']}.",
        "",
        f"Code: commit {output['code']['commit']}, {output['code']['ran']}.",
        "",
        f"Rallying: gunicorn, {config['workers']} sync workers (as `make serve`), DEBUG off, "
        f"{config['cases']:,} cases, cache {config['cache']}. Load: {config['concurrency']} reader "
        "connections (a new connection per request), "
        + (f"one staff write every {writes} s" if writes > 0 else "no writes")
        + f", {config['seconds']} s per phase.",
    ]
    for phase in output["phases"].values():
        load = phase["load_average"]
        lines += ["", f"## {phase['title']}", ""]
        lines += [f"Load average (1, 5, 15 min): {load['before']} before, {load['after']} after."]
        if "events" in phase:
            e = phase["events"]
            lines += [
                "",
                f"PostgreSQL stop began at {e['stop_begin_s']} s (stopped at {e['stopped_s']} s), "
                f"start began at {e['start_begin_s']} s, accepting connections at {e['ready_s']} s.",
            ]
        lines += ["", *url_table(phase["per_url"], config["paths"])]
        lines += ["", "Writes:", "", *write_lines(phase["writes_check"])]
        if "restart" in phase:
            lines += ["", *restart_lines(phase["restart"]), ""]
            lines += ["Timeline (answers completed in each second, by status):", ""]
            lines += timeline_table(phase["timeline"])
    lines += [
        "",
        f"gunicorn: master still running at the end: {server['master_still_running']}; "
        f"worker timeouts in its log: {server['worker_timeouts_in_log']}; tracebacks: "
        f"{server['tracebacks_in_log']}.",
        "",
        "## Verdict",
        "",
    ]
    lines += [
        f"- {'PASS' if passed else 'FAIL'}: {name}" for name, passed in output["verdict"].items()
    ]
    return "\n".join(lines) + "\n"
