"""The function's logging and metrics, with Powertools for AWS Lambda used the way its docs describe.

`observed` wraps the Lambda handler in `Logger.inject_lambda_context` (every line carries the function's fields,
`cold_start` and API Gateway's request id as `correlation_id`) and `Metrics.log_metrics` (the request's metrics
flushed as one CloudWatch EMF document on stdout, and `ColdStart` in its own document on a container's first
request). Each request ends with one INFO line, "mcp request", whose fields say who asked what and how it went;
`record_request` writes it and adds the metrics. The event is never logged (`log_event=False` whatever
POWERTOOLS_LOGGER_LOG_EVENT says: it holds the caller's API key), and no key or token is ever passed to a line.

Powertools' warm cost is far below 1 % of a tool call that waits for Billy (`make bench`, bench/README.md), and it is
imported on the cold start either way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit

from .config import settings

if TYPE_CHECKING:
    from .apigw import HttpRequest, HttpResponse
    from .protocol import Outcome

logger = Logger(service=settings().service_name)
metrics = Metrics(namespace=settings().metrics_namespace, service=settings().service_name)

LambdaHandler = Callable[[dict[str, Any], Any], dict[str, Any]]
MAX_LOGGED_METHOD = 64
"""Characters of a caller's JSON-RPC method name that reach the request log line."""
COUNT = MetricUnit.Count
MILLISECONDS = MetricUnit.Milliseconds


def observed(handler: LambdaHandler) -> LambdaHandler:
    """`handler` with the Lambda context and correlation id on every log line and its metrics flushed at the end."""
    logged = logger.inject_lambda_context(
        handler, log_event=False, correlation_id_path=correlation_paths.API_GATEWAY_HTTP, clear_state=True
    )
    if settings().metrics_disabled:
        # POWERTOOLS_METRICS_DISABLED (the local commands set it): Powertools 3.37 then skips the flush but also the
        # clearing, so the metric set grows per request and add_metric prints it anyway once a metric holds 100
        # values (its overflow path does not check the switch). Without metrics the decorator is left off instead.
        return logged
    return metrics.log_metrics(logged, capture_cold_start_metric=True)


def request_record(
    request: HttpRequest, response: HttpResponse, outcome: Outcome, seconds: float
) -> tuple[dict[str, Any], list[tuple[str, MetricUnit, float]]]:
    """The request's log fields (None: left out) and its metrics: who asked what, how it went, what Billy took."""
    billy = outcome.billy
    requests = billy.requests if billy is not None else 0
    measured: list[tuple[str, MetricUnit, float]] = [("Requests", COUNT, 1)]
    if outcome.tool:
        measured.append(("ToolCalls", COUNT, 1))
    if billy is not None and requests:
        measured.append(("BillyRequests", COUNT, requests))
        measured.append(("BillyLatency", MILLISECONDS, round(billy.latency_ms, 3)))
    if response.status >= 400 or outcome.result in ("rpc_error", "tool_error", "internal_error"):
        measured.append(("Errors", COUNT, 1))
    fields = {
        "tenant": outcome.tenant or None,
        "http_method": request.method,
        "method": (outcome.method or "")[:MAX_LOGGED_METHOD] or None,  # a caller's string, up to 1 MiB
        "tool": outcome.tool or None,
        "protocol_version": outcome.version or None,
        "outcome": outcome.result,
        "status": response.status,
        "duration_ms": round(seconds * 1000, 3),
        "billy_requests": requests or None,
        "billy_retries": (billy.retries or None) if billy is not None else None,
        "billy_status": billy.last_status if billy is not None else None,
        "billy_ms": round(billy.latency_ms, 3) if billy is not None and requests else None,
    }
    return fields, measured


def record_request(request: HttpRequest, response: HttpResponse, outcome: Outcome, seconds: float) -> None:
    emit(*request_record(request, response, outcome, seconds))


def emit(fields: dict[str, Any], measured: list[tuple[str, MetricUnit, float]]) -> None:
    """The request's metrics (flushed by `observed`) and its INFO line; fields that are None are left out."""
    if not settings().metrics_disabled:
        for name, unit, value in measured:
            metrics.add_metric(name=name, unit=unit, value=value)
    logger.info("mcp request", extra={key: value for key, value in fields.items() if value is not None})
