"""The JSON-RPC/MCP dispatch of both eras, on a small tool table (no AWS, no Billy)."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import pytest

from billy_mcp.apigw import Refused
from billy_mcp.prompts import PROMPTS, PromptTable
from billy_mcp.protocol import McpServer, Outcome, RequestContext, ServerIdentity
from billy_mcp.registry import Registry, Tool, ToolCall, ToolError
from billy_mcp.session import BillySession
from billy_mcp.tenants import Tenant
from tests.support import MODERN, check_jsonrpc, modern_headers, modern_request, request, validate_answer

IDENTITY = ServerIdentity("billy-mcp", "9.9.9", "Billy", "Reads Billy.", "https://example.test", "Use the tools.")


def _echo(call: ToolCall) -> dict[str, Any]:
    return {"echo": call.arguments.get("text", ""), "tenant": call.billy.tenant.name}


def _refuse(call: ToolCall) -> dict[str, Any]:
    raise ToolError("Billy said no.")


def _crash(call: ToolCall) -> dict[str, Any]:
    raise RuntimeError("secret internals: token=abc")


def _tool(name: str, function: Any) -> Tool:
    return Tool(
        name=name,
        title=name.title(),
        description=f"{name} tool",
        input_schema={
            "type": "object",
            "properties": {"text": {"type": "string", "maxLength": 5}, "day": {"type": "string", "format": "date"}},
            "additionalProperties": False,
        },
        output_schema={"type": "object", "properties": {"echo": {"type": "string"}}},
        function=function,
    )


REGISTRY = Registry([_tool("echo", _echo), _tool("refuse", _refuse), _tool("crash", _crash)], page_size=2)
SERVER = McpServer(REGISTRY, IDENTITY, PromptTable(PROMPTS))


def serve(message: Any, headers: dict[str, str] | None = None, raw: bytes | None = None) -> tuple[int, Any, Outcome]:
    exchange = RequestContext(
        headers={k.lower(): v for k, v in (headers or {}).items()},
        billy=BillySession(Tenant("acme", "token"), time.monotonic() + 10),
        request_id="req-1",
    )
    outcome = Outcome()
    try:
        response = SERVER.serve(raw if raw is not None else json.dumps(message).encode(), exchange, outcome)
    except Refused as refusal:  # as lambda_handler answers it
        response, outcome.result = refusal.response, refusal.outcome
    # What goes on the wire, decoded (pre-encoded parts such as the tool listing are spliced in there).
    body = json.loads(response.to_lambda()["body"]) if response.body is not None else None
    if body is not None:
        validate_answer(message if raw is None else None, body, exchange.headers.get("mcp-protocol-version"))
    return response.status, body, outcome


def legacy(message: Any, version: str | None = "2025-11-25") -> tuple[int, Any]:
    status, body, _ = serve(message, {"MCP-Protocol-Version": version} if version else {})
    return status, body


# ---- parsing --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("raw", [b"{", b"not json", b"\xff\xfe", b"[" * 100000, b""])
def test_unparseable_bodies_are_parse_errors(raw: bytes) -> None:
    status, body, _ = serve(None, raw=raw)
    assert status == 400
    assert body["error"]["code"] == -32700 and body["id"] is None
    check_jsonrpc(body, None, "2025-11-25")


@pytest.mark.parametrize(
    "message",
    [
        42,
        "text",
        None,
        {"jsonrpc": "1.0", "id": 1, "method": "ping"},
        {"id": 1, "method": "ping"},
        {"jsonrpc": "2.0", "id": True, "method": "ping"},
        {"jsonrpc": "2.0", "id": 1.5, "method": "ping"},
        {"jsonrpc": "2.0", "id": None, "method": "ping"},
        {"jsonrpc": "2.0", "id": 1, "method": 7},
    ],
)
def test_non_requests_are_invalid_requests(message: Any) -> None:
    status, body = legacy(message)
    assert status == 400
    assert body["error"]["code"] == -32600
    check_jsonrpc(body, None, "2025-11-25")


def test_params_that_are_not_an_object_are_invalid_params() -> None:
    status, body = legacy({"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": [1]})
    assert (status, body["error"]["code"], body["id"]) == (200, -32602, 1)


# ---- handshake era --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("version", ["2025-11-25", "2025-06-18", "2025-03-26"])
def test_initialize_echoes_each_supported_version(version: str) -> None:
    status, body = legacy(
        request(
            "initialize", {"protocolVersion": version, "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}
        ),
        None,
    )
    assert status == 200
    result = body["result"]
    assert result["protocolVersion"] == version
    assert result["capabilities"] == {"tools": {"listChanged": False}, "prompts": {"listChanged": False}}
    check_jsonrpc(body, "initialize", version)


@pytest.mark.parametrize("version", ["2024-11-05", "1999-01-01", "2026-07-28", None, 7])
def test_initialize_answers_the_latest_handshake_version_otherwise(version: Any) -> None:
    status, body = legacy(request("initialize", {"protocolVersion": version, "capabilities": {}}), None)
    assert status == 200
    assert body["result"]["protocolVersion"] == "2025-11-25"


def test_server_info_follows_the_negotiated_revision() -> None:
    infos = {}
    for version in ("2025-03-26", "2025-06-18", "2025-11-25"):
        _, body = legacy(request("initialize", {"protocolVersion": version, "capabilities": {}}), None)
        infos[version] = body["result"]["serverInfo"]
    assert infos["2025-03-26"] == {"name": "billy-mcp", "version": "9.9.9"}
    assert infos["2025-06-18"] == {"name": "billy-mcp", "version": "9.9.9", "title": "Billy"}
    assert (
        infos["2025-11-25"]["description"] == "Reads Billy."
        and infos["2025-11-25"]["websiteUrl"] == "https://example.test"
    )


def test_notifications_and_posted_responses_get_202_without_body() -> None:
    for message in (
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
        {"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": 1}},
        {"jsonrpc": "2.0", "id": 5, "result": {}},
    ):
        status, body = legacy(message)
        assert (status, body) == (202, None)


def test_ping_answers_an_empty_result() -> None:
    status, body = legacy(request("ping", request_id="abc"))
    assert status == 200 and body == {"jsonrpc": "2.0", "id": "abc", "result": {}}
    check_jsonrpc(body, "ping", "2025-11-25")


def test_unknown_method_in_the_handshake_era() -> None:
    status, body = legacy(request("resources/list"))
    assert status == 200 and body["error"]["code"] == -32601 and body["id"] == 1


def test_missing_version_header_means_2025_03_26() -> None:
    _, body, outcome = serve(request("tools/list"))
    assert outcome.version == "2025-03-26"
    tool = body["result"]["tools"][0]
    assert "title" not in tool and "outputSchema" not in tool
    check_jsonrpc(body, "tools/list", "2025-03-26")


@pytest.mark.parametrize("header", ["2024-11-05"])
def test_unsupported_handshake_header_is_400(header: str) -> None:
    status, body = legacy(request("tools/list"), header)
    assert status == 400 and body["error"]["code"] == -32600
    assert "2025-11-25" in body["error"]["data"]["supported"]


def test_tools_list_pages_in_declaration_order_with_cursors() -> None:
    names: list[str] = []
    cursor = None
    pages = 0
    while True:
        params: dict[str, Any] = {"cursor": cursor} if cursor else {}
        status, body = legacy(request("tools/list", params))
        assert status == 200
        check_jsonrpc(body, "tools/list", "2025-11-25")
        names += [t["name"] for t in body["result"]["tools"]]
        pages += 1
        cursor = body["result"].get("nextCursor")
        if cursor is None:
            break
    assert names == ["echo", "refuse", "crash"] and pages == 2
    first = legacy(request("tools/list"))[1]["result"]["tools"][0]
    assert first["title"] == "Echo" and first["annotations"]["readOnlyHint"] is True and "outputSchema" in first


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        base64.urlsafe_b64encode(b"tools:99").decode(),
        5,
        base64.urlsafe_b64encode(b"tools:" + b"9" * 5000).decode(),  # int() refuses more than 4300 digits
        "A" * 100_000,
    ],
)
def test_invalid_cursor_is_invalid_params(cursor: Any) -> None:
    status, body = legacy(request("tools/list", {"cursor": cursor}))
    assert status == 200 and body["error"]["code"] == -32602


def test_tools_call_returns_structured_content_and_a_text_mirror() -> None:
    status, body = legacy(request("tools/call", {"name": "echo", "arguments": {"text": "hej"}}))
    assert status == 200
    result = body["result"]
    assert result["isError"] is False
    assert result["structuredContent"] == {"echo": "hej", "tenant": "acme"}
    assert json.loads(result["content"][0]["text"]) == result["structuredContent"]
    check_jsonrpc(body, "tools/call", "2025-11-25")


def test_tools_call_in_2025_03_26_has_text_only() -> None:
    _, body = legacy(request("tools/call", {"name": "echo", "arguments": {"text": "hej"}}), "2025-03-26")
    assert "structuredContent" not in body["result"]
    assert json.loads(body["result"]["content"][0]["text"])["echo"] == "hej"


@pytest.mark.parametrize(
    "params, fragment",
    [
        ({"name": "nope"}, "Unknown tool: nope"),
        ({}, "params.name"),
        ({"name": 3}, "params.name"),
        ({"name": "echo", "arguments": [1]}, "arguments must be an object"),
    ],
)
def test_unknown_tool_or_malformed_call_is_invalid_params(params: dict[str, Any], fragment: str) -> None:
    status, body = legacy(request("tools/call", params))
    assert status == 200 and body["error"]["code"] == -32602 and fragment in body["error"]["message"]
    check_jsonrpc(body, "tools/call", "2025-11-25")


@pytest.mark.parametrize(
    "arguments, fragment",
    [
        ({"text": "too long"}, "argument 'text'"),
        ({"bogus": 1}, "must not contain"),
        ({"text": 5}, "argument 'text'"),
        ({"day": "2025-02-30"}, "argument 'day'"),
        ({"day": "24/11/2026"}, "argument 'day'"),
    ],
)
def test_arguments_failing_the_schema_are_tool_errors(arguments: dict[str, Any], fragment: str) -> None:
    status, body, outcome = serve(
        request("tools/call", {"name": "echo", "arguments": arguments}), {"MCP-Protocol-Version": "2025-11-25"}
    )
    assert status == 200
    result = body["result"]
    assert result["isError"] is True and fragment in result["content"][0]["text"]
    assert outcome.result == "tool_error"
    check_jsonrpc(body, "tools/call", "2025-11-25")


def test_tool_errors_and_crashes_are_is_error_results_without_internals() -> None:
    _, refused = legacy(request("tools/call", {"name": "refuse"}))
    assert refused["result"] == {"content": [{"type": "text", "text": "Billy said no."}], "isError": True}
    _, crashed = legacy(request("tools/call", {"name": "crash"}))
    text = crashed["result"]["content"][0]["text"]
    assert crashed["result"]["isError"] is True and "req-1" in text
    assert "token" not in text and "secret" not in text


# ---- batches (2025-03-26 only) ----------------------------------------------------------------------------------
def test_batches_are_answered_as_batches_in_2025_03_26() -> None:
    batch = [
        request("ping", request_id=1),
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
        request("tools/call", {"name": "echo", "arguments": {"text": "a"}}, request_id=2),
        request("initialize", {}, request_id=3),
    ]
    for version in (None, "2025-03-26"):
        status, body = legacy(batch, version)
        assert status == 200 and isinstance(body, list)
        by_id = {item["id"]: item for item in body}
        assert set(by_id) == {1, 2, 3}
        assert by_id[1]["result"] == {}
        assert by_id[2]["result"]["content"][0]["text"] == '{"echo":"a","tenant":"acme"}'
        assert by_id[3]["error"]["code"] == -32600  # initialize must not be batched
        for item in body:
            check_jsonrpc(item, "ping" if item["id"] == 1 else "tools/call", "2025-03-26")


def test_a_batch_of_notifications_gets_202_and_an_empty_batch_400() -> None:
    assert legacy([{"jsonrpc": "2.0", "method": "notifications/initialized"}], None) == (202, None)
    status, body = legacy([], None)
    assert status == 400 and body["error"]["code"] == -32600


@pytest.mark.parametrize("version", ["2025-06-18", "2025-11-25", MODERN])
def test_batches_are_refused_after_2025_03_26(version: str) -> None:
    status, body = legacy([request("ping")], version)
    assert status == 400 and body["error"]["code"] == -32600


# ---- modern era (2026-07-28) -----------------------------------------------------------------------------------
def modern(
    method: str, params: dict[str, Any] | None = None, headers: dict[str, str] | None = None, name: str | None = None
) -> tuple[int, Any]:
    status, body, _ = serve(
        modern_request(method, params), headers if headers is not None else modern_headers(method, name)
    )
    return status, body


def test_server_discover_lists_every_served_version() -> None:
    status, body = modern("server/discover")
    assert status == 200
    result = body["result"]
    assert result["supportedVersions"] == ["2026-07-28", "2025-11-25", "2025-06-18", "2025-03-26"]
    assert result["resultType"] == "complete" and result["cacheScope"] in ("public", "private") and result["ttlMs"] > 0
    assert result["_meta"]["io.modelcontextprotocol/serverInfo"]["name"] == "billy-mcp"
    assert result["capabilities"] == {"tools": {"listChanged": False}, "prompts": {"listChanged": False}}
    check_jsonrpc(body, "server/discover", MODERN)


def test_modern_tools_list_and_call_carry_result_type_and_server_info() -> None:
    status, body = modern("tools/list")
    assert status == 200 and body["result"]["ttlMs"] > 0 and body["result"]["resultType"] == "complete"
    check_jsonrpc(body, "tools/list", MODERN)
    status, body = modern("tools/call", {"name": "echo", "arguments": {"text": "x"}}, name="echo")
    assert status == 200 and body["result"]["structuredContent"]["echo"] == "x"
    assert body["result"]["_meta"]["io.modelcontextprotocol/serverInfo"]["version"] == "9.9.9"
    check_jsonrpc(body, "tools/call", MODERN)


@pytest.mark.parametrize("meta", [None, {}, {"io.modelcontextprotocol/clientCapabilities": {}}])
def test_missing_envelope_is_invalid_params_400(meta: Any) -> None:
    params: dict[str, Any] = {} if meta is None else {"_meta": meta}
    status, body, _ = serve(request("tools/list", params), modern_headers("tools/list"))
    assert status == 400 and body["error"]["code"] == -32602 and body["id"] == 1
    check_jsonrpc(body, None, MODERN)


@pytest.mark.parametrize(
    "headers",
    [
        {"Mcp-Method": "tools/list"},
        {"MCP-Protocol-Version": "2025-11-25", "Mcp-Method": "tools/list"},
        {"MCP-Protocol-Version": MODERN},
        {"MCP-Protocol-Version": MODERN, "Mcp-Method": "tools/call"},
        {"MCP-Protocol-Version": MODERN, "Mcp-Method": "TOOLS/LIST"},
        {"MCP-Protocol-Version": MODERN, "Mcp-Method": "tools/list,tools/list"},
    ],
)
def test_header_mismatches_are_32020(headers: dict[str, str]) -> None:
    status, body = modern("tools/list", headers=headers)
    assert status == 400 and body["error"]["code"] == -32020 and body["id"] == 1


@pytest.mark.parametrize("name_header", [None, "other", "=?base64?!!?="])
def test_mcp_name_must_mirror_the_tool_name(name_header: str | None) -> None:
    headers = modern_headers("tools/call") | ({"Mcp-Name": name_header} if name_header else {})
    status, body = modern("tools/call", {"name": "echo"}, headers=headers)
    assert status == 400 and body["error"]["code"] == -32020


@pytest.mark.parametrize("name_header", [" echo ", "=?base64?" + base64.b64encode(b"echo").decode() + "?="])
def test_mcp_name_is_trimmed_and_base64_decoded(name_header: str) -> None:
    status, body = modern(
        "tools/call", {"name": "echo"}, headers=modern_headers("tools/call") | {"Mcp-Name": name_header}
    )
    assert status == 200 and body["result"]["isError"] is False


def test_unsupported_modern_version_is_32022_with_the_supported_list() -> None:
    message = modern_request("tools/list")
    message["params"]["_meta"]["io.modelcontextprotocol/protocolVersion"] = "2027-01-01"
    status, body, _ = serve(message, {"MCP-Protocol-Version": "2027-01-01", "Mcp-Method": "tools/list"})
    assert status == 400 and body["error"]["code"] == -32022
    assert body["error"]["data"] == {
        "supported": ["2026-07-28", "2025-11-25", "2025-06-18", "2025-03-26"],
        "requested": "2027-01-01",
    }


def test_a_handshake_version_in_the_envelope_is_32022() -> None:
    message = modern_request("tools/list")
    message["params"]["_meta"]["io.modelcontextprotocol/protocolVersion"] = "2025-11-25"
    status, body, _ = serve(message, {"MCP-Protocol-Version": "2025-11-25", "Mcp-Method": "tools/list"})
    assert status == 400 and body["error"]["code"] == -32022


@pytest.mark.parametrize("method", ["initialize", "ping", "logging/setLevel", "resources/subscribe", "resources/list"])
def test_methods_absent_from_2026_are_404(method: str) -> None:
    status, body = modern(method)
    assert status == 404 and body["error"]["code"] == -32601 and body["id"] == 1


def test_a_modern_header_without_envelope_is_routed_modern() -> None:
    status, body, _ = serve(request("initialize", {"protocolVersion": "2025-11-25"}), {"MCP-Protocol-Version": MODERN})
    assert status == 400 and body["error"]["code"] == -32602


def test_modern_unknown_tool_is_400_invalid_params() -> None:
    status, body = modern("tools/call", {"name": "nope"}, name="nope")
    assert status == 400 and body["error"]["code"] == -32602


def test_modern_posted_response_is_400_and_notification_202() -> None:
    headers = modern_headers("notifications/cancelled")
    assert serve(
        {
            "jsonrpc": "2.0",
            "method": "notifications/cancelled",
            "params": {"_meta": modern_request("x")["params"]["_meta"]},
        },
        headers,
    )[:2] == (202, None)
    status, body, _ = serve({"jsonrpc": "2.0", "id": 1, "result": {}}, {"MCP-Protocol-Version": MODERN})
    assert status == 400 and body["error"]["code"] == -32600


def test_modern_batch_is_refused() -> None:
    status, body, _ = serve([modern_request("tools/list")], modern_headers("tools/list"))
    assert status == 400 and body["error"]["code"] == -32600


# ---- prompts (both eras) ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("version", ["2025-03-26", "2025-06-18", "2025-11-25"])
def test_prompts_list_names_every_prompt_with_titles_from_2025_06_18(version: str) -> None:
    status, body = legacy(request("prompts/list"), version)
    assert status == 200
    prompts = body["result"]["prompts"]
    assert [p["name"] for p in prompts] == [p.name for p in PROMPTS]
    assert all(("title" in p) == (version != "2025-03-26") for p in prompts)
    assert all(p["arguments"] and all("required" in a for a in p["arguments"]) for p in prompts)
    check_jsonrpc(body, "prompts/list", version)


def test_prompts_list_refuses_a_cursor_it_never_gave() -> None:
    _, body = legacy(request("prompts/list", {"cursor": "x"}))
    assert body["error"]["code"] == -32602


def test_prompts_get_returns_one_user_message_with_the_arguments_applied() -> None:
    status, body = legacy(request("prompts/get", {"name": "month-end-review", "arguments": {"month": "2024-02"}}))
    assert status == 200
    (message,) = body["result"]["messages"]
    assert message["role"] == "user" and message["content"]["type"] == "text"
    assert "from_date=2024-02-01, to_date=2024-02-29" in message["content"]["text"]
    check_jsonrpc(body, "prompts/get", "2025-11-25")


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"name": "nope"}, "Unknown prompt: nope"),
        ({}, "needs params.name"),
        ({"name": "month-end-review"}, "needs the argument month"),
        ({"name": "month-end-review", "arguments": {"month": "2024-13"}}, "argument month: '2024-13' is not a month"),
        ({"name": "month-end-review", "arguments": {"month": 202402}}, "must be a string"),
        ({"name": "month-end-review", "arguments": {"month": "2024-02", "extra": "1"}}, "no argument 'extra'"),
        ({"name": "month-end-review", "arguments": ["2024-02"]}, "prompts/get arguments must be an object"),
        ({"name": "explain-posting", "arguments": {}}, "exactly one of transaction_id and voucher_no"),
    ],
)
def test_prompts_get_errors_are_invalid_params(params: dict[str, Any], fragment: str) -> None:
    status, body = legacy(request("prompts/get", params))
    assert status == 200 and body["error"]["code"] == -32602
    assert fragment in body["error"]["message"], body["error"]["message"]


def test_modern_prompts_list_is_cacheable_and_prompts_get_mirrors_the_name() -> None:
    status, body = modern("prompts/list")
    assert status == 200 and body["result"]["ttlMs"] > 0 and body["result"]["cacheScope"] == "public"
    check_jsonrpc(body, "prompts/list", MODERN)
    params = {"name": "overdue-follow-up", "arguments": {"as_of": "2026-03-01"}}
    status, body = modern("prompts/get", params, name="overdue-follow-up")
    assert (
        status == 200
        and "get-aged-receivables-tool with as_of=2026-03-01" in body["result"]["messages"][0]["content"]["text"]
    )
    check_jsonrpc(body, "prompts/get", MODERN)
    status, body = modern("prompts/get", params, name="month-end-review")
    assert status == 400 and body["error"]["code"] == -32020
    status, body = modern("prompts/get", {"name": "nope"}, name="nope")
    assert status == 400 and body["error"]["code"] == -32602


def test_a_result_too_large_for_lambdas_response_is_a_tool_error_that_says_how_to_ask_for_less() -> None:
    def huge(call: ToolCall) -> dict[str, Any]:
        return {"echo": "x" * 3_000_000}

    server = McpServer(Registry([_tool("echo", huge)]), IDENTITY, PromptTable(PROMPTS))
    context = RequestContext(
        headers={}, billy=BillySession(Tenant("acme", "token"), time.monotonic() + 10), request_id="r"
    )
    outcome = Outcome()
    body = json.dumps(request("tools/call", {"name": "echo", "arguments": {}})).encode()
    response = server.serve(body, context, outcome)
    answer = json.loads(response.to_lambda()["body"])
    assert len(response.to_lambda()["body"]) < 10_000 and outcome.result == "tool_error"
    result = answer["result"]
    assert (
        result["isError"] is True
        and "fields" in result["content"][0]["text"]
        and "page_size" in result["content"][0]["text"]
    )
