"""A tiny reverse proxy on 127.0.0.1 that adds request headers, for clients that cannot send any.

The official conformance suite has no option to send an `Authorization` header; rather than switch
authentication off, the tests put this proxy in front of the endpoint. Everything else (method, path,
the client's own headers including Host and Origin, body, status, response headers) passes through unchanged.
"""

from __future__ import annotations

import argparse
import http.client
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from local.adapter import serve_in_thread

HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "transfer-encoding",
    "te",
    "trailer",
    "upgrade",
    "proxy-authorization",
    "proxy-authenticate",
}


def make_proxy(target: str, add_headers: dict[str, str], port: int = 0) -> ThreadingHTTPServer:
    upstream = urlsplit(target)

    class Proxy(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _forward(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            headers.update(add_headers)
            connection = http.client.HTTPConnection(upstream.hostname or "127.0.0.1", upstream.port, timeout=60)
            try:
                connection.request(self.command, self.path, body, headers)
                response = connection.getresponse()
                data = response.read()
                self.send_response(response.status)
                for name, value in response.getheaders():
                    if name.lower() not in HOP_BY_HOP | {"content-length"}:
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            finally:
                connection.close()

        do_GET = do_POST = do_DELETE = do_PUT = do_OPTIONS = do_HEAD = do_PATCH = _forward

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
            """Silent."""

    server = ThreadingHTTPServer(("127.0.0.1", port), Proxy)
    server.daemon_threads = True
    return server


@contextmanager
def running_proxy(target: str, add_headers: dict[str, str]) -> Iterator[str]:
    """Yield the proxy's base URL (http://127.0.0.1:PORT) while it runs in a thread."""
    with serve_in_thread(make_proxy(target, add_headers)) as server:
        yield f"http://127.0.0.1:{server.server_address[1]}"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Forward to TARGET adding 'Name: value' headers.")
    parser.add_argument("target")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--header", action="append", default=[])
    args = parser.parse_args()
    extra = dict(h.split(": ", 1) for h in args.header)
    proxy = make_proxy(args.target, extra, args.port)
    print(f"proxy on http://127.0.0.1:{proxy.server_address[1]} -> {args.target}", flush=True)
    proxy.serve_forever()
