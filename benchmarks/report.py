"""The benchmark's summary as Markdown: a table per size, the ratios, and each target met or missed."""

import math

from stream_memory import TARGET_MB
from stream_memory import line as stream_line

SERVERS = {
    "cached": "Rallying cached",
    "cold": "Rallying cold",
    "nginx": "Rallying behind nginx",
    "static": "nginx, static file",
    "datasette": "Datasette",
}
VS_DATASETTE = ("list_json", "facets", "detail", "search", "csv")
# The targets on requests per second, at every size: (title, server, baseline, at least, requests
# it applies to; None: every request). The ratios table shows each ratio for every request.
RPS_TARGETS = (
    ("cold req/s ≥ 1× Datasette's", "cold", "datasette", 1.0, VS_DATASETTE),
    ("cached req/s ≥ 10× Datasette's", "cached", "datasette", 10.0, VS_DATASETTE),
    ("behind nginx req/s ≥ 0.8× nginx serving a static file", "nginx", "static", 0.8, None),
)
# The target on the cold p50's growth with the data, from the smallest size to the largest.
SCALED = ("list_json", "deep_page", "detail", "case_html", "search")
SCALE_LIMIT = 1.5


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def _number(value) -> str:
    if value is None:
        return "–"
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def _get(cell, key):
    return None if cell is None else cell.get(key)


def _ratio(cell, baseline, key: str) -> float | None:
    value, base = _get(cell, key), _get(baseline, key)
    return None if value is None or not base else value / base


def _flag(*cells) -> str:
    """⚠ where an answer was other than the expected 200 or 304, or connections failed: the
    figures then are not of the request they name."""
    for cell in cells:
        expected = 304 if cell and cell.get("headers") else 200
        if cell and (
            cell["non_2xx_3xx"] or cell["socket_errors"] or cell["probe"]["status"] != expected
        ):
            return " ⚠"
    return ""


def _verdict(value: float | None, limit: float, *, at_most: bool = False) -> str:
    if value is None:
        return "– (not measured)"
    met = value <= limit if at_most else value >= limit
    if not met:  # rounded away from the limit, so that 0.797 is not shown as a missed 0.80
        value = math.ceil(value * 100) / 100 if at_most else math.floor(value * 100) / 100
    return f"{value:.2f}× {'met' if met else '**missed**'}"


def _compare(row: dict, key: str, target: tuple) -> tuple[str, float | None]:
    """One request's ratio for one target, as shown, and its value."""
    _, server, baseline, limit, keys = target
    value = _ratio(row.get(server), row.get(baseline), "rps")
    if keys is None or key in keys:
        text = _verdict(value, limit)
    else:
        text = "–" if value is None else f"{value:.2f}×"
    return text + _flag(row.get(server), row.get(baseline)), value


def _cell(cell) -> str:
    if cell is None:
        return "n/a"
    rps, p50, p99 = (_number(cell[key]) for key in ("rps", "p50_ms", "p99_ms"))
    return f"{rps} · {p50} / {p99}{_flag(cell)}"


def _cache(cell) -> str:
    """How nginx answered the cell's requests, warm-up included, from its access log."""
    if not cell or not cell.get("cache"):
        return "–"
    counts = cell["cache"]
    hits = counts.get("HIT", 0) / sum(counts.values())
    others = ", ".join(f"{k} {v:,}" for k, v in sorted(counts.items()) if k != "HIT")
    return f"HIT {hits:.1%}" + (f" ({others})" if others else "")


def _answers(row: dict) -> str:
    parts = []
    for server, name in SERVERS.items():
        cell = row.get(server)
        if cell is None:
            continue
        text = f"{name} {cell['probe']['status']}, {cell['probe']['body_bytes']:,} B"
        if cell["non_2xx_3xx"]:
            text += f", **{cell['non_2xx_3xx']:,} of {cell['requests']:,} not 2xx/3xx**"
        if cell["socket_errors"]:
            text += f", **socket errors {cell['socket_errors']}**"
        parts.append(text)
    control = _get(row.get("cached"), "probe") or {}
    parts.append(f"Cache-Control `{control.get('Cache-Control', 'none')}`")
    return f"- {row['label']}: " + "; ".join(parts)


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
        _row("Request", *SERVERS.values()),
        "|---" * (len(SERVERS) + 1) + "|",
    ]
    for row in results.values():
        lines.append(_row(row["label"], *(_cell(row.get(server)) for server in SERVERS)))
    lines += [
        "",
        "| Request | req/s cold ÷ Datasette | req/s cached ÷ Datasette | req/s nginx ÷ static "
        "| nginx's cache (requests) |",
        "|---|---|---|---|---|",
    ]
    for key, row in results.items():
        ratios = [_compare(row, key, target)[0] for target in RPS_TARGETS]
        lines.append(_row(row["label"], *ratios, _cache(row.get("nginx"))))
    lines += [
        "",
        "Answers (status and body bytes of one fetch after each load; Cache-Control):",
        "",
    ]
    lines += [_answers(row) for row in results.values()]
    if run.get("stream"):
        lines += [
            "",
            f"NDJSON stream of every case (one worker of its own): {stream_line(run['stream'])}.",
        ]
    workers = run.get("gunicorn_workers") or []
    if workers:
        peaks = ", ".join(f"{w['peak_rss_mib']} MiB" for w in workers)
        cold = ", ".join(f"{w['peak_rss_mib']} MiB" for w in run.get("cold_gunicorn_workers") or [])
        lines += ["", f"gunicorn workers' peak RSS (VmHWM): cached {peaks}; cold {cold or '–'}."]
    return lines


def targets(output: dict) -> tuple[list[str], int, int]:
    """The targets' table (every size side by side), how many were met, and of how many."""
    sizes = sorted(output["runs"], key=int)
    runs = [output["runs"][size]["results"] for size in sizes]
    labels = {key: request["label"] for key, request in output["config"]["requests"].items()}
    verdicts = []
    lines = [
        _row("Target", "Request", *(f"{int(size):,} cases" for size in sizes)),
        "|---|---|" + "---|" * len(sizes),
    ]
    for target in RPS_TARGETS:
        title, limit, keys = target[0], target[3], target[4] or tuple(runs[0])
        for key in keys:
            compared = [_compare(results[key], key, target) for results in runs]
            verdicts += [value is not None and value >= limit for _, value in compared]
            lines.append(_row(title, labels[key], *(text for text, _ in compared)))
    small, large = int(sizes[0]), int(sizes[-1])
    lines += [
        "",
        f"| Target: cold p50 at {large:,} ≤ {SCALE_LIMIT:g}× cold p50 at {small:,} "
        f"| cold p50 at {small:,} | at {large:,} | ratio |",
        "|---|---|---|---|",
    ]
    for key in SCALED:
        first, last = runs[0][key].get("cold"), runs[-1][key].get("cold")
        value = _ratio(last, first, "p50_ms")
        verdicts.append(value is not None and value <= SCALE_LIMIT)
        lines.append(
            f"| {labels[key]} | {_number(_get(first, 'p50_ms'))} ms "
            f"| {_number(_get(last, 'p50_ms'))} ms "
            f"| {_verdict(value, SCALE_LIMIT, at_most=True)}{_flag(first, last)} |"
        )
    streams = [output["runs"][size].get("stream") for size in sizes]
    if streams[-1]:
        # The target is the largest size's; the smaller sizes' streams are shown beside it.
        verdicts.append(streams[-1]["met"])
        lines += [
            "",
            f"| Target: NDJSON stream of every case, a worker's peak < {TARGET_MB} MB "
            + "".join(f"| {int(size):,} cases " for size in sizes)
            + "|",
            "|---" * (len(sizes) + 1) + "|",
            "| `/api/cases/?format=ndjson`: lines, seconds, worker's peak (VmHWM) "
            + "".join(f"| {_stream(stream)} " for stream in streams)
            + "|",
        ]
    pack = output["runs"][sizes[-1]].get("pack_pdf")
    if pack:
        verdicts += [made["met"] for made in pack["packs"]]
        lines += [
            "",
            f"| Target: evidence pack PDF (/cases/pack.pdf, no answer cache), {large:,} cases in "
            "the database | pages | best of its runs | runs | target |",
            "|---|---|---|---|---|",
        ]
        for made in pack["packs"]:
            verdict = "met" if made["met"] else "**missed**"
            runs_s = ", ".join(f"{seconds:g}" for seconds in made["runs_s"])
            lines.append(
                f"| {made['cases']} cases | {made['pages']} | {made['best_s']:g} s | {runs_s} s "
                f"| < {made['target_s']:g} s {verdict} |"
            )
    return lines, sum(verdicts), len(verdicts)


def _stream(stream: dict | None) -> str:
    if not stream:
        return "– (not measured)"
    verdict = "met" if stream["met"] else "**missed**"
    return (
        f"{stream['lines']:,} of {stream['cases']:,}, {stream['seconds']:g} s, "
        f"{stream['peak_rss_mb']} MB {verdict}"
    )


def _loads(values) -> str:
    return "–" if not values else ", ".join(f"{v:.2f}" for v in values)


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
        "it) saved as a file. Datasette: `datasette serve -i` (immutable), one process, on the same "
        "data in SQLite.",
        "",
        f"**Targets met: {met} of {total}.**",
    ]
    for size, run in sorted(output["runs"].items(), key=lambda item: int(item[0])):
        lines += size_section(size, run)
    lines += ["", "## Targets", ""] + target_lines
    return "\n".join(lines) + "\n"
