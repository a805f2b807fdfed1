"""The Billy transport against a real HTTP/1.1 server on 127.0.0.1: keep-alive reuse, stale connections,
size cap, timeouts, refused connections and header values that must not be sent."""

from __future__ import annotations

import gzip
import socket
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from typing import Any, ClassVar

import pytest

from billy_mcp.http_transport import (
    BadEncoding,
    ConnectFailed,
    HttpTransport,
    TimedOut,
    UnsendableHeader,
)
from local.adapter import LocalHTTPServer, serve_in_thread

BODY = b'{"meta": {"success": true}, "n": 1}'


class Billyish(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen: ClassVar[list[dict[str, Any]]] = []

    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self.seen.append({"path": self.path, "headers": dict(self.headers), "peer": self.client_address[1]})
        if self.path.startswith("/v2/slow"):
            time.sleep(1.0)
        if self.path.startswith("/v2/drip"):
            # Every byte well inside a read timeout, the whole answer far outside the request's.
            self.send_response(200)
            self.send_header("Content-Length", str(len(BODY)))
            self.end_headers()
            try:
                for byte in BODY[:15]:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.15)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        if self.path.startswith("/v2/chunked"):
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for part in (BODY[:10], BODY[10:]):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\n\r\n")
            return
        body = b'{"a": "' + b"x" * 5000 + b'"}' if self.path.startswith(("/v2/big", "/v2/bomb")) else BODY
        gzipped = self.path.startswith(("/v2/gzip", "/v2/bomb", "/v2/badgzip", "/v2/cutgzip"))
        if gzipped:
            body = gzip.compress(body)
            body = b"not gzip" if self.path.startswith("/v2/badgzip") else body
            body = body[:-12] if self.path.startswith("/v2/cutgzip") else body
        self.send_response(200)
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Retry-After", "7")
        if self.path.startswith("/v2/close"):
            self.send_header("Connection", "close")
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            return  # the client stopped reading at its size cap
        if self.path.startswith("/v2/drop"):
            # Answer as if keeping the connection, then drop it: the client's pooled connection goes stale.
            self.close_connection = True


@pytest.fixture
def server() -> Iterator[str]:
    Billyish.seen = []
    with serve_in_thread(LocalHTTPServer(("127.0.0.1", 0), Billyish), poll_interval=0.05) as httpd:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/v2"


def client(base_url: str) -> HttpTransport:
    return HttpTransport(base_url, {"Accept": "application/json", "Accept-Encoding": "gzip", "User-Agent": "billy-mcp"})


def test_requests_reuse_one_keep_alive_connection(server: str) -> None:
    transport = client(server)
    first = transport.get("invoices?page=1", {"X-Access-Token": "t"}, 2.0, 1 << 20)
    second = transport.get("chunked", {"X-Access-Token": "t"}, 2.0, 1 << 20)
    assert first.status == 200 and first.body == BODY and first.headers["retry-after"] == "7"
    assert second.body == BODY
    assert transport.connections_opened == 1 and Billyish.seen[0]["peer"] == Billyish.seen[1]["peer"]
    sent = Billyish.seen[0]
    assert sent["path"] == "/v2/invoices?page=1" and sent["headers"]["X-Access-Token"] == "t"
    assert sent["headers"]["Accept"] == "application/json" and sent["headers"]["Host"] == server.split("/")[2]
    transport.close()


def test_a_stale_pooled_connection_is_replaced_transparently(server: str) -> None:
    transport = client(server)
    assert transport.get("drop", {}, 2.0, 1 << 20).body == BODY
    time.sleep(0.1)
    assert transport.get("again", {}, 2.0, 1 << 20).body == BODY
    assert transport.connections_opened == 2 and [s["path"] for s in Billyish.seen] == ["/v2/drop", "/v2/again"]


def test_connection_close_answers_are_not_pooled(server: str) -> None:
    transport = client(server)
    transport.get("close", {}, 2.0, 1 << 20)
    transport.get("next", {}, 2.0, 1 << 20)
    assert transport.connections_opened == 2


def test_bodies_over_the_cap_are_not_returned_and_the_connection_is_dropped(server: str) -> None:
    transport = client(server)
    assert transport.get("big", {}, 2.0, 1000).body is None
    assert transport.get("small", {}, 2.0, 1000).body == BODY
    assert transport.connections_opened == 2


def test_a_slow_answer_times_out(server: str) -> None:
    transport = client(server)
    started = time.monotonic()
    with pytest.raises(TimedOut):
        transport.get("slow", {}, 0.2, 1 << 20)
    assert time.monotonic() - started < 0.9


def test_a_refused_connection_is_connect_failed() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(ConnectFailed):
        client(f"http://127.0.0.1:{port}/v2").get("x", {}, 1.0, 1000)


@pytest.mark.parametrize("value", ["tok\r\nX-Injected: 1", "tok\nX-Injected: 1", "tøk€n"])
def test_header_values_that_could_split_the_request_are_never_sent(server: str, value: str) -> None:
    with pytest.raises(UnsendableHeader) as info:
        client(server).get("x", {"X-Access-Token": value}, 1.0, 1000)
    assert value not in str(info.value) and Billyish.seen == []


@pytest.mark.parametrize("url", ["ftp://billy.test/v2", "/v2", "https:///v2"])
def test_only_absolute_http_urls_are_accepted(url: str) -> None:
    with pytest.raises(ValueError):
        client(url)


def test_gzip_answers_are_inflated_and_the_connection_reused(server: str) -> None:
    transport = client(server)
    answer = transport.get("gzip", {}, 2.0, 1 << 20)
    assert answer.body == BODY and "content-encoding" not in answer.headers
    assert Billyish.seen[0]["headers"]["Accept-Encoding"] == "gzip"
    assert transport.get("again", {}, 2.0, 1 << 20).body == BODY and transport.connections_opened == 1


def test_a_small_gzip_answer_that_inflates_past_the_cap_is_refused(server: str) -> None:
    assert client(server).get("bomb", {}, 2.0, 1000).body is None


@pytest.mark.parametrize("path", ["badgzip", "cutgzip"])
def test_broken_gzip_is_a_transport_error(server: str, path: str) -> None:
    with pytest.raises(BadEncoding):
        client(server).get(path, {}, 2.0, 1 << 20)


def test_a_slow_drip_answer_cannot_outlive_the_requests_timeout(server: str) -> None:
    transport = HttpTransport(server, {})
    started = time.monotonic()
    with pytest.raises(TimedOut):
        transport.get("drip", {}, 0.8, 1 << 20)
    assert time.monotonic() - started < 1.6  # the drip alone takes 2.25 s
