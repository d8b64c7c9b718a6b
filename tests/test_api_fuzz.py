"""A property-based fuzz of the whole API, generated from its own OpenAPI schema (schemathesis).

The schema is read from the Django app at /api/schema/ and its requests are sent to the app over
WSGI (no network, no server), with the real dataset loaded. Every operation gets schemathesis's
three phases: the schema's examples, the coverage phase (boundary values, each parameter missing
or broken, methods the operation does not have) and the fuzzing phase (data that fits the schema
and data that breaks it). Every schemathesis check runs on every answer, among them: nothing
answers 5xx; data the schema accepts is accepted and data it refuses is refused; answers, status
codes, content types and headers are the documented ones; a method an operation lacks is a 405;
an operation that declares authentication enforces it. (Each operation is run on its own: the
stateful phase, which chains operations, and its checks are not part of this test.)

Reads are sent anonymously: the schema says they need no credentials. Writes are sent with a
staff token: each is saved (2xx), or refused with a 400 that says why, or meets a 404 for a
record that does not exist; never a 5xx. A comparison of cases that fit the schema may name a case
that does not exist (a 400); the schema's example names cases that do. An NDJSON answer has every
line checked against the schema, which documents one line.

Bounded (EXAMPLES per operation and generation mode in the fuzzing phase, no shrinking) and
seeded, so every run sends the same requests (about 3,700, some 40 seconds on two cores).
"""

import json
import time
from collections import Counter

import hypothesis
import pytest
import schemathesis
from django.contrib.auth.models import User
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.throttling import AnonRateThrottle
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.core.transport import Response

# Builds each operation's tests as schemathesis.pytest.from_fixture does; from_fixture itself
# reads a test node attribute (`_nodeid`) that pytest 9 no longer has.
from schemathesis.pytest.lazy import get_all_tests

from releases.services import release_publish

EXAMPLES = 50  # per operation and generation mode, in the fuzzing phase
SEED = 20261
WRITES = ("POST", "PUT", "PATCH", "DELETE")
IDENTIFIERS = 5  # existing records per detail route, sent alongside generated identifiers
EXISTING = 0.75  # how often a generated identifier is replaced by an existing one
COMPARE = "/api/cases/compare/"
SETTINGS = hypothesis.settings(
    deadline=None,
    database=None,
    suppress_health_check=list(hypothesis.HealthCheck),
)


@schemathesis.deserializer("application/x-ndjson")
def ndjson_lines(ctx, response):
    """Each line of an NDJSON list, checked against the schema as an answer of its own (the schema
    documents one line, rallying/ndjson.py); the first is returned to be checked as the answer."""
    lines = response.content.decode("utf-8").split("\n")
    if lines[-1] != "":
        raise ValueError("The last line does not end with a line feed.")
    if len(lines) == 1:
        raise NotImplementedError("An empty list: no line to check.")
    for line in lines[1:-1]:
        ctx.operation.validate_response(
            Response(
                status_code=response.status_code,
                headers=response.headers,
                content=f"{line}\n".encode(),
                request=response.request,
                elapsed=response.elapsed,
                verify=response.verify,
            )
        )
    return json.loads(lines[0])


def fuzz_config(identifiers: dict[str, tuple[str, list]]) -> schemathesis.Config:
    """Bounded, seeded phases; what each kind of operation must answer; existing records."""
    operations = [
        {
            # First, as the first of several matching entries wins: the schema cannot say which
            # slugs exist, so a comparison that fits it may be a 400 naming `case`.
            "include-path": COMPARE,
            "checks": {"positive_data_acceptance": {"expected-statuses": ["200", "400"]}},
        },
        {
            # A read that fits the schema finds its record or page, or there is none.
            "include-method": "GET",
            "checks": {
                "positive_data_acceptance": {"expected-statuses": ["200", "404"]},
                "negative_data_rejection": {"expected-statuses": ["400", "404"]},
            },
        },
        {
            # A staff write is saved, or refused with a 400 saying what is wrong, or its record
            # does not exist. Valid data may be refused: the schema cannot say which slugs exist,
            # nor every rule of a record (an inference needs its reason). Invalid data is never
            # saved: a value of another JSON type than the schema's is refused, not converted
            # (cases/write_serializer.py).
            "include-method": list(WRITES),
            "checks": {
                "positive_data_acceptance": {"expected-statuses": ["2xx", "400", "404"]},
                "negative_data_rejection": {"expected-statuses": ["400", "404"]},
            },
            # Writes' broken bodies come from the fuzzing phase, which keeps the run short.
            "phases": {"coverage": {"generation": {"mode": "positive"}}},
        },
    ]
    dictionaries = {}
    for number, (path, (name, values)) in enumerate(sorted(identifiers.items())):
        dictionary = f"records-{number}"
        dictionaries[dictionary] = {"values": values}
        # Most reads and writes of a record name one that exists, so that the answer is checked
        # and a write meets the serializer rather than a 404; the others name none.
        binding = {"dictionary": dictionary, "probability": EXISTING}
        operations.append({"include-path": path, "parameters": {f"path.{name}": binding}})
    return schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "generation": {
                "max-examples": EXAMPLES,
                "deterministic": True,
                "no-shrink": True,  # a failure is reported as found, with its curl command
                "database": "none",
            },
            "phases": {
                "examples": {"enabled": True},
                "coverage": {"enabled": True},
                "fuzzing": {"enabled": True},
                "stateful": {"enabled": False},
            },
            "dictionaries": dictionaries,
            "operations": operations,
        }
    )


def existing_identifiers(client) -> dict[str, tuple[str, list]]:
    """For each detail route, its path parameter and the identifiers on the first page of its list."""
    found = {}
    for path in client.get("/api/schema/", {"format": "json"}).json()["paths"]:
        list_path, brace, rest = path.partition("{")
        if not brace:
            continue
        name = rest.partition("}")[0]
        rows = client.get(list_path, {"page_size": IDENTIFIERS}).json()["results"]
        found[path] = (name, [row.get(name, row.get("slug")) for row in rows])
    return found


@pytest.fixture
def api_schema(dataset, client, settings, monkeypatch):
    """The API's schema from the app itself, ready to send requests to the app in-process."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]  # schemathesis' WSGI host
    # DRF copies the rates onto the throttle class at import, so raise them there: thousands of
    # anonymous requests a minute must not meet a 429.
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "1000000/minute"})
    # A release, so that /api/releases/{version}/ has a record to answer with.
    release_publish(
        version="1.0",
        published_on=timezone.localdate(),
        notes="The dataset as the fuzz finds it.",
        base_url="http://testserver",
    )
    config = fuzz_config(existing_identifiers(client))
    # As Django's test client does: a request must not close the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi(
            "/api/schema/?format=json", get_wsgi_application(), config=config
        )
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def staff_token(db) -> str:
    editor = User.objects.create_user("fuzz-editor", is_staff=True)
    return Token.objects.create(user=editor).key


def test_the_api_answers_as_its_schema_says(api_schema, staff_token, subtests):
    load_all_checks()
    checks = CHECKS.get_all()
    statuses: dict[str, Counter] = {}

    def send(case):
        headers = {"Authorization": f"Token {staff_token}"} if case.method in WRITES else None
        response = case.call_and_validate(headers=headers, checks=checks)
        statuses.setdefault(case.operation.label, Counter())[response.status_code] += 1

    seconds: dict[str, float] = {}
    for result in get_all_tests(
        schema=api_schema, test_func=send, settings=SETTINGS, given_kwargs={}
    ):
        operation, run_examples = result.ok()
        started = time.monotonic()
        with subtests.test(operation.label):
            run_examples()
        seconds[operation.label] = time.monotonic() - started

    print_statistics(statuses, seconds)
    operations = len(seconds)
    assert operations >= 35, "every list, record, facet, codebook and write operation"
    reads = [label for label in statuses if label.startswith("GET ")]
    never_ok = [label for label in reads if not statuses[label][200]]
    assert not never_ok, f"no example reached a 200, so its answer went unchecked: {never_ok}"


def print_statistics(statuses: dict[str, Counter], seconds: dict[str, float]) -> None:
    """Shown with `pytest -s`: how many requests each operation got, by status code."""
    total = sum(sum(counts.values()) for counts in statuses.values())
    elapsed = sum(seconds.values())
    print(f"\nFuzzed {len(seconds)} operations with {total} requests in {elapsed:.1f}s")
    for label in sorted(seconds):
        counts = statuses.get(label, Counter())
        codes = ", ".join(f"{code}×{n}" for code, n in sorted(counts.items()))
        print(f"  {label}: {codes} ({seconds[label]:.1f}s)")


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
