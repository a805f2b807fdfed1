"""The local HTTP → Lambda-event adapter: payload-2.0 events and loopback-only Host names."""

from __future__ import annotations

import pytest

from local.adapter import build_event, local_host


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
