"""Property-based fuzzing of lambda_handler: methods, headers, bodies, JSON-RPC envelopes and tool arguments.

Whatever arrives, the answer is a well-formed JSON-RPC response or error (validated with mcp_types) or an
HTTP error from the documented table; never an exception, never a 5xx (both dependencies are up here).
CI runs FUZZ_EXAMPLES (default 200) cases per property; `make fuzz` runs 10,000 and prints the count.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from billy_mcp.catalog import TOOLS
from local.adapter import build_event
from local.lambda_context import LocalContext
from tests.support import validate_answer

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "200"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=False)
ALLOWED_STATUS = {200, 202, 204, 400, 401, 403, 404, 405, 406, 413, 415}
COUNT = {"cases": 0}

json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=40),
)
json_value = st.recursive(
    json_leaf,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)),
    max_leaves=20,
)
methods = st.sampled_from(
    [
        "initialize",
        "ping",
        "tools/list",
        "tools/call",
        "server/discover",
        "notifications/initialized",
        "resources/list",
        "logging/setLevel",
        "",
        "x" * 300,
    ]
)
versions = st.sampled_from(
    [
        "2025-03-26",
        "2025-06-18",
        "2025-11-25",
        "2026-07-28",
        "2024-11-05",
        "2099-01-01",
        "",
        " 2025-11-25 ",
        "garbage\x7f",
    ]
)
meta = st.fixed_dictionaries(
    {},
    optional={
        "io.modelcontextprotocol/protocolVersion": st.one_of(versions, json_leaf),
        "io.modelcontextprotocol/clientCapabilities": json_value,
    },
)
envelope = st.fixed_dictionaries(
    {},
    optional={
        "jsonrpc": st.sampled_from(["2.0", "1.0", 2]),
        "id": st.one_of(st.integers(), st.text(max_size=10), st.none(), st.booleans(), st.floats()),
        "method": st.one_of(methods, json_leaf),
        "params": st.one_of(
            json_value,
            st.fixed_dictionaries(
                {},
                optional={
                    "_meta": meta,
                    "name": st.one_of(st.sampled_from([t.name for t in TOOLS]), st.text(max_size=10)),
                    "arguments": json_value,
                    "cursor": json_leaf,
                    "protocolVersion": versions,
                },
            ),
        ),
    },
)
header_values = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=40)
headers = st.fixed_dictionaries(
    {},
    optional={
        "mcp-protocol-version": versions,
        "mcp-method": st.one_of(methods, header_values),
        "mcp-name": header_values,
        "origin": st.sampled_from(["https://evil.example", "null", "http://localhost:1"]),
        "content-type": st.sampled_from(["application/json", "text/plain", "application/json; charset=utf-8", ""]),
        "accept": st.sampled_from(["application/json, text/event-stream", "text/html", "*/*", ""]),
        "authorization": st.sampled_from(["Bearer", "Basic abc", "Bearer bmcp_nope", ""]),
    },
)


@pytest.fixture(scope="module", autouse=True)
def report() -> Iterator[None]:
    yield
    print(f"\nfuzz: {COUNT['cases']} cases through lambda_handler, 0 failures")


def check(event: dict[str, Any], sent: Any) -> None:
    """Run the event; when `sent` is None, the request is whatever the body parses to (if it parses)."""
    from app import lambda_handler

    if sent is None:
        raw = base64.b64decode(event["body"]) if event["isBase64Encoded"] else event["body"].encode()
        try:
            sent = json.loads(raw)
        except (ValueError, RecursionError):
            sent = None

    COUNT["cases"] += 1
    result = lambda_handler(event, LocalContext())
    assert isinstance(result, dict) and result["statusCode"] in ALLOWED_STATUS, result
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in result["headers"].items())
    if result["body"]:
        body = json.loads(result["body"])
        validate_answer(
            sent, body, {k.lower(): v for k, v in (event.get("headers") or {}).items()}.get("mcp-protocol-version")
        )
    else:
        assert result["statusCode"] in (202, 204)


def with_key(extra: dict[str, str], key: str) -> dict[str, str]:
    return {"authorization": f"Bearer {key}", "content-type": "application/json"} | extra


@FUZZ
@given(
    http_method=st.sampled_from(["POST", "GET", "DELETE", "PUT", "OPTIONS", "HEAD", "PATCH", "", "BREW"]),
    extra=headers,
    body=st.binary(max_size=300),
    base64_flag=st.booleans(),
)
def test_arbitrary_requests(
    fuzz_key: str, http_method: str, extra: dict[str, str], body: bytes, base64_flag: bool
) -> None:
    event = build_event(http_method, "/mcp", with_key({}, fuzz_key) | extra, body)
    if base64_flag and not event["isBase64Encoded"]:
        event["body"] = base64.b64encode(body).decode()
        event["isBase64Encoded"] = True
    check(event, None)


@FUZZ
@given(message=st.one_of(envelope, st.lists(envelope, max_size=3), json_value), extra=headers)
def test_arbitrary_json_rpc(fuzz_key: str, message: Any, extra: dict[str, str]) -> None:
    extra.pop("authorization", None)
    check(build_event("POST", "/mcp", with_key(extra, fuzz_key), json.dumps(message).encode()), message)


@FUZZ
@given(
    tool=st.sampled_from([t.name for t in TOOLS]),
    arguments=st.one_of(
        json_value,
        st.dictionaries(
            st.sampled_from(
                [
                    "page",
                    "page_size",
                    "state",
                    "min_entry_date",
                    "max_entry_date",
                    "include",
                    "invoice_id",
                    "verbose",
                    "query",
                    "is_paid",
                    "nature",
                    "contact_id",
                    "account_id",
                    "sort_property",
                    "x",
                ]
            ),
            json_value,
            max_size=5,
        ),
    ),
)
def test_arbitrary_tool_arguments(fuzz_key: str, tool: str, arguments: Any) -> None:
    message = {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": tool, "arguments": arguments}}
    check(
        build_event(
            "POST", "/mcp", with_key({"mcp-protocol-version": "2025-11-25"}, fuzz_key), json.dumps(message).encode()
        ),
        message,
    )


@FUZZ
@given(depth=st.integers(min_value=1, max_value=5000), number_digits=st.integers(min_value=1, max_value=6000))
def test_deep_nesting_and_huge_numbers(fuzz_key: str, depth: int, number_digits: int) -> None:
    nested = ("[" * depth + "]" * depth).encode()
    check(build_event("POST", "/mcp", with_key({}, fuzz_key), nested), None)
    huge = b'{"jsonrpc": "2.0", "id": ' + b"9" * number_digits + b', "method": "ping"}'
    check(build_event("POST", "/mcp", with_key({}, fuzz_key), huge), None)


@pytest.fixture(scope="module")
def fuzz_key(sm_client: Any, sandbox_server: Any) -> str:
    from local.sandbox import DEMO_TOKEN
    from local.secrets_standin import put_tenant

    key = "bmcp_fuzzing_key_0000000000000000000000000000"
    put_tenant(sm_client, key, "fuzz", DEMO_TOKEN)
    return key
