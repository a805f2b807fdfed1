"""API Gateway HTTP API (payload format 2.0) events in, Lambda proxy responses out.

Events are untrusted input: every field may be missing or of the wrong type, and nothing here raises.
"""

from __future__ import annotations

from typing import Any

from .wire import encode


class HttpRequest:
    """A request: header names lower-cased (API Gateway joins repeated headers with commas); `host` the domain it
    came to (requestContext.domainName, else the Host header). A slotted class: see billy_mcp.protocol.Outcome."""

    __slots__ = ("body", "headers", "host", "is_base64", "method", "path", "request_id", "source_ip")

    def __init__(
        self,
        method: str,
        headers: dict[str, str],
        body: str,
        is_base64: bool,
        request_id: str,
        source_ip: str = "",
        path: str = "/mcp",
        host: str = "",
    ) -> None:
        self.method = method
        self.headers = headers
        self.body = body
        self.is_base64 = is_base64
        self.request_id = request_id
        self.source_ip = source_ip
        self.path = path
        self.host = host


class TextBody(str):
    """A body sent as it is (a page, a script, a style sheet), not encoded as JSON; its Content-Type is the caller's."""


class HttpResponse:
    """An answer: `body` a JSON-serialisable value or None for an empty body (a slotted class: see
    billy_mcp.protocol.Outcome)."""

    __slots__ = ("body", "headers", "status")

    def __init__(self, status: int, body: Any = None, headers: dict[str, str] | None = None) -> None:
        self.status = status
        self.body = body
        self.headers: dict[str, str] = headers if headers is not None else {}

    def to_lambda(self) -> dict[str, Any]:
        headers = dict(self.headers)
        if self.body is None:
            text = ""
        elif isinstance(self.body, TextBody):
            text = str(self.body)
        else:
            text = encode(self.body)
            headers.setdefault("Content-Type", "application/json")
        return {"statusCode": self.status, "headers": headers, "body": text, "isBase64Encoded": False}


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def parse_event(event: object) -> HttpRequest:
    """Read the parts of a payload-2.0 event the endpoint uses (REST v1 events are read as well)."""
    data: dict[str, Any] = event if isinstance(event, dict) else {}
    context = data.get("requestContext")
    context = context if isinstance(context, dict) else {}
    http = context.get("http")
    http = http if isinstance(http, dict) else {}
    method = _text(http.get("method")) or _text(data.get("httpMethod"))
    raw_headers = data.get("headers")
    headers: dict[str, str] = {}
    if isinstance(raw_headers, dict):
        for name, value in raw_headers.items():
            if isinstance(name, str) and isinstance(value, str):
                key = name.lower()
                headers[key] = f"{headers[key]},{value}" if key in headers else value
    return HttpRequest(
        method=method.upper(),
        headers=headers,
        body=_text(data.get("body")),
        is_base64=data.get("isBase64Encoded") is True,
        request_id=_text(context.get("requestId")),
        source_ip=_text(http.get("sourceIp")),
        path=_text(data.get("rawPath")) or _text(http.get("path")) or _text(data.get("path")) or "/mcp",
        host=_text(context.get("domainName")) or headers.get("host", ""),
    )


class Refused(Exception):
    """A request refused with an HTTP answer: raised where the refusal is decided, answered in one place (the
    handler). `outcome` names it for the request log (http_error, unauthorized, unavailable, rpc_error)."""

    def __init__(self, response: HttpResponse, outcome: str) -> None:
        super().__init__(outcome)
        self.response = response
        self.outcome = outcome
