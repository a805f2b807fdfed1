"""The request record with Powertools: context and correlation id on every line, EMF metrics, cold start, no event."""

from __future__ import annotations

import inspect
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from aws_lambda_powertools.metrics.provider import cold_start

from billy_mcp import observability
from billy_mcp.apigw import HttpRequest, HttpResponse
from billy_mcp.config import settings
from billy_mcp.observability import COUNT, MILLISECONDS, emit, logger, observed, request_record
from billy_mcp.protocol import Outcome
from billy_mcp.session import Counters
from local.lambda_context import LocalContext

EVENT = {
    "requestContext": {"requestId": "apigw-request-1"},
    "headers": {"authorization": "Bearer bmcp_canary_key_in_the_event"},
}


def documents(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def emf(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    return [d for d in documents(capsys.readouterr().out) if "_aws" in d]


@observed
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    logger.warning("something to say")
    emit(
        {"tenant": "acme", "tool": None, "outcome": "ok"},
        [("Requests", COUNT, 1), ("BillyLatency", MILLISECONDS, 12.5)],
    )
    return {"statusCode": 200}


@pytest.fixture
def fresh_cold_start() -> Iterator[None]:
    cold_start.is_cold_start = True
    yield
    cold_start.is_cold_start = False


def test_every_line_of_a_request_carries_the_context_and_the_correlation_id(captured: io.StringIO) -> None:
    context = LocalContext(aws_request_id="lambda-request-1")
    assert handler(EVENT, context) == {"statusCode": 200}
    warning, request = documents(captured.getvalue())
    for line in (warning, request):
        assert line["correlation_id"] == "apigw-request-1" and line["function_request_id"] == "lambda-request-1"
        assert line["function_name"] == context.function_name and line["service"] == settings().service_name
        assert isinstance(line["cold_start"], bool)
    assert warning["level"] == "WARNING" and request["level"] == "INFO" and request["message"] == "mcp request"
    assert request["tenant"] == "acme" and request["outcome"] == "ok" and "tool" not in request


def test_the_correlation_id_of_one_request_does_not_stay_for_the_next(captured: io.StringIO) -> None:
    handler(EVENT, LocalContext())
    handler({"requestContext": {"requestId": "apigw-request-2"}}, LocalContext())
    ids = [line["correlation_id"] for line in documents(captured.getvalue()) if line["message"] == "mcp request"]
    assert ids == ["apigw-request-1", "apigw-request-2"]


def test_metrics_are_one_emf_document_per_request_with_the_service_dimension(
    captured: io.StringIO, capsys: pytest.CaptureFixture[str]
) -> None:
    cold_start.is_cold_start = False
    handler(EVENT, LocalContext())
    [document] = emf(capsys)
    [directive] = document["_aws"]["CloudWatchMetrics"]
    assert directive["Namespace"] == settings().metrics_namespace and directive["Dimensions"] == [["service"]]
    assert [(m["Name"], m["Unit"]) for m in directive["Metrics"]] == [
        ("Requests", "Count"),
        ("BillyLatency", "Milliseconds"),
    ]
    assert document["service"] == settings().service_name
    assert document["Requests"] == [1.0] and document["BillyLatency"] == [12.5]
    handler(EVENT, LocalContext())
    [again] = emf(capsys)  # flushed and cleared: the second request's document holds only its own values
    assert again["Requests"] == [1.0]


def test_cold_start_is_counted_once_per_container_with_the_function_name(
    captured: io.StringIO, capsys: pytest.CaptureFixture[str], fresh_cold_start: None
) -> None:
    handler(EVENT, LocalContext(function_name="billy-mcp-prod"))
    first = emf(capsys)
    handler(EVENT, LocalContext(function_name="billy-mcp-prod"))
    second = emf(capsys)
    [cold] = [d for d in first if "ColdStart" in d]
    assert cold["function_name"] == "billy-mcp-prod" and cold["ColdStart"] == [1.0]
    assert cold["_aws"]["CloudWatchMetrics"][0]["Dimensions"] == [["function_name", "service"]]
    assert len(first) == 2 and len(second) == 1 and "ColdStart" not in second[0]


def test_the_event_is_never_logged_even_when_the_environment_asks(
    captured: io.StringIO, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POWERTOOLS_LOGGER_LOG_EVENT", "true")
    handler(EVENT, LocalContext())
    everything = captured.getvalue() + json.dumps(capsys.readouterr().out)
    assert "bmcp_canary_key_in_the_event" not in everything and "apigw-request-1" in everything


def test_with_metrics_switched_off_nothing_is_printed_and_nothing_piles_up(
    captured: io.StringIO, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "true")
    settings.cache_clear()
    try:
        quiet = observed(inspect.unwrap(handler))
        for _ in range(120):  # past Powertools' 100-values overflow flush
            quiet(EVENT, LocalContext())
        assert emf(capsys) == [] and observability.metrics.metric_set == {}
        assert sum(1 for line in documents(captured.getvalue()) if line["message"] == "mcp request") == 120
    finally:
        monkeypatch.delenv("POWERTOOLS_METRICS_DISABLED")
        settings.cache_clear()


def test_the_request_record_names_the_caller_the_call_and_what_billy_took() -> None:
    billy = Counters()
    billy.answered(200, 40.0)
    billy.answered(503, 10.0)
    billy.retried()
    outcome = Outcome(method="tools/call", tool="list-invoices-tool", version="2025-11-25", result="tool_error")
    outcome.tenant, outcome.billy = "acme", billy
    request = HttpRequest("POST", {}, "", False, "req-1")
    fields, measured = request_record(request, HttpResponse(200), outcome, 0.1234)
    assert fields["tenant"] == "acme" and fields["tool"] == "list-invoices-tool" and fields["duration_ms"] == 123.4
    assert (fields["billy_requests"], fields["billy_retries"], fields["billy_status"], fields["billy_ms"]) == (
        2,
        1,
        503,
        50.0,
    )
    assert [name for name, _, _ in measured] == ["Requests", "ToolCalls", "BillyRequests", "BillyLatency", "Errors"]
    unauthenticated, measured = request_record(request, HttpResponse(401), Outcome(result="unauthorized"), 0.001)
    assert unauthenticated["tenant"] is None and unauthenticated["billy_requests"] is None
    assert [name for name, _, _ in measured] == ["Requests", "Errors"]
