"""The Billy API v2 client: one pooled transport per container, deadline-bounded retries, typed errors.

Billy answers `{"meta": {...}, "<root>": ...}` on success and `{"meta": {"statusCode", "success": false},
"errorCode", "errorMessage"}` on failure. Everything it sends is untrusted: bodies are size-capped,
non-JSON answers are errors, and no error message here repeats a token.
"""

from __future__ import annotations

import email.utils
import json
import math
import random
import re
import threading
import time
from functools import lru_cache
from typing import Any, Protocol
from urllib.parse import quote, quote_plus

from .config import settings
from .http_transport import (
    ConnectFailed,
    ConnectionLost,
    HttpTransport,
    TimedOut,
    Transport,
    TransportError,
    UnsendableHeader,
)


class Counted(Protocol):
    """Where a request's Billy requests are counted (billy_mcp.session.Counters)."""

    def answered(self, status: int | None, latency_ms: float) -> None: ...

    def retried(self) -> None: ...


MAX_RESPONSE_BYTES = 16 * 1024 * 1024
"""Largest Billy answer read; bigger ones are refused rather than filling a 512 MB function."""
MAX_ATTEMPTS = 4
BASE_BACKOFF = 0.25
MAX_BACKOFF = 4.0
MAX_ATTEMPT_TIMEOUT = 10.0
RETRY_STATUSES = frozenset({429, 502, 503, 504})
MIN_REQUEST_TIME = 0.25
"""Seconds a Billy request needs at least; with less left before the deadline it is not started."""
USER_AGENT = "billy-mcp"


class BillyError(Exception):
    """A Billy request failed; the subclass says how, `status` is Billy's HTTP status if any."""

    def __init__(self, message: str, *, status: int | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code


class TokenRejected(BillyError):
    pass


class NoAccess(BillyError):
    pass


class NotFound(BillyError):
    pass


class InvalidRequest(BillyError):
    pass


class RateLimited(BillyError):
    pass


class Unavailable(BillyError):
    pass


_transport: Transport | None = None
_transport_lock = threading.Lock()


def transport() -> Transport:
    """The container's pooled transport to Billy (created on first use, after the environment is read)."""
    global _transport
    if _transport is None:
        with _transport_lock:
            if _transport is None:
                _transport = HttpTransport(
                    settings().billy_api_base_url,
                    {"Accept": "application/json", "Accept-Encoding": "gzip", "User-Agent": USER_AGENT},
                )
    return _transport


def use_transport(replacement: Transport | None) -> None:
    """Put another transport in place (tests and the bench answer Billy in-process); None: the default again."""
    global _transport
    with _transport_lock:
        if isinstance(_transport, HttpTransport):
            _transport.close()
        _transport = replacement


@lru_cache(maxsize=2048)
def _form(text: str) -> str:
    """Form-encoded as urlencode does it; memoised, because parameter names and most values repeat."""
    return quote_plus(text, safe="")


def _target(path: str, params: dict[str, str]) -> str:
    """Path and query relative to the base URL (the path quoted as a path: a space is %20, never +)."""
    query = "&".join(f"{_form(name)}={_form(value)}" for name, value in params.items())
    return quote(path, safe="/") + ("?" + query if query else "")


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:  # "nan" and "inf" parse as floats: no wait can be made of them, so the backoff decides
        return max(seconds, 0.0) if math.isfinite(seconds) else None
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(moment.timestamp() - time.time(), 0.0)


def _backoff(attempt: int) -> float:
    """Full-jitter exponential backoff (AWS's recommendation): uniform in [0, min(cap, base·2^attempt)]."""
    return random.uniform(0, min(MAX_BACKOFF, BASE_BACKOFF * (2**attempt)))


def _decode(body: bytes) -> dict[str, Any] | None:
    """Billy's JSON object, tolerating junk before the first brace (seen from some Billy front ends)."""
    for text in (body, body[body.find(b"{") :] if b"{" in body else b""):
        if not text:
            continue
        try:
            value = json.loads(text)
        except (ValueError, RecursionError):
            continue
        return value if isinstance(value, dict) else None
    return None


TOKEN_SHAPED = re.compile(r"(?<![0-9A-Za-z])[0-9a-fA-F]{40}(?![0-9A-Za-z])")
"""A Billy access token's shape (40 hex characters): scrubbed from any text Billy sends back."""


def scrub(text: str, token: str) -> str:
    """Billy's text without the caller's token or anything shaped like a token: an answer that echoes the
    X-Access-Token must not carry it into a tool result or a log line."""
    if token:
        text = text.replace(token, "[redacted]")
    return TOKEN_SHAPED.sub("[redacted]", text)


def _error_for(status: int, document: dict[str, Any] | None, token: str) -> BillyError:
    code = document.get("errorCode") if document else None
    code = scrub(code[:100], token) if isinstance(code, str) else None
    message = document.get("errorMessage") if document else None
    message = scrub(message[:500], token) if isinstance(message, str) and message else None
    detail = f"{message} ({code})" if message and code else (message or code or f"HTTP {status}")
    if status == 401:
        return TokenRejected(detail, status=status, code=code)
    if status == 403:
        return NoAccess(detail, status=status, code=code)
    if status == 404:
        return NotFound(detail, status=status, code=code)
    if status in (400, 405, 409, 422):
        return InvalidRequest(detail, status=status, code=code)
    if status == 429:
        return RateLimited(detail, status=status, code=code)
    return Unavailable(detail, status=status, code=code)


def get(path: str, params: dict[str, str], token: str, deadline: float, counters: Counted) -> dict[str, Any]:
    """GET `path` (relative to the base URL) and return Billy's success document, or raise a BillyError.

    Retries (GET is idempotent) on 429/502/503/504 and connection failures, with full-jitter backoff or Billy's
    Retry-After, and never starts a wait that would end past `deadline`.
    """
    attempt = 0
    while True:
        remaining = deadline - time.monotonic()
        if remaining < MIN_REQUEST_TIME:
            raise Unavailable("no time left for Billy to answer within this request's deadline")
        document, failure, retry_after = _attempt(path, params, token, min(MAX_ATTEMPT_TIMEOUT, remaining), counters)
        if document is not None:
            return document
        assert failure is not None
        attempt += 1
        retryable = failure.status is None or failure.status in RETRY_STATUSES
        if not retryable or attempt >= MAX_ATTEMPTS:
            raise failure
        pause = retry_after if retry_after is not None else _backoff(attempt)
        if time.monotonic() + pause + MIN_REQUEST_TIME > deadline:
            raise failure
        counters.retried()
        time.sleep(pause)


def _attempt(
    path: str, params: dict[str, str], token: str, timeout: float, counters: Counted
) -> tuple[dict[str, Any] | None, BillyError | None, float | None]:
    """One request: (document, None, None) on success, else (None, failure, Retry-After seconds or None)."""
    target = _target(path, params)
    started = time.perf_counter()
    answered: int | None = None
    try:
        answer = transport().get(target, {"X-Access-Token": token}, timeout, MAX_RESPONSE_BYTES)
    except ConnectFailed as exc:
        # Nothing reached Billy: safe to retry.
        return None, Unavailable(f"could not connect to Billy ({exc})"), None
    except ConnectionLost as exc:
        # The connection broke before a complete answer. GET is idempotent: retry.
        return None, Unavailable(f"the connection to Billy failed ({exc})"), None
    except TimedOut:
        raise Unavailable(f"Billy did not answer within {timeout:.1f} s") from None
    except UnsendableHeader:
        raise TokenRejected("the access token holds characters that cannot be sent in an HTTP header") from None
    except TransportError as exc:
        raise Unavailable(f"the connection to Billy failed ({exc})") from None
    else:
        answered = answer.status
    finally:
        counters.answered(answered, (time.perf_counter() - started) * 1000)
    status, body = answer.status, answer.body
    if body is None:
        raise Unavailable(f"Billy's answer was larger than {MAX_RESPONSE_BYTES // (1024 * 1024)} MiB")
    document = _decode(body)
    if 200 <= status < 300:
        if document is None:
            raise Unavailable(f"Billy answered HTTP {status} with a body that is not a JSON object")
        return document, None, None
    failure = _error_for(status, document, token)
    if document is None and status < 500 and status not in (401, 403, 404, 429):
        failure = Unavailable(f"Billy answered HTTP {status} with a body that is not JSON", status=status)
    return None, failure, _retry_after(answer.headers.get("retry-after"))
