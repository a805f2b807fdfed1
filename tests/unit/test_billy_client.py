"""The Billy client's retries, deadlines, size cap and typed errors, against httpx.MockTransport."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import httpx
import pytest

from billy_mcp import billy

Handler = Callable[[httpx.Request], httpx.Response]


@pytest.fixture
def transport(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Handler], list[httpx.Request]]]:
    """Install a mock Billy; returns the list the requests it saw are appended to."""
    monkeypatch.setattr(billy, "_backoff", lambda attempt: 0.001)

    def install(handler: Handler) -> list[httpx.Request]:
        seen: list[httpx.Request] = []

        def record(request: httpx.Request) -> httpx.Response:
            seen.append(request)
            return handler(request)

        monkeypatch.setattr(
            billy, "_client", httpx.Client(base_url="https://billy.test/v2/", transport=httpx.MockTransport(record))
        )
        return seen

    yield install
    billy._client = None


def ok(document: dict[str, object] | None = None) -> httpx.Response:
    return httpx.Response(200, json={"meta": {"statusCode": 200, "success": True}, **(document or {})})


def fail(
    status: int, code: str = "X", message: str = "went wrong", headers: dict[str, str] | None = None
) -> httpx.Response:
    return httpx.Response(
        status,
        json={"meta": {"statusCode": status, "success": False}, "errorCode": code, "errorMessage": message},
        headers=headers,
    )


def deadline(seconds: float = 5.0) -> float:
    return time.monotonic() + seconds


def test_sends_the_token_header_path_and_params(transport) -> None:
    seen = transport(lambda r: ok({"invoices": []}))
    assert billy.get("invoices", {"state": "approved"}, "tok-1", deadline())["invoices"] == []
    request = seen[0]
    assert request.headers["X-Access-Token"] == "tok-1"
    assert str(request.url) == "https://billy.test/v2/invoices?state=approved"


@pytest.mark.parametrize("status", [429, 502, 503, 504])
def test_retries_retryable_statuses_then_succeeds(transport, status: int) -> None:
    answers = iter([fail(status), fail(status), ok({"x": 1})])
    seen = transport(lambda r: next(answers))
    assert billy.get("x", {}, "t", deadline())["x"] == 1
    assert len(seen) == 3


@pytest.mark.parametrize(
    "status, kind",
    [
        (500, billy.Unavailable),
        (400, billy.InvalidRequest),
        (422, billy.InvalidRequest),
        (401, billy.TokenRejected),
        (403, billy.NoAccess),
        (404, billy.NotFound),
    ],
)
def test_other_statuses_are_not_retried_and_typed(transport, status: int, kind: type[billy.BillyError]) -> None:
    seen = transport(lambda r: fail(status, "SOME_CODE", "Billy's words"))
    with pytest.raises(kind) as info:
        billy.get("x", {}, "t", deadline())
    assert len(seen) == 1
    assert info.value.status == status and info.value.code == "SOME_CODE" and "Billy's words" in info.value.message


def test_gives_up_after_max_attempts(transport) -> None:
    seen = transport(lambda r: fail(503))
    with pytest.raises(billy.Unavailable):
        billy.get("x", {}, "t", deadline())
    assert len(seen) == billy.MAX_ATTEMPTS


def test_honours_retry_after(transport) -> None:
    answers = iter([fail(429, headers={"Retry-After": "0.3"}), ok()])
    transport(lambda r: next(answers))
    started = time.monotonic()
    billy.get("x", {}, "t", deadline())
    assert time.monotonic() - started >= 0.3


def test_never_waits_past_the_deadline(transport) -> None:
    seen = transport(lambda r: fail(429, headers={"Retry-After": "30"}))
    started = time.monotonic()
    with pytest.raises(billy.RateLimited):
        billy.get("x", {}, "t", deadline(2.0))
    assert time.monotonic() - started < 1.0 and len(seen) == 1


def test_connect_errors_are_retried_and_read_timeouts_are_not(transport) -> None:
    calls = {"n": 0}

    def flaky(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        if calls["n"] == 1:
            raise httpx.ConnectError("refused", request=request)
        return ok({"y": 2})

    transport(flaky)
    assert billy.get("x", {}, "t", deadline())["y"] == 2 and calls["n"] == 2

    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    seen = transport(slow)
    with pytest.raises(billy.Unavailable, match="did not answer"):
        billy.get("x", {}, "t", deadline())
    assert len(seen) == 1


@pytest.mark.parametrize(
    "body, status",
    [
        (b"<html>oops</html>", 200),
        (b"", 200),
        (b'{"meta": {', 200),
        (b"[1, 2]", 200),
        (b"<html>bad gateway</html>", 400),
    ],
)
def test_non_json_bodies_are_unavailable(transport, body: bytes, status: int) -> None:
    transport(lambda r: httpx.Response(status, content=body))
    with pytest.raises(billy.Unavailable):
        billy.get("x", {}, "t", deadline())


def test_junk_before_the_json_is_tolerated(transport) -> None:
    transport(lambda r: httpx.Response(200, content=b'notice: x\n{"meta": {"success": true}, "a": 1}'))
    assert billy.get("x", {}, "t", deadline())["a"] == 1


def test_oversized_answers_are_refused(transport, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(billy, "MAX_RESPONSE_BYTES", 1000)
    transport(lambda r: httpx.Response(200, content=b'{"a": "' + b"x" * 5000 + b'"}'))
    with pytest.raises(billy.Unavailable, match="larger than"):
        billy.get("x", {}, "t", deadline())


def test_no_time_left_means_no_request(transport) -> None:
    seen = transport(lambda r: ok())
    with pytest.raises(billy.Unavailable, match="no time left"):
        billy.get("x", {}, "t", time.monotonic() - 1)
    assert seen == []


def test_error_messages_never_repeat_the_token(transport) -> None:
    transport(lambda r: fail(401, "OAUTH_INVALID_ACCESS_TOKEN", "Invalid OAuth 2 access token."))
    with pytest.raises(billy.TokenRejected) as info:
        billy.get("x", {}, "super-secret-token", deadline())
    assert "super-secret-token" not in str(info.value)


@pytest.mark.parametrize("value, expected", [("2", 2.0), ("0", 0.0), ("-3", 0.0), ("soon", None), (None, None)])
def test_retry_after_parsing(value: str | None, expected: float | None) -> None:
    assert billy._retry_after(value) == expected


def test_retry_after_as_http_date() -> None:
    import email.utils

    parsed = billy._retry_after(email.utils.formatdate(time.time() + 5, usegmt=True))
    assert parsed is not None and 3 <= parsed <= 6
