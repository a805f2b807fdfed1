"""GET over keep-alive HTTP(S) for the Billy client, on the standard library's http.client.

Why hand-written: httpx adds about 27 ms of import to a container's cold start on top of everything the function
loads anyway (`python -m bench.imports`, part of `make bench`; http.client, ssl and json are already loaded for
the Secrets Manager call), and the Billy client needs only GETs over pooled HTTPS connections with timeouts, a size
cap and gzip, which http.client and zlib provide. The package is also smaller without httpx and its dependencies.
"""

from __future__ import annotations

import http.client
import ssl
import threading
import time
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    headers: dict[str, str]
    """Lower-cased names."""
    body: bytes | None
    """None when the body was larger than the cap (reading stopped there)."""


class TransportError(Exception):
    """No complete HTTP answer; the message names the failure's kind, never a header value."""


class ConnectFailed(TransportError):
    """No connection could be made: nothing reached the server, so a retry is safe."""


class ConnectionLost(TransportError):
    """The connection broke before a complete answer (for a GET a retry is safe)."""


class TimedOut(TransportError):
    """The server did not answer within the timeout."""


class BadEncoding(TransportError):
    """The answer's Content-Encoding could not be decoded."""


class UnsendableHeader(TransportError):
    """A header value cannot be sent (it holds a line break or a non-Latin-1 character)."""


class Transport(Protocol):
    def get(self, target: str, headers: Mapping[str, str], timeout: float, max_bytes: int) -> Answer:
        """GET `target` (path and query, relative to the base URL)."""
        ...


CONNECT_TIMEOUT = 3.0
"""Seconds to open a connection (less when the request's own timeout is shorter)."""


class HttpTransport:
    """A small pool of keep-alive connections to one origin, shared by the threads of a process."""

    def __init__(self, base_url: str, headers: Mapping[str, str], max_idle: int = 8, idle_expiry: float = 50.0) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("the base URL must be an absolute http(s) URL")
        self._host = parts.hostname
        self._port = parts.port
        self._base_path = parts.path.rstrip("/") + "/"
        self._headers = {"Host": parts.netloc, **headers}
        self._max_idle = max_idle
        self._idle_expiry = idle_expiry
        self._idle: list[tuple[http.client.HTTPConnection, float]] = []
        self._lock = threading.Lock()
        self._ssl = ssl.create_default_context() if parts.scheme == "https" else None
        self.connections_opened = 0

    def get(self, target: str, headers: Mapping[str, str], timeout: float, max_bytes: int) -> Answer:
        connection, reused = self._take(timeout)
        try:
            return self._exchange(connection, target, headers, timeout, max_bytes)
        except ConnectionLost:
            if not reused:
                raise
        # A pooled connection the server had already closed: one more try on a fresh one (GET is idempotent).
        connection = self._connect(timeout)
        return self._exchange(connection, target, headers, timeout, max_bytes)

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for connection, _ in idle:
            connection.close()

    def _take(self, timeout: float) -> tuple[http.client.HTTPConnection, bool]:
        now = time.monotonic()
        with self._lock:
            while self._idle:
                connection, since = self._idle.pop()
                if now - since < self._idle_expiry:
                    return connection, True
                connection.close()
        return self._connect(timeout), False

    def _connect(self, timeout: float) -> http.client.HTTPConnection:
        connect_timeout = min(timeout, CONNECT_TIMEOUT)
        connection: http.client.HTTPConnection
        if self._ssl is not None:
            connection = http.client.HTTPSConnection(self._host, self._port, timeout=connect_timeout, context=self._ssl)
        else:
            connection = http.client.HTTPConnection(self._host, self._port, timeout=connect_timeout)
        try:
            connection.connect()
        except TimeoutError:
            connection.close()
            raise ConnectFailed("ConnectTimeout") from None
        except OSError as exc:
            connection.close()
            raise ConnectFailed(type(exc).__name__) from None
        self.connections_opened += 1
        return connection

    def _exchange(
        self,
        connection: http.client.HTTPConnection,
        target: str,
        headers: Mapping[str, str],
        timeout: float,
        max_bytes: int,
    ) -> Answer:
        keep = False
        deadline = time.monotonic() + timeout
        try:
            if connection.sock is not None:
                connection.sock.settimeout(timeout)
            try:
                connection.request("GET", self._base_path + target, headers={**self._headers, **headers})
            except ValueError:
                # http.client refuses header values with line breaks (request splitting) before sending anything.
                raise UnsendableHeader("a header value holds characters HTTP cannot carry") from None
            response = connection.getresponse()
            answer_headers = {name.lower(): value for name, value in response.getheaders()}
            body = _read_capped(response, answer_headers.get("content-length"), max_bytes, connection, deadline)
            # Reusable only when the answer was read to its end and the server keeps the connection open.
            keep = body is not None and not response.will_close and response.isclosed()
            if body is not None and answer_headers.get("content-encoding", "").strip().lower() == "gzip":
                body = _gunzip(body, max_bytes)
                del answer_headers["content-encoding"]
            return Answer(response.status, answer_headers, body)
        except TimeoutError:
            raise TimedOut("ReadTimeout") from None
        except (OSError, ValueError, http.client.HTTPException) as exc:
            raise ConnectionLost(type(exc).__name__) from None
        finally:
            if keep:
                self._give_back(connection)
            else:
                connection.close()

    def _give_back(self, connection: http.client.HTTPConnection) -> None:
        with self._lock:
            if len(self._idle) < self._max_idle:
                self._idle.append((connection, time.monotonic()))
                return
        connection.close()


def _gunzip(body: bytes, max_bytes: int) -> bytes | None:
    """A gzip body inflated, or None when it inflates beyond max_bytes (a small answer can hide a huge one)."""
    inflater = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
    try:
        data = inflater.decompress(body, max_bytes + 1)
    except zlib.error:
        raise BadEncoding("the gzip-encoded answer could not be decoded") from None
    if len(data) > max_bytes or inflater.unconsumed_tail:
        return None
    if not inflater.eof:
        raise BadEncoding("the gzip-encoded answer was cut short")
    return data


READ_CHUNK = 64 * 1024


def _read_capped(
    response: http.client.HTTPResponse,
    declared: str | None,
    max_bytes: int,
    connection: http.client.HTTPConnection,
    deadline: float,
) -> bytes | None:
    """The body, or None when it is (or says it is) larger than max_bytes; never reads more than max_bytes + 1.

    The socket timeout bounds each read; the deadline bounds them all, so an answer dripped a byte at a time cannot
    outlive the request (each read gets only the time that is left)."""
    if declared and declared.isdigit() and len(declared) < 20 and int(declared) > max_bytes:
        return None
    parts: list[bytes] = []
    size = 0
    while size <= max_bytes:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the answer took longer than the request's timeout")
        if connection.sock is not None:
            connection.sock.settimeout(left)
        chunk = response.read1(min(READ_CHUNK, max_bytes + 1 - size))
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
    body = b"".join(parts)
    return None if len(body) > max_bytes else body
