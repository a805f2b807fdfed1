"""The Billy client's retries, deadlines, size cap and typed errors, against an in-memory Transport."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

import pytest

from billy_mcp import billy
from billy_mcp.http_transport import Answer, ConnectFailed, ConnectionLost, TimedOut, UnsendableHeader
from billy_mcp.session import Counters


@dataclass(frozen=True)
class Seen:
    target: str
    headers: Mapping[str, str]
    timeout: float


Handler = Callable[[Seen], Answer]


class FakeTransport:
    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.seen: list[Seen] = []

    def get(self, target: str, headers: Mapping[str, str], timeout: float, max_bytes: int) -> Answer:
        request = Seen(target, dict(headers), timeout)
        self.seen.append(request)
        answer = self.handler(request)
        if answer.body is not None and len(answer.body) > max_bytes:
            return Answer(answer.status, answer.headers, None)
        return answer


@pytest.fixture
def transport(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Handler], list[Seen]]]:
    """Install a fake Billy; returns the list the requests it saw are appended to."""
    monkeypatch.setattr(billy, "_backoff", lambda attempt: 0.001)

    def install(handler: Handler) -> list[Seen]:
        fake = FakeTransport(handler)
        billy.use_transport(fake)
        return fake.seen

    yield install
    billy.use_transport(None)


def answer(status: int, body: bytes, headers: dict[str, str] | None = None) -> Answer:
    return Answer(status, {k.lower(): v for k, v in (headers or {}).items()}, body)


def ok(document: dict[str, object] | None = None) -> Answer:
    return answer(200, json.dumps({"meta": {"statusCode": 200, "success": True}, **(document or {})}).encode())


def fail(status: int, code: str = "X", message: str = "went wrong", headers: dict[str, str] | None = None) -> Answer:
    body = {"meta": {"statusCode": status, "success": False}, "errorCode": code, "errorMessage": message}
    return answer(status, json.dumps(body).encode(), headers)


def deadline(seconds: float = 5.0) -> float:
    return time.monotonic() + seconds


def test_sends_the_token_header_path_and_params(transport) -> None:
    seen = transport(lambda r: ok({"invoices": []}))
    assert billy.get("invoices", {"state": "approved"}, "tok-1", deadline(), Counters())["invoices"] == []
    request = seen[0]
    assert request.headers["X-Access-Token"] == "tok-1"
    assert request.target == "invoices?state=approved" and 0 < request.timeout <= billy.MAX_ATTEMPT_TIMEOUT


def test_parameters_and_path_are_url_encoded(transport) -> None:
    seen = transport(lambda r: ok({"contacts": []}))
    billy.get("contacts", {"q": "Ørne & Co", "sortProperty": "name"}, "t", deadline(), Counters())
    assert seen[0].target == "contacts?q=%C3%98rne+%26+Co&sortProperty=name"
    billy.get("contacts/a b+c", {"q": "a/b"}, "t", deadline(), Counters())
    assert seen[1].target == "contacts/a%20b%2Bc?q=a%2Fb"


@pytest.mark.parametrize("status", [429, 502, 503, 504])
def test_retries_retryable_statuses_then_succeeds(transport, status: int) -> None:
    answers = iter([fail(status), fail(status), ok({"x": 1})])
    seen = transport(lambda r: next(answers))
    assert billy.get("x", {}, "t", deadline(), Counters())["x"] == 1
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
        billy.get("x", {}, "t", deadline(), Counters())
    assert len(seen) == 1
    assert info.value.status == status and info.value.code == "SOME_CODE" and "Billy's words" in info.value.message


def test_gives_up_after_max_attempts(transport) -> None:
    seen = transport(lambda r: fail(503))
    with pytest.raises(billy.Unavailable):
        billy.get("x", {}, "t", deadline(), Counters())
    assert len(seen) == billy.MAX_ATTEMPTS


def test_honours_retry_after(transport) -> None:
    answers = iter([fail(429, headers={"Retry-After": "0.3"}), ok()])
    transport(lambda r: next(answers))
    started = time.monotonic()
    billy.get("x", {}, "t", deadline(), Counters())
    assert time.monotonic() - started >= 0.3


def test_never_waits_past_the_deadline(transport) -> None:
    seen = transport(lambda r: fail(429, headers={"Retry-After": "30"}))
    started = time.monotonic()
    with pytest.raises(billy.RateLimited):
        billy.get("x", {}, "t", deadline(2.0), Counters())
    assert time.monotonic() - started < 1.0 and len(seen) == 1


@pytest.mark.parametrize("failure", [ConnectFailed("ConnectionRefusedError"), ConnectionLost("RemoteDisconnected")])
def test_connection_failures_are_retried(transport, failure: Exception) -> None:
    calls = {"n": 0}

    def flaky(request: Seen) -> Answer:
        calls["n"] += 1
        if calls["n"] == 1:
            raise failure
        return ok({"y": 2})

    transport(flaky)
    assert billy.get("x", {}, "t", deadline(), Counters())["y"] == 2 and calls["n"] == 2


def test_read_timeouts_are_not_retried(transport) -> None:
    def slow(request: Seen) -> Answer:
        raise TimedOut("ReadTimeout")

    seen = transport(slow)
    with pytest.raises(billy.Unavailable, match="did not answer"):
        billy.get("x", {}, "t", deadline(), Counters())
    assert len(seen) == 1


def test_a_token_that_cannot_be_sent_is_a_token_problem_not_retried(transport) -> None:
    def refuse(request: Seen) -> Answer:
        raise UnsendableHeader("a header value holds characters HTTP cannot carry")

    seen = transport(refuse)
    with pytest.raises(billy.TokenRejected) as info:
        billy.get("x", {}, "tok\r\nX-Evil: 1", deadline(), Counters())
    assert len(seen) == 1 and "X-Evil" not in str(info.value)


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
    transport(lambda r: answer(status, body))
    with pytest.raises(billy.Unavailable):
        billy.get("x", {}, "t", deadline(), Counters())


def test_junk_before_the_json_is_tolerated(transport) -> None:
    transport(lambda r: answer(200, b'notice: x\n{"meta": {"success": true}, "a": 1}'))
    assert billy.get("x", {}, "t", deadline(), Counters())["a"] == 1


def test_oversized_answers_are_refused(transport, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(billy, "MAX_RESPONSE_BYTES", 1000)
    transport(lambda r: answer(200, b'{"a": "' + b"x" * 5000 + b'"}'))
    with pytest.raises(billy.Unavailable, match="larger than"):
        billy.get("x", {}, "t", deadline(), Counters())


def test_no_time_left_means_no_request(transport) -> None:
    seen = transport(lambda r: ok())
    with pytest.raises(billy.Unavailable, match="no time left"):
        billy.get("x", {}, "t", time.monotonic() - 1, Counters())
    assert seen == []


def test_error_messages_never_repeat_the_token(transport) -> None:
    transport(lambda r: fail(401, "OAUTH_INVALID_ACCESS_TOKEN", "Invalid OAuth 2 access token."))
    with pytest.raises(billy.TokenRejected) as info:
        billy.get("x", {}, "super-secret-token", deadline(), Counters())
    assert "super-secret-token" not in str(info.value)


@pytest.mark.parametrize("value, expected", [("2", 2.0), ("0", 0.0), ("-3", 0.0), ("soon", None), (None, None)])
def test_retry_after_parsing(value: str | None, expected: float | None) -> None:
    assert billy._retry_after(value) == expected


def test_retry_after_as_http_date() -> None:
    import email.utils

    parsed = billy._retry_after(email.utils.formatdate(time.time() + 5, usegmt=True))
    assert parsed is not None and 3 <= parsed <= 6


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "NaN"])
def test_a_retry_after_that_is_no_number_of_seconds_falls_back_to_the_backoff(
    transport: Callable[[Handler], list[Seen]], value: str
) -> None:
    calls = {"n": 0}

    def handler(seen: Seen) -> Answer:
        calls["n"] += 1
        return answer(503, b"{}", {"Retry-After": value}) if calls["n"] == 1 else ok({"y": 2})

    transport(handler)
    assert billy.get("x", {}, "t", deadline(), Counters())["y"] == 2 and calls["n"] == 2
