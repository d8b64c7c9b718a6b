"""A property-based fuzz of the whole API, generated from its own OpenAPI schema (schemathesis).

The schema is read from the Django app at /api/schema/ over WSGI (no network, no server), with the
real dataset loaded. Every GET operation gets data that fits the schema (positive) and data that
breaks it (negative); detail routes are also tried with an identifier that exists, so their 200s
are checked too. Nothing may answer 5xx, and every documented response must match the schema.
Every write operation, sent without credentials, must be refused with 401 or 403 and change
nothing. Bounded and derandomized, so CI runs the same examples every time, in well under two
minutes.
"""

import time
from collections import Counter

import hypothesis
import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase
from rest_framework.throttling import AnonRateThrottle
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from cases.models import Case
from findings.models import CaseFinding, Quotation

EXAMPLES = 25  # per operation and generation mode
TIMES = {}
READ_CHECKS = [not_a_server_error, response_schema_conformance]


def fuzz_settings(max_examples: int = EXAMPLES) -> hypothesis.settings:
    return hypothesis.settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,  # the same examples on every run
        database=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )


@pytest.fixture
def api_schema(dataset, settings, monkeypatch):
    """The API's schema from the app itself, ready to send requests to the app in-process."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]  # schemathesis' WSGI host
    # DRF copies the rates onto the throttle class at import, so raise them there: a thousand
    # requests a minute must not meet a 429. The throttle's history lives in the cache.
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "100000/minute"})
    cache.clear()
    # As Django's test client does: a request must not close the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        cache.clear()


def existing_identifiers(schema) -> dict[str, dict[str, str]]:
    """For each detail path, the path parameters of a row that exists (the first of its list).

    Asked through schemathesis too: Django's test client would reconnect the signal handlers
    that the fixture took off."""
    found = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.method != "get" or "{" not in operation.path:
            continue
        list_path, _, rest = operation.path.partition("{")
        name = rest.partition("}")[0]
        listing = schema[list_path]["GET"].Case(query={"page_size": 1}).call()
        first = listing.json()["results"][0]
        found[operation.path] = {name: str(first.get(name, first.get("slug")))}
    return found


def run(operation, strategy, check, statuses: Counter, max_examples: int = EXAMPLES) -> None:
    started = time.monotonic()

    @fuzz_settings(max_examples)
    @hypothesis.given(case=strategy)
    def examples(case):
        response = case.call()
        statuses[response.status_code] += 1
        check(case, response)

    examples()
    TIMES[operation.label] = TIMES.get(operation.label, 0) + time.monotonic() - started


def test_no_read_errs_or_breaks_its_schema(api_schema):
    reads = api_schema.include(method="GET")
    existing = existing_identifiers(reads)
    seen: dict[str, Counter] = {}
    for result in reads.get_all_operations():
        operation = result.ok()
        statuses = seen.setdefault(operation.label, Counter())

        def check(case, response):
            case.validate_response(response, checks=READ_CHECKS)

        modes = [GenerationMode.POSITIVE]
        if len(operation.query):
            # A path segment is text whatever is sent, so only query parameters can be broken.
            modes.append(GenerationMode.NEGATIVE)
        for mode in modes:
            run(operation, operation.as_strategy(generation_mode=mode), check, statuses)
        if operation.path in existing:
            strategy = operation.as_strategy(path_parameters=existing[operation.path])
            run(operation, strategy, check, statuses)

    print_statistics("reads", seen)
    assert len(seen) >= 26, sorted(seen)  # every list and detail route, facets, codebook
    never_ok = [label for label, statuses in seen.items() if not statuses[200]]
    assert not never_ok, f"no example reached a 200, so its schema went unchecked: {never_ok}"


def test_writes_without_credentials_are_refused(api_schema):
    writes = api_schema.include(method=["POST", "PUT", "PATCH", "DELETE"])
    existing = existing_identifiers(api_schema.include(method="GET"))
    before = (Case.objects.count(), Quotation.objects.count(), CaseFinding.objects.count())
    seen: dict[str, Counter] = {}
    for result in writes.get_all_operations():
        operation = result.ok()
        statuses = seen.setdefault(operation.label, Counter())

        def check(case, response):
            assert response.status_code in (401, 403), (
                f"{case.method} {case.formatted_path} without credentials answered "
                f"{response.status_code}: {response.text[:300]}"
            )

        # On rows that exist: a random slug would only show that a missing row can't be changed.
        strategy = operation.as_strategy(path_parameters=existing.get(operation.path))
        run(operation, strategy, check, statuses, max_examples=10)

    print_statistics("writes", seen)
    assert len(seen) == 9  # create, replace and update cases, quotations and evidence links
    assert (Case.objects.count(), Quotation.objects.count(), CaseFinding.objects.count()) == before


def print_statistics(kind: str, seen: dict[str, Counter]) -> None:
    """Shown with `pytest -s`: how many examples each operation got, by status code."""
    total = sum(sum(statuses.values()) for statuses in seen.values())
    print(f"\nFuzzed {kind}: {len(seen)} operations, {total} requests")
    for label, statuses in sorted(seen.items()):
        codes = ", ".join(f"{code}×{n}" for code, n in sorted(statuses.items()))
        print(f"  {label}: {codes} ({TIMES.get(label, 0):.1f}s)")


# Found by the fuzz, kept as plain examples so the cause is plain when they fail.


@pytest.mark.parametrize("query", ["finding=%25", "sector=100%25", "typology=%25s&format=csv"])
def test_a_percent_sign_in_a_filter_value_is_a_400_not_a_500(client, dataset, query):
    """The unknown value goes into the error message, which django-filter then %-formats."""
    client.raise_request_exception = False
    response = client.get(f"/api/cases/?{query}")
    assert response.status_code == 400


@pytest.mark.parametrize("path", ["/api/cases/", "/api/cases/facets/"])
def test_a_nul_character_in_a_filter_value_is_a_400_not_a_500(client, dataset, path):
    """PostgreSQL refuses NUL in a query parameter: the value must be refused before the query."""
    client.raise_request_exception = False
    response = client.get(path, {"region": "north\x00west"})
    assert response.status_code == 400
    assert "region" in response.json()["errors"]
