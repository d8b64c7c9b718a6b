"""The resilience drill's verdicts (benchmarks/drill_report.py, drill_writes.py) can fail.

The drill itself needs a private PostgreSQL and minutes of load, so it is not run here; these
tests feed its checks made-up records and make sure a 500, an error after recovery, a lost write
or a half-applied one each turn into a failed check.
"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import drill_report  # noqa: E402
import drill_writes  # noqa: E402

EVENTS = {"stop_begin_s": 20.0, "stopped_s": 20.5, "start_begin_s": 30.0, "ready_s": 30.5}


def read(start, end, status, key="home", body=""):
    return {"key": key, "start": start, "end": end, "status": status, "error": "", "body": body}


def write(kind, target, value, when, status):
    return {
        "kind": kind,
        "target": target,
        "value": value,
        "start": when[0],
        "end": when[1],
        "status": status,
        "error": "",
        "body": "",
    }


def test_503s_during_the_outage_and_200s_after_pass():
    records = [read(19, 19.5, 200), read(21, 21.1, 503), read(29, 30.2, 503), read(33, 34, 200)]
    check = drill_report.restart_check(records, [], EVENTS)
    assert check["errors_outside_outage"] == 0
    assert check["server_errors_other_than_503"] == 0
    assert check["of_which_succeeded"] == check["requests_started_after_back_plus_grace"] == 1


def test_an_error_long_after_recovery_is_flagged():
    records = [read(21, 21.1, 503), read(40, 40.2, 503), read(41, 41.5, None)]
    check = drill_report.restart_check(records, [], EVENTS)
    assert check["errors_outside_outage"] == 2
    assert check["connection_errors"] == 1
    assert check["of_which_succeeded"] == 0


def test_a_500_or_a_traceback_during_the_outage_is_flagged():
    records = [read(21, 21.1, 500, body="Traceback (most recent call last):")]
    check = drill_report.restart_check(records, [], EVENTS)
    assert check["errors_outside_outage"] == 0
    assert check["server_errors_other_than_503"] == 1
    assert check["stack_traces_in_error_bodies"] == 1


def test_per_url_counts_statuses_and_connection_errors():
    rows = [read(0, 0.1, 200), read(0, 0.3, 304), read(1, 1.2, None, key="api_list")]
    table = drill_report.per_url(rows, {"home": "Overview", "api_list": "API list"}, 2)
    assert table["home"]["statuses"] == {"200": 1, "304": 1}
    assert table["api_list"]["connection_errors"] == 1
    assert table["all"]["requests"] == 3


@pytest.fixture
def database(monkeypatch):
    """What drill_writes reads back from PostgreSQL, set by each test."""
    held = {}
    monkeypatch.setattr(drill_writes, "stored", lambda url, writes: held)
    return held


def test_acknowledged_writes_must_be_there_with_their_value(database):
    writes = [
        write("case-summary", "a", "new a", (1, 2), 200),
        write("quotation", "q", "words", (1, 2), 201),
    ]
    database.update({("case-summary", "a"): ("new a",), ("quotation", "q"): ("words", 2)})
    assert drill_writes.check("", writes, {"a": "old a"}, 2)["acknowledged_present"] == 2

    database[("case-summary", "a")] = ("old a",)  # acknowledged, then lost
    del database[("quotation", "q")]
    check = drill_writes.check("", writes, {"a": "old a"}, 2)
    assert check["acknowledged_present"] == 0
    assert len(check["acknowledged_missing"]) == 2


def test_a_failed_quotation_without_its_findings_is_half_applied(database):
    writes = [
        write("quotation", "q1", "words", (21, 21.5), 503),
        write("quotation", "q2", "more", (22, 22.5), 503),
        write("case-summary", "b", "new b", (23, 23.5), 503),
    ]
    database.update({("quotation", "q1"): ("words", 1), ("case-summary", "b"): ("old b",)})
    check = drill_writes.check("", writes, {"b": "old b"}, 2, EVENTS)
    assert check["failed_half_applied"] == 1
    assert check["failed_not_applied"] == 2
