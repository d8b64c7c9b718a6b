"""The benchmark's summary as Markdown: a table per size, the ratios, and each target met or missed."""

import math

SERVERS = {
    "cached": "Rallying cached",
    "cold": "Rallying cold",
    "nginx": "Rallying behind nginx",
    "static": "nginx, static file",
    "datasette": "Datasette",
}
# The targets, on requests per second at every size and on the cold p50's growth with the data.
VS_DATASETTE = ("list_json", "facets", "detail", "search", "csv")
COLD_VS_DATASETTE = 1.0
CACHED_VS_DATASETTE = 10.0
NGINX_VS_STATIC = 0.8
SCALED = ("list_json", "deep_page", "detail", "case_html", "search")
SCALE_LIMIT = 1.5


def _number(value) -> str:
    if value is None:
        return "–"
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def _ratio(a, b) -> float | None:
    return None if a is None or not b else a / b


def _get(cell, key):
    return None if cell is None else cell.get(key)


def _troubled(cell) -> bool:
    """Answers other than the expected 200 or 304, or failed connections: the figures then are
    not of the request they name."""
    if cell is None:
        return False
    expected = 304 if cell.get("headers") else 200
    return bool(cell["non_2xx_3xx"] or cell["socket_errors"] or cell["probe"]["status"] != expected)


def _verdict(value: float | None, limit: float, *, at_most: bool = False) -> str:
    if value is None:
        return "– (not measured)"
    met = value <= limit if at_most else value >= limit
    if not met:  # rounded away from the limit, so that 0.797 is not shown as a missed 0.80
        value = math.ceil(value * 100) / 100 if at_most else math.floor(value * 100) / 100
    return f"{value:.2f}× {'met' if met else '**missed**'}"


def _flag(*cells) -> str:
    return " ⚠" if any(_troubled(cell) for cell in cells) else ""


def _cell(cell) -> str:
    if cell is None:
        return "n/a"
    text = f"{_number(cell['rps'])} · {_number(cell['p50_ms'])} / {_number(cell['p99_ms'])}"
    return text + _flag(cell)


def size_section(size: str, run: dict) -> list[str]:
    results = run["results"]
    build = ", ".join(f"{k} {v}" for k, v in run["build"].items())
    lines = [
        "",
        f"## {int(size):,} cases",
        "",
        f"Build: {build}.",
        "",
        "Requests/s · p50 / p99 ms (⚠: see the answers below the tables).",
        "",
        "| Request | " + " | ".join(SERVERS.values()) + " |",
        "|---" * (len(SERVERS) + 1) + "|",
    ]
    for row in results.values():
        lines.append(f"| {row['label']} | " + " | ".join(_cell(row.get(s)) for s in SERVERS) + " |")
    lines += [
        "",
        "| Request | req/s cold ÷ Datasette | req/s cached ÷ Datasette | req/s nginx ÷ static "
        "| nginx's cache (requests) |",
        "|---|---|---|---|---|",
    ]
    for key, row in results.items():
        rps = {server: _get(row.get(server), "rps") for server in SERVERS}
        cold = _ratio(rps["cold"], rps["datasette"])
        cached = _ratio(rps["cached"], rps["datasette"])
        edge = _ratio(rps["nginx"], rps["static"])
        targeted = key in VS_DATASETTE
        nginx = row.get("nginx")
        cells = [
            (_verdict(cold, COLD_VS_DATASETTE) if targeted else _plain(cold))
            + _flag(row.get("cold"), row.get("datasette")),
            (_verdict(cached, CACHED_VS_DATASETTE) if targeted else _plain(cached))
            + _flag(row.get("cached"), row.get("datasette")),
            _verdict(edge, NGINX_VS_STATIC) + _flag(nginx, row.get("static")),
            _cache(nginx),
        ]
        lines.append(f"| {row['label']} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Answers (status and body bytes of one fetch after each load; Cache-Control):",
        "",
    ]
    for row in results.values():
        parts = []
        for server, name in SERVERS.items():
            cell = row.get(server)
            if cell is None:
                continue
            probe = cell["probe"]
            text = f"{name} {probe['status']}, {probe['body_bytes']:,} B"
            if cell["non_2xx_3xx"]:
                text += f", **{cell['non_2xx_3xx']:,} of {cell['requests']:,} not 2xx/3xx**"
            if cell["socket_errors"]:
                text += f", **socket errors {cell['socket_errors']}**"
            parts.append(text)
        control = _get(row.get("cached"), "probe") or {}
        parts.append(f"Cache-Control `{control.get('Cache-Control', 'none')}`")
        lines.append(f"- {row['label']}: " + "; ".join(parts))
    workers = run.get("gunicorn_workers") or []
    if workers:
        peaks = ", ".join(f"{w['peak_rss_mib']} MiB" for w in workers)
        cold = ", ".join(f"{w['peak_rss_mib']} MiB" for w in run.get("cold_gunicorn_workers") or [])
        lines += ["", f"gunicorn workers' peak RSS (VmHWM): cached {peaks}; cold {cold or '–'}."]
    return lines


def _cache(cell) -> str:
    """How nginx answered the cell's requests, warm-up included, from its access log."""
    if not cell or not cell.get("cache"):
        return "–"
    counts = cell["cache"]
    hits = counts.get("HIT", 0) / sum(counts.values())
    others = ", ".join(f"{k} {v:,}" for k, v in sorted(counts.items()) if k != "HIT")
    return f"HIT {hits:.1%}" + (f" ({others})" if others else "")


def _plain(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}×"


def targets(output: dict) -> tuple[list[str], int, int]:
    sizes = sorted(output["runs"], key=int)
    runs = [output["runs"][size]["results"] for size in sizes]
    labels = {key: request["label"] for key, request in output["config"]["requests"].items()}
    verdicts = []
    header = "| Target | Request | " + " | ".join(f"{int(s):,} cases" for s in sizes) + " |"
    lines = [header, "|---|---|" + "---|" * len(sizes)]
    families = (
        (f"cold req/s ≥ {COLD_VS_DATASETTE:g}× Datasette's", VS_DATASETTE, "cold", "datasette",
         COLD_VS_DATASETTE),
        (f"cached req/s ≥ {CACHED_VS_DATASETTE:g}× Datasette's", VS_DATASETTE, "cached",
         "datasette", CACHED_VS_DATASETTE),
        (f"behind nginx req/s ≥ {NGINX_VS_STATIC:g}× nginx serving a static file",
         tuple(runs[0]), "nginx", "static", NGINX_VS_STATIC),
    )  # fmt: skip
    for title, keys, server, baseline, limit in families:
        for key in keys:
            cells = []
            for results in runs:
                measured, base = results[key].get(server), results[key].get(baseline)
                value = _ratio(_get(measured, "rps"), _get(base, "rps"))
                cells.append(_verdict(value, limit) + _flag(measured, base))
                verdicts.append(value is not None and value >= limit)
            lines.append(f"| {title} | {labels[key]} | " + " | ".join(cells) + " |")
    lines += [
        "",
        f"| Target: cold p50 at {int(sizes[-1]):,} ≤ {SCALE_LIMIT:g}× cold p50 at "
        f"{int(sizes[0]):,} | cold p50 at {int(sizes[0]):,} | at {int(sizes[-1]):,} | ratio |",
        "|---|---|---|---|",
    ]
    for key in SCALED:
        small, large = runs[0][key].get("cold"), runs[-1][key].get("cold")
        value = _ratio(_get(large, "p50_ms"), _get(small, "p50_ms"))
        verdicts.append(value is not None and value <= SCALE_LIMIT)
        lines.append(
            f"| {labels[key]} | {_number(_get(small, 'p50_ms'))} ms "
            f"| {_number(_get(large, 'p50_ms'))} ms "
            f"| {_verdict(value, SCALE_LIMIT, at_most=True)}{_flag(small, large)} |"
        )
    return lines, sum(verdicts), len(verdicts)


def markdown(output: dict) -> str:
    machine, config = output["machine"], output["config"]
    load = config["load"]
    target_lines, met, total = targets(output)
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {machine['cpu']}, {machine['cpus']} CPUs, {machine['memory']} memory; "
        f"{machine['os']}; Python {machine['python']}, PostgreSQL {machine['postgresql']} "
        f"(server random_page_cost {machine['postgresql_random_page_cost']}), SQLite "
        f"{machine['sqlite']}, Django {machine['django']}, gunicorn {machine['gunicorn']}, "
        f"Datasette {machine['datasette']}, {machine['nginx']}, {machine['wrk']}. "
        f"Load average at start {_loads(machine['load_average_at_start'])}, at end "
        f"{_loads(machine.get('load_average_at_end'))}. Run took {output.get('duration_s')} s.",
        "",
        f"Load: wrk, {load['connections']} keep-alive connections on {load['threads']} threads, "
        f"{load['seconds']:g} s per cell after a {load['warmup_seconds']:g} s warm-up, the same "
        "for every cell; the servers one after the other for each request. Client, servers and "
        "PostgreSQL share the machine.",
        "",
        f"Rallying cached: gunicorn, {config['gunicorn_workers']} "
        f"{config['gunicorn_worker_class']} workers as `make serve` runs them, DEBUG off, cache: "
        f"{config['cache']}, PostgreSQL random_page_cost {config['random_page_cost']} on its "
        "connections. Rallying cold: the same with ANSWER_CACHE=0 (no stored answers; Redis keeps "
        "the throttles' counts). Behind nginx: deploy/nginx/rallying.conf in front of the cached "
        "server. nginx, static file: the same nginx serving Rallying's answer (as fetched through "
        "it) saved as a file. Datasette: `datasette serve -i` (immutable), one process, on the same data in "
        "SQLite.",
        "",
        f"**Targets met: {met} of {total}.**",
    ]
    for size, run in sorted(output["runs"].items(), key=lambda item: int(item[0])):
        lines += size_section(size, run)
    lines += ["", "## Targets", ""] + target_lines
    return "\n".join(lines) + "\n"


def _loads(values) -> str:
    return "–" if not values else ", ".join(f"{v:.2f}" for v in values)
