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


SERVERS = ("rallying", "cold", "datasette", "static")


def size_table(results: dict) -> list[str]:
    lines = [
        "| Request | Rallying p50 / p95 ms | req/s | Rallying cold p50 / p95 ms | req/s "
        "| Datasette p50 / p95 ms | req/s | Static p50 / p95 ms | req/s "
        "| p50 R/D | req/s R/D | req/s cold/D | p50 R/S | req/s R/S |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in results.values():
        cells = [row["label"]]
        for server in SERVERS:
            cell = row.get(server)
            cells.append(
                "n/a" if cell is None else f"{_ms(cell['p50_ms'])} / {_ms(cell['p95_ms'])}"
            )
            cells.append("n/a" if cell is None else _ms(cell["rps"]))
        r, c, d, s = row["rallying"], row.get("cold"), row["datasette"], row["static"]
        cells += [
            _ratio(_get(r, "p50_ms"), _get(d, "p50_ms")),
            _ratio(_get(r, "rps"), _get(d, "rps")),
            _ratio(_get(c, "rps"), _get(d, "rps")),
            _ratio(_get(r, "p50_ms"), _get(s, "p50_ms")),
            _ratio(_get(r, "rps"), _get(s, "rps")),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "Bytes per response (Rallying / cold / Datasette / static):", ""]
    for row in results.values():
        sizes = [
            "–" if row.get(server) is None else f"{row[server]['bytes_per_response']:,}"
            for server in SERVERS
        ]
        statuses = ", ".join(
            f"{server} {row[server]['statuses']}"
            for server in SERVERS
            if row.get(server) is not None
        )
        lines.append(f"- {row['label']}: {' / '.join(sizes)} (statuses: {statuses})")
    return lines


def targets(output: dict) -> list[str]:
    sizes = sorted(output["runs"], key=int)
    small, large = output["runs"][sizes[0]], output["runs"][sizes[-1]]
    results = large["results"]
    lines = [
        f"| Target (at {int(sizes[-1]):,} cases) | Rallying | Met? | Rallying cold | Met? |",
        "|---|---|---|---|---|",
    ]
    for key, limit in P50_TARGETS_MS.items():
        cells = []
        for server in ("rallying", "cold"):
            p50 = _get(results[key].get(server), "p50_ms")
            cells += [f"{_ms(p50)} ms", "yes" if p50 is not None and p50 <= limit else "no"]
        lines.append(f"| {results[key]['label']}: p50 ≤ {limit} ms | " + " | ".join(cells) + " |")
    for key in PAGINATED:
        cells = []
        for server in ("rallying", "cold"):
            a = _get(small["results"][key].get(server), "p50_ms")
            b = _get(results[key].get(server), "p50_ms")
            ratio = b / a if a and b else None
            cells += [
                f"{_ratio(b, a)}× ({_ms(a)} → {_ms(b)} ms)",
                "yes" if ratio is not None and ratio <= SCALE_LIMIT else "no",
            ]
        lines.append(
            f"| {results[key]['label']}: p50 at {int(sizes[-1]):,} ≤ {SCALE_LIMIT}× p50 at "
            f"{int(sizes[0]):,} | " + " | ".join(cells) + " |"
        )
    for key in ("html_list", "facets"):
        d = results[key]["datasette"]["rps"]
        cells = []
        for server in ("rallying", "cold"):
            r = _get(results[key].get(server), "rps")
            cells += [f"{_ms(r)} vs {_ms(d)}", "yes" if r and d and r >= d else "no"]
        lines.append(
            f"| {results[key]['label']}: req/s ≥ Datasette's | " + " | ".join(cells) + " |"
        )
    workers = large.get("gunicorn_workers") or []
    peak = max((w["peak_rss_mib"] for w in workers), default=None)
    cold_peak = max(
        (w["peak_rss_mib"] for w in large.get("cold_gunicorn_workers") or []), default=None
    )
    lines.append(
        f"| Peak RSS of a gunicorn worker (reported) | {_ms(peak)} MiB | – | {_ms(cold_peak)} MiB | – |"
    )
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
        "Rallying cold: the same server with every cache off (ANSWER_CACHE=0, a cache that keeps "
        "nothing), i.e. the first read after a write. R/D = Rallying ÷ Datasette, cold/D = cold ÷ "
        "Datasette, R/S = Rallying ÷ static. For p50 lower is better (a ratio above 1 means "
        "Rallying is slower); for req/s higher is better.",
    ]
    for size, run in sorted(output["runs"].items(), key=lambda item: int(item[0])):
        build = ", ".join(f"{k} {v}" for k, v in run["build"].items())
        lines += ["", f"## {int(size):,} cases", "", f"Build: {build}.", ""]
        lines += size_table(run["results"])
        workers = run.get("gunicorn_workers") or []
        if workers:
            peaks = ", ".join(f"{w['peak_rss_mib']} MiB" for w in workers)
            cold = ", ".join(
                f"{w['peak_rss_mib']} MiB" for w in run.get("cold_gunicorn_workers") or []
            )
            lines += [
                "",
                f"gunicorn workers' peak RSS (VmHWM): {peaks}; cold server's: {cold or '–'}.",
            ]
    lines += ["", "## Targets", ""] + targets(output)
    return "\n".join(lines) + "\n"
