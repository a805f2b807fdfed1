"""The function's logging and metrics: Powertools Logger for the occasional line, one written record per request.

Every request ends in exactly one JSON line that is both its log entry (tenant, method, tool, outcome, Billy
status and latency) and the CloudWatch Embedded Metric Format document of its metrics. It is written here rather
than with Powertools' `Logger.info` + `Metrics` because those cost about 85 µs per request (log record, formatter,
Lambda-context injection, a second JSON document for the metrics), which is most of a warm `tools/list`; one
`json.dumps` and one write cost about 10 µs. Errors and warnings, which are rare, still go through the Powertools
Logger, so every line shares its key names (`level`, `message`, `timestamp`, `service`, `correlation_id`).
Neither path is ever given a key or token.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from aws_lambda_powertools import Logger

from .config import settings

logger = Logger(service=settings().service_name)

COUNT = "Count"
MILLISECONDS = "Milliseconds"
_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str).encode
"""Built once (json.dumps with arguments builds an encoder per call); `default=str` so no value can break a line."""


def error_fields(request_id: str, context: Any = None) -> dict[str, Any]:
    """What ties an error line to its request: the correlation id (API Gateway's requestContext.requestId) and,
    where the Lambda context is at hand, the function's request id. Passed per line, never kept on the Logger."""
    fields: dict[str, Any] = {"correlation_id": request_id or None}
    if context is not None:
        fields["function_request_id"] = getattr(context, "aws_request_id", None)
    return fields


class RequestRecorder:
    """Writes the per-request record; holds what is constant for the container (service, cold start, function)."""

    def __init__(self, service: str, namespace: str) -> None:
        self.service = service
        self.namespace = namespace
        self.cold_start = True
        self._function: dict[str, Any] | None = None
        self._second: tuple[int, str] = (-1, "")

    def _function_fields(self, context: Any) -> dict[str, Any]:
        """The Lambda context's function fields, read from the first context there is (they never change)."""
        if self._function is not None:
            return self._function
        fields = {
            "function_name": getattr(context, "function_name", None),
            "function_memory_size": getattr(context, "memory_limit_in_mb", None),
            "function_arn": getattr(context, "invoked_function_arn", None),
        }
        if context is not None:
            self._function = fields
        return fields

    def _timestamp(self, now: float) -> str:
        """ISO 8601 UTC with milliseconds; the part up to the second is formatted once per second."""
        second, prefix = self._second
        if int(now) != second:
            prefix = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now))
            self._second = (int(now), prefix)
        return f"{prefix}.{int(now * 1000) % 1000:03d}Z"

    def record(self, fields: dict[str, Any], metrics: list[tuple[str, str, float]], context: Any) -> dict[str, Any]:
        """The record of one request: the log fields (when INFO is enabled) and the EMF metrics (unless
        POWERTOOLS_METRICS_DISABLED), never None values; empty when neither is wanted."""
        now = time.time()
        cold, self.cold_start = self.cold_start, False
        with_log = logger.log_level <= logging.INFO
        with_metrics = not settings().metrics_disabled
        if not (with_log or with_metrics):
            return {}
        if cold:
            metrics = [*metrics, ("ColdStart", COUNT, 1)]
        entry: dict[str, Any] = {}
        if with_log:
            entry = {
                "level": "INFO",
                "message": "mcp request",
                "timestamp": self._timestamp(now),
                "cold_start": cold,
                "function_request_id": getattr(context, "aws_request_id", None),
                **self._function_fields(context),
                **fields,
            }
            entry = {key: value for key, value in entry.items() if value is not None}
        entry["service"] = self.service
        if not with_metrics:
            return entry
        entry["_aws"] = {
            "Timestamp": int(now * 1000),
            "CloudWatchMetrics": [
                {
                    "Namespace": self.namespace,
                    "Dimensions": [["service"]],
                    "Metrics": [{"Name": name, "Unit": unit} for name, unit, _ in metrics],
                }
            ],
        }
        for name, _, value in metrics:
            entry[name] = value
        return entry

    def write(self, fields: dict[str, Any], metrics: list[tuple[str, str, float]], context: Any) -> None:
        """One line on the Logger's stream (stdout on Lambda, where CloudWatch extracts the metrics)."""
        record = self.record(fields, metrics, context)
        if not record:
            return
        line = _encode(record)
        handler: Any = logger.registered_handler
        handler.acquire()
        try:
            handler.stream.write(line + "\n")
            handler.stream.flush()
        finally:
            handler.release()


recorder = RequestRecorder(settings().service_name, settings().metrics_namespace)
