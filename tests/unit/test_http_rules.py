"""Streamable HTTP rules: methods, Origin, media types and body size, as pure functions."""

from __future__ import annotations

import base64

import pytest

from billy_mcp import http_rules
from billy_mcp.apigw import HttpRequest, HttpResponse, Refused, parse_event
from billy_mcp.config import MAX_BODY_BYTES


def req(
    method: str = "POST", headers: dict[str, str] | None = None, body: str = "{}", is_base64: bool = False
) -> HttpRequest:
    return HttpRequest(method, {k.lower(): v for k, v in (headers or {}).items()}, body, is_base64, "id")


@pytest.mark.parametrize("method", ["GET", "DELETE", "PUT", "PATCH", "HEAD", ""])
def test_everything_but_post_and_options_is_405_with_allow(method: str) -> None:
    response = http_rules.check_method(req(method), frozenset())
    assert response is not None and response.status == 405
    assert response.headers["Allow"] == "POST"
    assert response.body["error"]["code"] == -32600


def test_post_passes_and_options_answers_preflight_only_for_allowed_origins() -> None:
    assert http_rules.check_method(req("POST"), frozenset()) is None
    allowed = http_rules.check_method(
        req("OPTIONS", {"Origin": "https://app.example"}), frozenset({"https://app.example"})
    )
    assert allowed is not None and allowed.status == 204
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://app.example"
    assert "Authorization" in allowed.headers["Access-Control-Allow-Headers"]
    other = http_rules.check_method(
        req("OPTIONS", {"Origin": "https://evil.example"}), frozenset({"https://app.example"})
    )
    assert other is not None and "Access-Control-Allow-Origin" not in other.headers


@pytest.mark.parametrize(
    "origin, allowed, status",
    [
        (None, frozenset(), None),
        ("https://evil.example", frozenset(), 403),
        ("https://app.example", frozenset({"https://app.example"}), None),
        ("https://app.example/", frozenset({"https://app.example"}), None),
        ("http://app.example", frozenset({"https://app.example"}), 403),
        ("null", frozenset({"https://app.example"}), 403),
        ("https://anything.example", frozenset({"*"}), None),
        ("http://localhost:6274", frozenset({"http://localhost:*"}), None),
        ("http://localhost", frozenset({"http://localhost:*"}), 403),
        ("http://localhost.evil.example:80", frozenset({"http://localhost:*"}), 403),
        ("http://evil.example:80", frozenset({"http://localhost:*"}), 403),
        ("http://localhost:x", frozenset({"http://localhost:*"}), 403),
    ],
)
def test_origin_present_and_not_allowed_is_403(origin: str | None, allowed: frozenset[str], status: int | None) -> None:
    response = http_rules.check_origin(req(headers={"Origin": origin} if origin else {}), allowed)
    assert (response.status if response else None) == status


@pytest.mark.parametrize(
    "content_type, ok",
    [
        (None, True),
        ("application/json", True),
        ("application/json; charset=utf-8", True),
        ("APPLICATION/JSON", True),
        ("application/vnd.api+json", True),
        ("text/plain", False),
        ("application/x-www-form-urlencoded", False),
    ],
)
def test_content_type(content_type: str | None, ok: bool) -> None:
    response = http_rules.check_content_type(req(headers={"Content-Type": content_type} if content_type else {}))
    assert (response is None) is ok
    if not ok:
        assert response is not None and response.status == 415


@pytest.mark.parametrize(
    "accept, ok",
    [
        (None, True),
        ("application/json, text/event-stream", True),
        ("*/*", True),
        ("application/*", True),
        ("text/event-stream", False),
        ("text/html", False),
        ("application/json;q=0.9", True),
    ],
)
def test_accept(accept: str | None, ok: bool) -> None:
    response = http_rules.check_accept(req(headers={"Accept": accept} if accept else {}))
    assert (response is None) is ok
    if not ok:
        assert response is not None and response.status == 406


def refusal(request: HttpRequest) -> HttpResponse:
    """The answer read_body refuses `request` with."""
    with pytest.raises(Refused) as refused:
        http_rules.read_body(request)
    assert refused.value.outcome == "http_error"
    return refused.value.response


def test_body_limits_plain_and_base64() -> None:
    assert http_rules.read_body(req(body="x" * MAX_BODY_BYTES)) == b"x" * MAX_BODY_BYTES
    too_big = refusal(req(body="x" * (MAX_BODY_BYTES + 1)))
    assert too_big.status == 413
    multibyte = refusal(req(body="ø" * (MAX_BODY_BYTES // 2 + 1)))  # 2 bytes each in UTF-8
    assert multibyte.status == 413
    encoded = base64.b64encode(b'{"a":1}').decode()
    assert http_rules.read_body(req(body=encoded, is_base64=True)) == b'{"a":1}'
    big = base64.b64encode(b"x" * (MAX_BODY_BYTES + 1)).decode()
    response = refusal(req(body=big, is_base64=True))
    assert response.status == 413
    broken = refusal(req(body="%%%not base64", is_base64=True))
    assert broken.status == 400 and broken.body["error"]["code"] == -32700


@pytest.mark.parametrize(
    "event",
    [
        None,
        [],
        "x",
        {},
        {"headers": None, "requestContext": None},
        {"headers": {"A": 1, 2: "b"}, "body": 5, "isBase64Encoded": "yes"},
    ],
)
def test_parse_event_never_raises_on_malformed_events(event: object) -> None:
    request = parse_event(event)
    assert request.method == "" and request.body == "" and request.is_base64 is False


def test_parse_event_reads_payload_v2_and_v1_and_joins_repeated_headers() -> None:
    v2 = parse_event(
        {
            "requestContext": {"http": {"method": "post"}, "requestId": "r1"},
            "headers": {"X-A": "1", "x-a": "2"},
            "body": "{}",
            "isBase64Encoded": True,
        }
    )
    assert (v2.method, v2.request_id, v2.headers["x-a"], v2.is_base64) == ("POST", "r1", "1,2", True)
    v1 = parse_event({"httpMethod": "GET", "headers": {"Origin": "o"}})
    assert v1.method == "GET" and v1.headers == {"origin": "o"}
