#!/usr/bin/env python3
"""Fetch a filtered list of cases from the Rallying API and write it as CSV.

Uses only the Python standard library (3.11+). It follows the API's pages (`next`), waits when
the API says it is busy (429 with Retry-After), and stops with the API's own message on a bad
request.

Examples:

    python examples/fetch_cases.py https://rallying.example.org \\
        --typology collaborative-markets --sector charity -o cases.csv

    python examples/fetch_cases.py http://127.0.0.1:8000 --region north-west --region london \\
        --q housing --columns slug,name,region,typology,typology_basis

Several values of one filter match any of them (OR); different filters must all match (AND),
as on the site's case list. Values are slugs: see /api/codebook/ for every one.
"""

import argparse
import csv
import email.utils
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

# Filters of /api/cases/ (the same as the web page /cases/); each may be given several times.
FILTERS = (
    "study",
    "typology",
    "sector",
    "region",
    "nation",
    "accountability",
    "policy_area",
    "funding_model",
    "permanence",
    "status",
    "basis",
    "finding",
)
LIST_SEPARATOR = " | "
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
USER_AGENT = "rallying-fetch-cases/1.0 (Python urllib)"


def _slugs(case: dict, key: str, target: str | None) -> str:
    return LIST_SEPARATOR.join(
        (link[target]["slug"] if target else link["slug"]) for link in case[key]
    )


def _typology(case: dict, part: str) -> str:
    """The case's types, one per study that gives one, joined; "none" when no study does."""
    typed = [c for c in case["classifications"] if c["type"]]
    if not typed:
        return "none" if part == "slug" else ""
    if part in ("slug", "label"):
        return LIST_SEPARATOR.join(c["type"][part] for c in typed)
    return LIST_SEPARATOR.join(c["citation"][part] or "" for c in typed)


# Column name -> how to read it from one case of the API's JSON.
COLUMNS = {
    "slug": lambda c: c["slug"],
    "name": lambda c: c["name"],
    "url": lambda c: c["html_url"],
    "api_url": lambda c: c["url"],
    "sector": lambda c: c["sector"]["slug"],
    "sector_label": lambda c: c["sector"]["label"],
    "region": lambda c: c["region"]["slug"],
    "region_label": lambda c: c["region"]["label"],
    "nation": lambda c: c["region"]["nation"]["slug"],
    "place_label": lambda c: c["place_label"],
    "latitude": lambda c: c["latitude"],
    "longitude": lambda c: c["longitude"],
    "studies": lambda c: _slugs(c, "classifications", "study"),
    "typology": lambda c: _typology(c, "slug"),
    "typology_label": lambda c: _typology(c, "label"),
    "typology_basis": lambda c: _typology(c, "basis"),
    "typology_reason": lambda c: _typology(c, "reason"),
    "typology_source": lambda c: _typology(c, "source"),
    "lead_organisation": lambda c: c["lead_organisation"],
    "initiative_name": lambda c: c["initiative_name"],
    "funding_model": lambda c: (c["funding_model"] or {}).get("slug", ""),
    "started": lambda c: c["started"],
    "permanence": lambda c: c["permanence"],
    "status": lambda c: c["status"]["value"],
    "status_as_of": lambda c: c["status"]["as_of"] or "",
    "accountability": lambda c: _slugs(c, "accountability", "mode"),
    "policy_areas": lambda c: _slugs(c, "policy_areas", "policy_area"),
    "findings": lambda c: _slugs(c, "findings", None),
    "quotations": lambda c: _slugs(c, "quotations", None),
    "summary": lambda c: c["summary"],
}
NUMERIC = {"latitude", "longitude", "started"}
# Columns read from what a list gives only with expand=full.
FULL_RECORD_COLUMNS = {"quotations"}
DEFAULT_COLUMNS = "slug,name,sector,region,typology,typology_basis"


class APIError(Exception):
    """The API refused the request; the message is the API's own."""


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Fetch a filtered list of Rallying cases from the API and write it as CSV.",
        epilog="Several values of one filter are OR; different filters are AND. "
        "Values are slugs: see BASE_URL/api/codebook/.",
    )
    parser.add_argument("base_url", help="The site's address, e.g. http://127.0.0.1:8000")
    for name in FILTERS:
        parser.add_argument(
            "--" + name.replace("_", "-"),
            dest=name,
            action="append",
            default=[],
            metavar="SLUG",
            help=f"Only cases with this {name.replace('_', ' ')} (repeat for several).",
        )
    parser.add_argument("--q", help="Free-text search.")
    parser.add_argument("--sort", help="name (default), region, typology or started.")
    parser.add_argument(
        "--page-size", type=int, default=100, help="Cases per request, 1–200 (default 100)."
    )
    parser.add_argument(
        "--columns",
        default=DEFAULT_COLUMNS,
        help=f"Comma-separated columns (default {DEFAULT_COLUMNS}). Available: "
        + ", ".join(COLUMNS),
    )
    parser.add_argument(
        "-o", "--output", default="-", help="CSV file to write (default: standard output)."
    )
    parser.add_argument("--token", help="API token (not needed to read).")
    parser.add_argument(
        "--max-retries", type=int, default=5, help="How often to wait and retry on 429 (default 5)."
    )
    args = parser.parse_args(argv)
    args.columns = [c.strip() for c in args.columns.split(",") if c.strip()]
    unknown = [c for c in args.columns if c not in COLUMNS]
    if unknown:
        parser.error(f"unknown column(s) {', '.join(unknown)}; available: {', '.join(COLUMNS)}")
    return args


def first_url(args: argparse.Namespace) -> str:
    params = [(name, value) for name in FILTERS for value in getattr(args, name)]
    for name in ("q", "sort"):
        if getattr(args, name):
            params.append((name, getattr(args, name)))
    params.append(("page_size", str(args.page_size)))
    if set(args.columns) & FULL_RECORD_COLUMNS:
        params.append(("expand", "full"))  # lists leave these out unless asked
    base = args.base_url.rstrip("/")
    return f"{base}/api/cases/?{urllib.parse.urlencode(params)}"


def retry_after_seconds(value: str | None, default: float = 5.0) -> float:
    """Retry-After is a number of seconds or an HTTP date."""
    if not value:
        return default
    if value.strip().isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    return max(0.0, when.timestamp() - time.time())


def api_message(body: bytes) -> str:
    """The API's error body ({"detail", "errors": {param: [...]}}) as readable lines."""
    try:
        data = json.loads(body)
    except ValueError:
        return body.decode("utf-8", "replace").strip() or "(no message)"
    lines = [str(data.get("detail", ""))] if isinstance(data, dict) else [str(data)]
    errors = data.get("errors", {}) if isinstance(data, dict) else {}
    for param, problems in errors.items():
        for problem in problems if isinstance(problems, list) else [problems]:
            lines.append(f"  {param}: {problem}")
    return "\n".join(line for line in lines if line)


def get_json(url: str, *, token: str | None, max_retries: int, log) -> dict:
    headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
    if token:
        headers["Authorization"] = f"Token {token}"
    for attempt in range(max_retries + 1):
        request = urllib.request.Request(url, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.load(response)
        except urllib.error.HTTPError as error:
            body = error.read()
            if error.code == 429 and attempt < max_retries:
                wait = retry_after_seconds(error.headers.get("Retry-After"))
                log(f"The API is busy (429); waiting {wait:.0f} s as it asks.")
                time.sleep(wait)
                continue
            raise APIError(f"{error.code} {error.reason} for {url}\n{api_message(body)}") from None
    raise AssertionError("unreachable")


def fetch_cases(args: argparse.Namespace, log=lambda message: None):
    """Yield every case of the filtered list, page after page."""
    url = first_url(args)
    while url:
        page = get_json(url, token=args.token, max_retries=args.max_retries, log=log)
        log(f"Fetched {len(page['results'])} of {page['count']} cases from {url}")
        yield from page["results"]
        url = page.get("next")


def cell(column: str, value) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula."""
    if value is None:
        return ""
    text = str(value)
    if column not in NUMERIC and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def write_csv(cases, columns: list[str], stream) -> int:
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(columns)
    count = 0
    for case in cases:
        writer.writerow([cell(column, COLUMNS[column](case)) for column in columns])
        count += 1
    return count


def main(argv=None) -> int:
    args = parse_args(argv)

    def log(message: str) -> None:
        print(message, file=sys.stderr)

    try:
        # Every page first, so that a refused request leaves no half-written file behind.
        cases = list(fetch_cases(args, log))
    except APIError as error:
        print(f"The API refused the request: {error}", file=sys.stderr)
        return 1
    except urllib.error.URLError as error:
        print(f"Could not reach {args.base_url}: {error.reason}", file=sys.stderr)
        return 1
    if args.output == "-":
        count = write_csv(cases, args.columns, sys.stdout)
    else:
        with open(args.output, "w", newline="", encoding="utf-8") as stream:
            count = write_csv(cases, args.columns, stream)
    log(f"Wrote {count} cases.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
