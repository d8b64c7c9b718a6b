"""The benchmark's summary as Markdown: one table per size, ratios, and the issue's targets."""

# Issue 5's targets at the largest size: endpoint → p50 limit in milliseconds.
P50_TARGETS_MS = {"list_json": 25, "html_list": 60, "search": 50, "detail": 15, "revalidate": 5}
PAGINATED = ("list_json", "search", "html_list", "facets")
SCALE_LIMIT = 1.5


def _ms(value) -> str:
    return "–" if value is None else f"{value:.1f}"


def _ratio(a, b) -> str:
    return "–" if a is None or b in (None, 0) else f"{a / b:.2f}"


def _get(cell, key):
    return None if cell is None else cell.get(key)


def size_table(results: dict) -> list[str]:
    lines = [
        "| Request | Rallying p50 / p95 ms | req/s | Datasette p50 / p95 ms | req/s "
        "| Static p50 / p95 ms | req/s | p50 R/D | req/s R/D | p50 R/S | req/s R/S |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in results.values():
        cells = [row["label"]]
        for server in ("rallying", "datasette", "static"):
            cell = row[server]
            cells.append(
                "n/a" if cell is None else f"{_ms(cell['p50_ms'])} / {_ms(cell['p95_ms'])}"
            )
            cells.append("n/a" if cell is None else _ms(cell["rps"]))
        r, d, s = row["rallying"], row["datasette"], row["static"]
        cells += [
            _ratio(_get(r, "p50_ms"), _get(d, "p50_ms")),
            _ratio(_get(r, "rps"), _get(d, "rps")),
            _ratio(_get(r, "p50_ms"), _get(s, "p50_ms")),
            _ratio(_get(r, "rps"), _get(s, "rps")),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "Bytes per response (Rallying / Datasette / static):", ""]
    for row in results.values():
        sizes = [
            "–" if row[server] is None else f"{row[server]['bytes_per_response']:,}"
            for server in ("rallying", "datasette", "static")
        ]
        statuses = ", ".join(
            f"{server} {row[server]['statuses']}"
            for server in ("rallying", "datasette", "static")
            if row[server] is not None
        )
        lines.append(f"- {row['label']}: {' / '.join(sizes)} (statuses: {statuses})")
    return lines


def targets(output: dict) -> list[str]:
    sizes = sorted(output["runs"], key=int)
    small, large = output["runs"][sizes[0]], output["runs"][sizes[-1]]
    results = large["results"]
    lines = [
        f"| Target (at {int(sizes[-1]):,} cases) | Measured | Met? |",
        "|---|---|---|",
    ]
    for key, limit in P50_TARGETS_MS.items():
        p50 = results[key]["rallying"]["p50_ms"]
        lines.append(
            f"| {results[key]['label']}: p50 ≤ {limit} ms | {_ms(p50)} ms | "
            f"{'yes' if p50 is not None and p50 <= limit else 'no'} |"
        )
    for key in PAGINATED:
        a = small["results"][key]["rallying"]["p50_ms"]
        b = results[key]["rallying"]["p50_ms"]
        ratio = b / a if a and b else None
        lines.append(
            f"| {results[key]['label']}: p50 at {int(sizes[-1]):,} ≤ {SCALE_LIMIT}× p50 at "
            f"{int(sizes[0]):,} | {_ratio(b, a)}× ({_ms(a)} → {_ms(b)} ms) | "
            f"{'yes' if ratio is not None and ratio <= SCALE_LIMIT else 'no'} |"
        )
    for key in ("html_list", "facets"):
        r, d = results[key]["rallying"]["rps"], results[key]["datasette"]["rps"]
        lines.append(
            f"| {results[key]['label']}: req/s ≥ Datasette's | {_ms(r)} vs {_ms(d)} | "
            f"{'yes' if r and d and r >= d else 'no'} |"
        )
    workers = large.get("gunicorn_workers") or []
    peak = max((w["peak_rss_mib"] for w in workers), default=None)
    lines.append(f"| Peak RSS of a gunicorn worker (reported) | {_ms(peak)} MiB | – |")
    return lines


def markdown(output: dict) -> str:
    machine, config = output["machine"], output["config"]
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {machine['cpu']}, {machine['cpus']} CPUs, {machine['memory']} memory; "
        f"{machine['os']}; Python {machine['python']}, PostgreSQL {machine['postgresql']} "
        f"(server random_page_cost {machine['postgresql_random_page_cost']}), SQLite "
        f"{machine['sqlite']}, "
        f"Django {machine['django']}, gunicorn {machine['gunicorn']}, Datasette "
        f"{machine['datasette']}. Load average at start {machine['load_average_at_start']}, "
        f"at end {machine.get('load_average_at_end')}.",
        "",
        f"Rallying: gunicorn, {config['gunicorn_workers']} {config['gunicorn_worker_class']} "
        f"workers, DEBUG off, cache: {config['cache']}, PostgreSQL random_page_cost "
        f"{config.get('random_page_cost', 'server default')} on its connections. Datasette: "
        "`datasette serve -i` "
        "(immutable), one process. Static: `python -m http.server` serving Rallying's own "
        f"responses. Load: {config['concurrency']} client threads, a new connection per request, "
        f"at most {config['max_requests']} requests or {config['max_seconds']} s per cell, "
        f"after 5 warm-up requests. Run took {output.get('duration_s')} s.",
        "",
        "R/D = Rallying ÷ Datasette, R/S = Rallying ÷ static. For p50 lower is better (a ratio "
        "above 1 means Rallying is slower); for req/s higher is better.",
    ]
    for size, run in sorted(output["runs"].items(), key=lambda item: int(item[0])):
        build = ", ".join(f"{k} {v}" for k, v in run["build"].items())
        lines += ["", f"## {int(size):,} cases", "", f"Build: {build}.", ""]
        lines += size_table(run["results"])
        workers = run.get("gunicorn_workers") or []
        if workers:
            peaks = ", ".join(f"{w['peak_rss_mib']} MiB" for w in workers)
            lines += ["", f"gunicorn workers' peak RSS (VmHWM): {peaks}."]
    lines += ["", "## Targets", ""] + targets(output)
    return "\n".join(lines) + "\n"
