"""One structured log line per request with the fields operators need, EMF metrics, and no key or token in either."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from billy_mcp.config import settings
from local.sandbox import DEMO_TOKEN
from tests.conftest import Tenants
from tests.support import call_tool, event, invoke, request


def lines(buffer: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in buffer.getvalue().splitlines() if line.strip()]


def test_request_log_line_fields(demo_key: str, captured: io.StringIO) -> None:
    call_tool(demo_key, "list-products-tool", {"page_size": 2})
    [entry] = [e for e in lines(captured) if e["message"] == "mcp request"]
    assert entry["tenant"] == "nordlys" and entry["method"] == "tools/call" and entry["tool"] == "list-products-tool"
    assert entry["outcome"] == "ok" and entry["status"] == 200 and entry["duration_ms"] > 0
    assert entry["correlation_id"] and entry["protocol_version"] == "2025-11-25"
    assert entry["billy_requests"] == 1 and entry["billy_status"] == 200


def test_no_key_or_token_in_logs_metrics_or_responses(
    tenants: Tenants, sandbox: Any, captured: io.StringIO, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tenants.add("canary", DEMO_TOKEN)
    bad_token_key = tenants.add("canary2", "canary-billy-token-0123456789")
    bodies = []
    for evt in (
        event(request("tools/list"), key=key),
        event(request("tools/list"), key="bmcp_canary_unknown_key"),
        event(request("tools/call", {"name": "list-invoices-tool", "arguments": {}}), key=bad_token_key),
        event(request("tools/call", {"name": "get-invoice-tool", "arguments": {"invoice_id": "x"}}), key=key),
    ):
        _status, headers, body = invoke(evt)
        bodies.append(json.dumps(body) + json.dumps(headers))
    everything = captured.getvalue() + capsys.readouterr().out + "".join(bodies)
    for canary in (key, bad_token_key, "bmcp_canary_unknown_key", DEMO_TOKEN, "canary-billy-token-0123456789"):
        assert canary not in everything


def emf_documents(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith('{"_aws"')]


def test_each_request_flushes_its_metrics_as_emf(
    demo_key: str, captured: io.StringIO, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    call_tool(demo_key, "get-invoice-tool", {"invoice_id": "missing"})
    [entry] = [e for e in lines(captured) if e["message"] == "mcp request"]
    assert entry["outcome"] == "tool_error"
    [document] = [d for d in emf_documents(capsys) if "Requests" in d]
    [directive] = document["_aws"]["CloudWatchMetrics"]
    assert directive["Namespace"] == settings().metrics_namespace and directive["Dimensions"] == [["service"]]
    names = {metric["Name"] for metric in directive["Metrics"]}
    assert names == {"Requests", "ToolCalls", "Errors", "BillyRequests", "BillyLatency"}
    # EMF: every metric and dimension named in the directive is a top-level member of the same document.
    assert document["service"] == settings().service_name and isinstance(document["_aws"]["Timestamp"], int)
    assert document["Requests"] == document["ToolCalls"] == document["Errors"] == document["BillyRequests"] == [1.0]
    assert document["BillyLatency"][0] == pytest.approx(entry["billy_ms"], abs=0.01)


def test_metrics_survive_a_log_level_above_info(
    demo_key: str, captured: io.StringIO, capsys: pytest.CaptureFixture[str]
) -> None:
    from billy_mcp.observability import logger

    capsys.readouterr()
    logger.setLevel("WARNING")
    try:
        call_tool(demo_key, "list-products-tool", {"page_size": 1})
    finally:
        logger.setLevel("INFO")
    assert lines(captured) == []
    [document] = [d for d in emf_documents(capsys) if "Requests" in d]
    assert document["Requests"] == [1.0] and document["ToolCalls"] == [1.0] and "level" not in document


def test_correlation_id_is_the_api_gateway_request_id(demo_key: str, captured: io.StringIO) -> None:
    evt = event(request("tools/list"), key=demo_key)
    invoke(evt)
    [entry] = [e for e in lines(captured) if e["message"] == "mcp request"]
    assert entry["correlation_id"] == evt["requestContext"]["requestId"]


def test_error_lines_carry_the_request_correlation_id(
    demo_key: str, captured: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    from billy_mcp import billy

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(billy, "get", broken)
    evt = event(request("tools/call", {"name": "list-products-tool", "arguments": {}}), key=demo_key)
    invoke(evt)
    [failure] = [e for e in lines(captured) if e["message"] == "tool failed unexpectedly"]
    [entry] = [e for e in lines(captured) if e["message"] == "mcp request"]
    assert (
        failure["level"] == "ERROR"
        and failure["tool"] == "list-products-tool"
        and "RuntimeError" in failure["exception"]
    )
    assert failure["correlation_id"] == entry["correlation_id"] == evt["requestContext"]["requestId"]
    assert entry["outcome"] == "tool_error"


def test_a_callers_method_name_is_cut_in_the_log_line(demo_key: str, captured: io.StringIO) -> None:
    """The method string is the caller's (up to the 1 MiB body): the log line keeps 64 characters of it."""
    method = "x" * 500_000
    invoke(event(request(method), key=demo_key))
    [entry] = [e for e in lines(captured) if e["message"] == "mcp request"]
    assert entry["method"] == "x" * 64 and len(captured.getvalue()) < 10_000
