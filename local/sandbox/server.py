"""The sandbox over HTTP on 127.0.0.1 (`python -m local.sandbox`), and a context manager for tests."""

from __future__ import annotations

import argparse
import signal
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from ..adapter import LocalHTTPServer, serve_in_thread
from .api import SandboxApi
from .company import Company, build_company

DEMO_TOKEN = "5a1d8c0e7f2b4d6a9c3e1f5b7d9a2c4e6f8b0d1a"
"""The sandbox's access token for the demo company Nordlys Design ApS (not a secret: it opens only fake data)."""
SECOND_TOKEN = "c4e6f8b0d1a5a1d8c0e7f2b4d6a9c3e1f5b7d9a2"
"""A second company (Havørn Consult ApS), for tenant-isolation tests."""


@cache
def demo_companies() -> tuple[Company, Company]:
    return (
        build_company(20250101, "Nordlys Design ApS", DEMO_TOKEN, "nordlys"),
        build_company(20250202, "Havørn Consult ApS", SECOND_TOKEN, "havoern", billy_habits=True),
    )


def make_server(api: SandboxApi, host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "billy-sandbox"

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(min(length, 1024 * 1024))
            url = urlsplit(self.path)
            headers = {k.lower(): v for k, v in self.headers.items()}
            answer = api.handle(self.command, url.path, parse_qsl(url.query, keep_blank_values=True), headers)
            if answer.status == 0:  # a simulated connection reset
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            self.send_response(answer.status)
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
            """Quiet: tests and the demo read the API's own request log instead."""

    server = LocalHTTPServer((host, port), Handler)
    return server


@contextmanager
def running_sandbox(api: SandboxApi | None = None, port: int = 0) -> Iterator[tuple[str, SandboxApi]]:
    """Serve the sandbox on 127.0.0.1 in a thread; yields (base URL ending in /v2, api). Stops on exit."""
    api = api or SandboxApi(list(demo_companies()))
    with serve_in_thread(make_server(api, port=port)) as server:
        yield f"http://127.0.0.1:{server.server_address[1]}/v2", api


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m local.sandbox", description="Serve the Billy sandbox on 127.0.0.1."
    )
    parser.add_argument("--port", type=int, default=8081, help="port to listen on (default 8081)")
    args = parser.parse_args(argv)
    server = make_server(SandboxApi(list(demo_companies())), port=args.port)
    port = server.server_address[1]
    print(f"Billy sandbox on http://127.0.0.1:{port}/v2  (X-Access-Token: {DEMO_TOKEN})", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
