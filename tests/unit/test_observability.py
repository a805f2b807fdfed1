"""The per-request record: one document that is both the log line and a valid EMF metrics document."""

from __future__ import annotations

import re
import time
from types import SimpleNamespace

import pytest

from billy_mcp.observability import COUNT, MILLISECONDS, RequestRecorder

CONTEXT = SimpleNamespace(
    function_name="billy-mcp",
    memory_limit_in_mb=512,
    invoked_function_arn="arn:aws:lambda:eu-west-1:000000000000:function:billy-mcp",
    aws_request_id="req-1",
)


def test_cold_start_is_counted_once_and_said_in_the_line() -> None:
    recorder = RequestRecorder("svc", "Ns")
    first = recorder.record({"outcome": "ok"}, [("Requests", COUNT, 1)], CONTEXT)
    second = recorder.record({"outcome": "ok"}, [("Requests", COUNT, 1)], CONTEXT)
    assert first["ColdStart"] == 1 and first["cold_start"] is True
    assert "ColdStart" not in second and second["cold_start"] is False
    names = [m["Name"] for m in first["_aws"]["CloudWatchMetrics"][0]["Metrics"]]
    assert names == ["Requests", "ColdStart"]


def test_the_record_is_valid_emf_and_drops_empty_log_fields() -> None:
    recorder = RequestRecorder("svc", "Ns")
    line = recorder.record(
        {"tenant": None, "tool": "list-invoices-tool", "billy_status": None},
        [("Requests", COUNT, 1), ("BillyLatency", MILLISECONDS, 12.5)],
        CONTEXT,
    )
    assert "tenant" not in line and "billy_status" not in line and line["tool"] == "list-invoices-tool"
    [directive] = line["_aws"]["CloudWatchMetrics"]
    assert directive == {
        "Namespace": "Ns",
        "Dimensions": [["service"]],
        "Metrics": [
            {"Name": "Requests", "Unit": "Count"},
            {"Name": "BillyLatency", "Unit": "Milliseconds"},
            {"Name": "ColdStart", "Unit": "Count"},
        ],
    }
    assert line["service"] == "svc" and line["BillyLatency"] == 12.5 and line["Requests"] == 1
    assert abs(line["_aws"]["Timestamp"] / 1000 - time.time()) < 5
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", line["timestamp"])
    assert line["function_request_id"] == "req-1" and line["function_memory_size"] == 512


def test_function_fields_come_from_the_first_real_context() -> None:
    recorder = RequestRecorder("svc", "Ns")
    without = recorder.record({}, [], None)
    later = recorder.record({}, [], CONTEXT)
    assert "function_name" not in without and later["function_name"] == "billy-mcp"


def test_metrics_can_be_switched_off_and_then_nothing_is_written_above_info(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from billy_mcp.config import settings
    from billy_mcp.observability import logger

    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "true")
    settings.cache_clear()
    recorder = RequestRecorder("svc", "Ns")
    try:
        line = recorder.record({"outcome": "ok"}, [("Requests", COUNT, 1)], CONTEXT)
        assert line["message"] == "mcp request" and "_aws" not in line and "Requests" not in line
        logger.setLevel("WARNING")
        assert recorder.record({"outcome": "ok"}, [("Requests", COUNT, 1)], CONTEXT) == {}
    finally:
        logger.setLevel("INFO")
        monkeypatch.delenv("POWERTOOLS_METRICS_DISABLED")
        settings.cache_clear()
