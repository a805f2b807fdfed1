"""Serves a Lambda handler over HTTP by turning each request into an API Gateway payload-2.0 event.

This is what `sam local start-api` would do with Docker; here it is a stdlib ThreadingHTTPServer so the
real `lambda_handler` (decorators included) answers on http://127.0.0.1:PORT/mcp.
"""

from __future__ import annotations

import base64
import json
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .lambda_context import LocalContext

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]
MAX_READ = 8 * 1024 * 1024
"""Bytes read from one request; larger bodies are cut (the gateway's own limit is 10 MB)."""
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]"})
MISDIRECTED = (
    b'{"jsonrpc":"2.0","id":null,"error":{"code":-32600,'
    b'"message":"Misdirected Request: this local server answers only to localhost"}}'
)


def local_host(host: str) -> bool:
    """True for Host headers naming this machine by loopback address or `localhost` (any port)."""
    name = host.strip().lower()
    if name.startswith("["):
        name = name[: name.find("]") + 1]
    elif ":" in name:
        name = name.rsplit(":", 1)[0]
    return name in LOCAL_HOSTS


def build_event(
    method: str, path: str, headers: dict[str, str], body: bytes, source_ip: str = "127.0.0.1"
) -> dict[str, Any]:
    """An HTTP API payload-2.0 event as API Gateway sends it (headers lower-cased, repeats comma-joined)."""
    raw_path, _, query = path.partition("?")
    now = datetime.now(UTC)
    try:
        text = body.decode("utf-8")
        is_base64 = False
    except UnicodeDecodeError:
        text = base64.b64encode(body).decode("ascii")
        is_base64 = True
    return {
        "version": "2.0",
        "routeKey": f"ANY {raw_path}",
        "rawPath": raw_path,
        "rawQueryString": query,
        "headers": headers,
        "requestContext": {
            "accountId": "000000000000",
            "apiId": "local",
            "domainName": headers.get("host", "127.0.0.1"),
            "domainPrefix": "local",
            "http": {
                "method": method,
                "path": raw_path,
                "protocol": "HTTP/1.1",
                "sourceIp": source_ip,
                "userAgent": headers.get("user-agent", ""),
            },
            "requestId": str(uuid.uuid4()),
            "routeKey": f"ANY {raw_path}",
            "stage": "$default",
            "time": now.strftime("%d/%b/%Y:%H:%M:%S +0000"),
            "timeEpoch": int(now.timestamp() * 1000),
        },
        "body": text,
        "isBase64Encoded": is_base64,
    }


MCP_PATHS = ("/mcp", "/mcp/billy")
"""The MCP routes template.yaml gives the function: the plain endpoint and the path hosted gateways use."""
WELL_KNOWN_PATHS = (
    "/.well-known/oauth-protected-resource",
    "/.well-known/oauth-protected-resource/mcp",
    "/.well-known/oauth-protected-resource/mcp/billy",
    "/.well-known/oauth-authorization-server",
)
"""Its OAuth discovery routes (the function answers 404 on them while OAuth is off)."""
ROUTES = MCP_PATHS + WELL_KNOWN_PATHS


def make_server(
    handler: Handler,
    host: str = "127.0.0.1",
    port: int = 3000,
    paths: tuple[str, ...] = ROUTES,
    prefixes: dict[str, Handler] | None = None,
) -> ThreadingHTTPServer:
    """An HTTP server (not yet serving) that answers `paths` with `handler`, paths under each of `prefixes` with
    that prefix's handler (another function of the stack, e.g. /connect), and 404 elsewhere, as API Gateway answers
    routes the template does not declare."""
    routed = dict(prefixes or {})

    class RequestHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "billy-mcp-local"

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(min(length, MAX_READ)) if length > 0 else b""
            path = self.path.partition("?")[0]
            target = handler if path in paths else _prefixed(routed, path)
            if target is None:
                self._reply(404, {"Content-Type": "application/json"}, b'{"message":"Not Found"}')
                return
            if not local_host(self.headers.get("Host", "")):
                # DNS-rebinding protection for a server on loopback: a page on another name must not reach it.
                self._reply(421, {"Content-Type": "application/json"}, MISDIRECTED)
                return
            headers: dict[str, str] = {}
            for name, value in self.headers.items():
                key = name.lower()
                headers[key] = f"{headers[key]},{value}" if key in headers else value
            event = build_event(self.command, self.path, headers, body, self.client_address[0])
            result = target(event, LocalContext())
            payload = result.get("body") or ""
            data = base64.b64decode(payload) if result.get("isBase64Encoded") else payload.encode("utf-8")
            self._reply(int(result.get("statusCode", 200)), dict(result.get("headers") or {}), data)

        def _reply(self, status: int, headers: dict[str, str], data: bytes) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        do_GET = do_POST = do_DELETE = do_PUT = do_PATCH = do_OPTIONS = do_HEAD = _serve

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
            """Request lines are left to the handler's own structured log."""

    server = LocalHTTPServer((host, port), RequestHandler)
    return server


def _prefixed(routed: dict[str, Handler], path: str) -> Handler | None:
    for prefix, handler in routed.items():
        if path == prefix or path.startswith(prefix + "/"):
            return handler
    return None


class LocalHTTPServer(ThreadingHTTPServer):
    """A thread per connection, with a listen backlog deep enough for bursts of concurrent clients."""

    daemon_threads = True
    request_queue_size = 256

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that closes its connection mid-request (the Inspector does, routinely) is not an error worth a
        traceback on the demo's console; anything else still prints one."""
        if isinstance(sys.exc_info()[1], ConnectionError):  # ConnectionResetError, BrokenPipeError, aborted
            return
        super().handle_error(request, client_address)


@contextmanager
def serve_in_thread(server: ThreadingHTTPServer, poll_interval: float = 0.1) -> Iterator[ThreadingHTTPServer]:
    """Serve in a daemon thread while the block runs; then stop serving, close the socket and join the thread."""
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": poll_interval}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def wait_until_listening(url: str, timeout: float = 10.0) -> None:
    """Block until a TCP connection to `url`'s host and port succeeds (bounded by `timeout`)."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 80), timeout=0.5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise TimeoutError(f"nothing listens on {url} after {timeout} s") from None
            time.sleep(0.05)


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
