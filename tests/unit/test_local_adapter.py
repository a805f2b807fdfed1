"""The local HTTP → Lambda-event adapter: payload-2.0 events and loopback-only Host names."""

from __future__ import annotations

import socket
from http.server import BaseHTTPRequestHandler

import pytest

from local.adapter import LocalHTTPServer, build_event, local_host, serve_in_thread


@pytest.mark.parametrize(
    "host, ok",
    [
        ("127.0.0.1:3000", True),
        ("localhost:3000", True),
        ("LOCALHOST", True),
        ("[::1]:3000", True),
        ("[::1]", True),
        ("evil.example:3000", False),
        ("localhost.evil.example", False),
        ("127.0.0.2:3000", False),
        ("", False),
    ],
)
def test_only_loopback_host_names_are_served(host: str, ok: bool) -> None:
    assert local_host(host) is ok


def test_events_are_payload_2_0_and_base64_for_binary_bodies() -> None:
    event = build_event("POST", "/mcp?x=1", {"content-type": "application/json"}, b'{"a": 1}')
    assert event["version"] == "2.0" and event["rawPath"] == "/mcp" and event["rawQueryString"] == "x=1"
    assert event["requestContext"]["http"]["method"] == "POST" and event["requestContext"]["requestId"]
    assert event["body"] == '{"a": 1}' and event["isBase64Encoded"] is False
    binary = build_event("POST", "/mcp", {}, b"\xff\xfe")
    assert binary["isBase64Encoded"] is True and binary["body"] == "//4="


def test_the_server_answers_the_two_routes_of_the_template_and_404_elsewhere() -> None:
    import http.client
    import json

    from local.adapter import make_server, serve_in_thread

    seen: list[str] = []

    def handler(event: dict[str, object], context: object) -> dict[str, object]:
        seen.append(str(event["rawPath"]))
        return {
            "statusCode": 200,
            "headers": {"content-type": "application/json"},
            "body": json.dumps(event["routeKey"]),
        }

    with serve_in_thread(make_server(handler, "127.0.0.1", 0)) as server:
        port = server.server_address[1]
        answers = {}
        for path in ("/mcp", "/mcp/billy", "/mcp/other", "/"):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("POST", path, body=b"{}", headers={"Host": f"127.0.0.1:{port}"})
            response = connection.getresponse()
            answers[path] = (response.status, response.read())
            connection.close()
    assert answers["/mcp"] == (200, b'"ANY /mcp"') and answers["/mcp/billy"] == (200, b'"ANY /mcp/billy"')
    assert answers["/mcp/other"][0] == answers["/"][0] == 404 and seen == ["/mcp", "/mcp/billy"]


def test_the_local_server_routes_what_the_template_routes() -> None:
    from billy_mcp.oauth.discovery import MCP_PATHS, WELL_KNOWN_PATHS
    from local import adapter

    assert adapter.MCP_PATHS == MCP_PATHS and adapter.WELL_KNOWN_PATHS == WELL_KNOWN_PATHS


class _Dropping(BaseHTTPRequestHandler):
    """Fails the way a request fails when its client has gone: the socket is reset, or some other way."""

    failure: type[Exception] = ConnectionResetError

    def do_GET(self) -> None:
        raise self.failure("gone")

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        """Quiet."""


@pytest.mark.parametrize(
    "failure, traceback_printed",
    [(ConnectionResetError, False), (BrokenPipeError, False), (ConnectionAbortedError, False), (ValueError, True)],
)
def test_a_client_that_hangs_up_prints_no_traceback_but_a_real_error_does(
    failure: type[Exception], traceback_printed: bool, capfd: pytest.CaptureFixture[str]
) -> None:
    handler = type("Handler", (_Dropping,), {"failure": failure})
    server = LocalHTTPServer(("127.0.0.1", 0), handler)
    with (
        serve_in_thread(server),
        socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=5) as client,
    ):
        client.sendall(b"GET /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert client.recv(1024) == b""  # the handler failed: the server closes without an answer
    printed = capfd.readouterr().err
    assert ("Traceback" in printed) is traceback_printed
    assert (failure.__name__ in printed) is traceback_printed
