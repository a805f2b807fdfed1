"""The Billy API v2 client: one pooled httpx.Client per container, deadline-bounded retries, typed errors.

Billy answers `{"meta": {...}, "<root>": ...}` on success and `{"meta": {"statusCode", "success": false},
"errorCode", "errorMessage"}` on failure. Everything it sends is untrusted: bodies are size-capped,
non-JSON answers are errors, and no error message here repeats a token.
"""

from __future__ import annotations

import email.utils
import json
import random
import threading
import time
from typing import TYPE_CHECKING, Any

from .config import settings

if TYPE_CHECKING:
    import httpx

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
    """A Billy request failed; `kind` is one of the classes below, `status` Billy's HTTP status if any."""

    kind = "error"

    def __init__(self, message: str, *, status: int | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code


class TokenRejected(BillyError):
    kind = "token_rejected"


class NoAccess(BillyError):
    kind = "no_access"


class NotFound(BillyError):
    kind = "not_found"


class InvalidRequest(BillyError):
    kind = "invalid_request"


class RateLimited(BillyError):
    kind = "rate_limited"


class Unavailable(BillyError):
    kind = "unavailable"


class Stats(threading.local):
    """Per-thread counters of Billy requests, read by the handler for logs and by the bench."""

    requests = 0
    retries = 0
    last_status: int | None = None
    latency_ms = 0.0

    def reset(self) -> None:
        self.requests = 0
        self.retries = 0
        self.last_status = None
        self.latency_ms = 0.0


stats = Stats()
_client: httpx.Client | None = None
_client_lock = threading.Lock()


def http_client() -> httpx.Client:
    """The container's pooled client (httpx is imported on first use: tools/list never pays for it)."""
    global _client
    if _client is None:
        with _client_lock:
            if _client is None:
                import httpx

                _client = httpx.Client(
                    base_url=settings().billy_api_base_url + "/",
                    headers={"Accept": "application/json", "User-Agent": USER_AGENT},
                    limits=httpx.Limits(max_connections=32, max_keepalive_connections=8, keepalive_expiry=60),
                    follow_redirects=False,
                )
    return _client


def reset_client() -> None:
    global _client
    with _client_lock:
        if _client is not None:
            _client.close()
        _client = None


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
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


def _error_for(status: int, document: dict[str, Any] | None) -> BillyError:
    code = document.get("errorCode") if document else None
    code = code if isinstance(code, str) else None
    message = document.get("errorMessage") if document else None
    message = message[:500] if isinstance(message, str) and message else None
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


def get(path: str, params: dict[str, str], token: str, deadline: float) -> dict[str, Any]:
    """GET `path` (relative to the base URL) and return Billy's success document, or raise a BillyError.

    Retries (GET is idempotent) on 429/502/503/504 and connection failures, with full-jitter backoff or Billy's
    Retry-After, and never starts a wait that would end past `deadline`.
    """
    attempt = 0
    while True:
        remaining = deadline - time.monotonic()
        if remaining < MIN_REQUEST_TIME:
            raise Unavailable("no time left for Billy to answer within this request's deadline")
        document, failure, retry_after = _attempt(path, params, token, min(MAX_ATTEMPT_TIMEOUT, remaining))
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
        stats.retries += 1
        time.sleep(pause)


def _attempt(
    path: str, params: dict[str, str], token: str, timeout: float
) -> tuple[dict[str, Any] | None, BillyError | None, float | None]:
    """One request: (document, None, None) on success, else (None, failure, Retry-After seconds or None)."""
    import httpx

    started = time.perf_counter()
    stats.requests += 1
    try:
        with http_client().stream(
            "GET",
            path,
            params=params,
            headers={"X-Access-Token": token},
            timeout=httpx.Timeout(timeout, connect=min(timeout, 3.0)),
        ) as response:
            status = response.status_code
            body = _read_capped(response)
            retry_after = _retry_after(response.headers.get("retry-after"))
    except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
        # Nothing reached Billy: safe to retry.
        return None, Unavailable(f"could not connect to Billy ({type(exc).__name__})"), None
    except (httpx.ReadError, httpx.RemoteProtocolError) as exc:
        # Typically a pooled keep-alive connection the server had closed. GET is idempotent: retry.
        return None, Unavailable(f"the connection to Billy failed ({type(exc).__name__})"), None
    except httpx.TimeoutException:
        raise Unavailable(f"Billy did not answer within {timeout:.1f} s") from None
    except httpx.HTTPError as exc:
        raise Unavailable(f"the connection to Billy failed ({type(exc).__name__})") from None
    finally:
        stats.latency_ms += (time.perf_counter() - started) * 1000
    stats.last_status = status
    if body is None:
        raise Unavailable(f"Billy's answer was larger than {MAX_RESPONSE_BYTES // (1024 * 1024)} MiB")
    document = _decode(body)
    if 200 <= status < 300:
        if document is None:
            raise Unavailable(f"Billy answered HTTP {status} with a body that is not a JSON object")
        return document, None, None
    failure = _error_for(status, document)
    if document is None and status < 500 and status not in (401, 403, 404, 429):
        failure = Unavailable(f"Billy answered HTTP {status} with a body that is not JSON", status=status)
    return None, failure, retry_after


def _read_capped(response: httpx.Response) -> bytes | None:
    """The body, or None when it is larger than MAX_RESPONSE_BYTES (stops reading there)."""
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_RESPONSE_BYTES:
        return None
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > MAX_RESPONSE_BYTES:
            return None
        chunks.append(chunk)
    return b"".join(chunks)
