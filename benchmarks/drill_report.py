"""Figures from the drill's records: per URL, per second, around the restart; and a Markdown summary."""

from collections import Counter, defaultdict

GRACE_S = 2.0


def percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def ms(value: float | None) -> float | None:
    return None if value is None else round(value * 1000, 1)


def ok(status: int | None) -> bool:
    return status is not None and status < 400


def failed(status: int | None) -> bool:
    """What an outage may cause: a 5xx, or no answer at all."""
    return status is None or status >= 500


def per_url(requests: list[dict], labels: dict, seconds: float) -> dict:
    groups = defaultdict(list)
    for request in requests:
        groups[request["key"]].append(request)
    table = {}
    for key in list(labels) + ["all"]:
        rows = requests if key == "all" else groups.get(key, [])
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


def timeline(requests: list[dict], writes: list[dict], events: dict | None = None) -> list[dict]:
    """Per second of completion: how many answers of each status (reads and writes together),
    and whether PostgreSQL was down during any part of that second."""
    seconds = defaultdict(Counter)
    for record in [*requests, *writes]:
        status = str(record["status"]) if record["status"] else "conn-error"
        seconds[int(record["end"])][status] += 1
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
    first_ok_after = min(
        (r["end"] for r in records if r["end"] >= back_at and ok(r["status"])), default=None
    )
    last_error = max((r["end"] for r in errors), default=None)
    late = [r for r in records if r["start"] >= back_at + GRACE_S]
    samples = {}
    for r in errors:
        samples.setdefault(r["key"] if "key" in r else "write " + r["kind"], r.get("body", ""))
    statuses = Counter(str(r["status"]) if r["status"] else "conn-error" for r in errors)
    return {
        "down_from_s": round(down_from, 2),
        "back_at_s": round(back_at, 2),
        "grace_s": GRACE_S,
        "error_statuses": dict(sorted(statuses.items())),
        "errors_outside_outage": len(outside),
        "errors_outside_outage_samples": outside[:5],
        "server_errors_other_than_503": sum(
            1
            for r in errors
            if r["status"] is not None and r["status"] >= 500 and r["status"] != 503
        ),
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


# --- Markdown ------------------------------------------------------------------------------------


def fmt(value) -> str:
    return "–" if value is None else f"{value:,}" if isinstance(value, int) else str(value)


def url_table(table: dict, paths: dict) -> list[str]:
    lines = [
        "| Request | Path | Requests | Statuses | Conn. errors | p50 ms | p95 ms | max ms | req/s |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for key, row in table.items():
        statuses = ", ".join(f"{s}: {n:,}" for s, n in row["statuses"].items()) or "–"
        path = f"`{paths[key]}`" if key in paths else ""
        name = f"**{row['label']}**" if key == "all" else row["label"]
        lines.append(
            f"| {name} | {path} | {row['requests']:,} | {statuses} | {row['connection_errors']} "
            f"| {fmt(row['p50_ms'])} | {fmt(row['p95_ms'])} | {fmt(row['max_ms'])} | {row['rps']} |"
        )
    return lines


def timeline_table(rows: list[dict]) -> list[str]:
    columns = sorted({k for row in rows for k in row if k not in ("second", "postgresql")})
    columns.append("postgresql")
    lines = ["| s | " + " | ".join(columns) + " |", "|---" * (len(columns) + 1) + "|"]
    for row in rows:
        lines.append(
            f"| {row['second']} | " + " | ".join(str(row.get(c, "")) for c in columns) + " |"
        )
    return lines


def write_lines(check: dict) -> list[str]:
    split = [
        f"- acknowledged {when}: {check[key]['present']} of {check[key]['acknowledged']} present"
        for key, when in (
            ("acknowledged_before_stop", "before PostgreSQL was stopped"),
            ("acknowledged_after_restart", "after it was back"),
        )
        if key in check
    ]
    return [
        f"- writes sent: {check['sent']} ({check['by_kind'].get('case-summary', 0)} case summary "
        f"PATCHes, {check['by_kind'].get('quotation', 0)} quotation POSTs); acknowledged (2xx): "
        f"{check['acknowledged']}; refused or failed: {check['failed']} (statuses "
        f"{check['failed_statuses']})",
        f"- acknowledged writes present in the database with the value written: "
        f"**{check['acknowledged_present']} of {check['acknowledged']}**"
        + (
            f" (missing or different: {check['acknowledged_missing']})"
            if check["acknowledged_missing"]
            else ""
        ),
        f"- failed writes: {check['failed_not_applied']} not applied, "
        f"{check['failed_applied_whole']} applied whole (the answer was lost, not the write), "
        f"**{check['failed_half_applied']} half-applied**",
        *split,
    ]


def markdown(output: dict) -> str:
    machine, config = output["machine"], output["config"]
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
        f"connections (a new connection per request), "
        + (
            f"one staff write every {config['write_interval_s']} s"
            if config["write_interval_s"] > 0
            else "no writes"
        )
        + f", {config['seconds']} s per phase.",
    ]
    for phase in output["phases"].values():
        lines += ["", f"## {phase['title']}", ""]
        load = phase["load_average"]
        lines += [
            f"Load average (1, 5, 15 min): {load['before']} before, {load['after']} after.",
            "",
        ]
        if "events" in phase:
            e = phase["events"]
            lines += [
                f"PostgreSQL stop began at {e['stop_begin_s']} s (stopped at {e['stopped_s']} s), "
                f"start began at {e['start_begin_s']} s, accepting connections at {e['ready_s']} s.",
                "",
            ]
        lines += url_table(phase["per_url"], config["paths"])
        lines += ["", "Writes:", ""] + write_lines(phase["writes_check"])
        if "restart" in phase:
            r = phase["restart"]
            lines += [
                "",
                f"Errors: {r['error_statuses']}; outside the outage ± {r['grace_s']} s: "
                f"**{r['errors_outside_outage']}**; 5xx other than 503: "
                f"{r['server_errors_other_than_503']}; connection errors: {r['connection_errors']}; "
                f"stack traces in error bodies: {r['stack_traces_in_error_bodies']}.",
                f"First success {r['first_success_after_back_s']} s after PostgreSQL was back, last "
                f"error {r['last_error_after_back_s']} s after; "
                f"of {r['requests_started_after_back_plus_grace']:,} requests started more than "
                f"{r['grace_s']} s after, {r['of_which_succeeded']:,} succeeded.",
                "",
                "Timeline (answers completed in each second, by status):",
                "",
            ]
            lines += timeline_table(phase["timeline"])
    server = output["gunicorn"]
    lines += [
        "",
        f"gunicorn: master still running at the end: {server['master_still_running']}; "
        f"worker timeouts in its log: {server['worker_timeouts_in_log']}; tracebacks: "
        f"{server['tracebacks_in_log']}.",
    ]
    verdict = output["verdict"]
    lines += ["", "## Verdict", ""]
    lines += [f"- {'PASS' if passed else 'FAIL'}: {name}" for name, passed in verdict.items()]
    return "\n".join(lines) + "\n"
