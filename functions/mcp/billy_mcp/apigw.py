"""API Gateway HTTP API (payload format 2.0) events in, Lambda proxy responses out.

Events are untrusted input: every field may be missing or of the wrong type, and nothing here raises.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class HttpRequest:
    method: str
    headers: dict[str, str]
    """Lower-cased names; API Gateway joins repeated headers with commas."""
    body: str
    is_base64: bool
    request_id: str
    source_ip: str = ""


class PreEncoded(list[Any]):
    """A JSON array whose encoding is computed once and reused (the tool listing, identical on every call)."""

    def __init__(self, items: list[Any]) -> None:
        super().__init__(items)
        self.json = json.dumps(items, ensure_ascii=False, separators=(",", ":"))


def encode(value: Any) -> str:
    """json.dumps, except that PreEncoded arrays inside dicts and lists are spliced in as already-encoded text."""
    if isinstance(value, PreEncoded):
        return value.json
    if isinstance(value, dict):
        return (
            "{" + ",".join(f"{json.dumps(key, ensure_ascii=False)}:{encode(item)}" for key, item in value.items()) + "}"
        )
    if isinstance(value, list):
        return "[" + ",".join(encode(item) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@dataclass(slots=True)
class HttpResponse:
    status: int
    body: Any = None
    """A JSON-serialisable value, or None for an empty body."""
    headers: dict[str, str] = field(default_factory=dict)
    pre_encoded: bool = False
    """True when the body holds PreEncoded parts (then the small envelope is encoded around them)."""

    def to_lambda(self) -> dict[str, Any]:
        headers = dict(self.headers)
        if self.body is None:
            text = ""
        else:
            text = (
                encode(self.body)
                if self.pre_encoded
                else json.dumps(self.body, ensure_ascii=False, separators=(",", ":"))
            )
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
    )
