"""The gateway path (/mcp/billy) and the tool-name prefix, through lambda_handler in both protocol eras."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from billy_mcp.catalog import TOOLS
from billy_mcp.config import ConfigError, settings
from billy_mcp.oauth.discovery import WELL_KNOWN_PATHS
from local.container import reset_container
from local.paths import ROOT
from tests.integration.test_template import RESOURCES, TEMPLATE
from tests.support import event, invoke, modern_headers, modern_request, request

PREFIX = "billy__"
LEGACY = {"MCP-Protocol-Version": "2025-11-25"}


@pytest.fixture
def prefixed(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("TOOL_NAME_PREFIX", PREFIX)
    reset_container()
    yield PREFIX
    monkeypatch.delenv("TOOL_NAME_PREFIX")
    reset_container()


def _list(key: str, path: str = "/mcp", modern: bool = False) -> list[dict[str, Any]]:
    if modern:
        status, _, body = invoke(
            event(modern_request("tools/list"), key=key, headers=modern_headers("tools/list"), path=path)
        )
    else:
        status, _, body = invoke(event(request("tools/list"), key=key, headers=LEGACY, path=path))
    assert status == 200, body
    tools: list[dict[str, Any]] = body["result"]["tools"]
    return tools


def _call(key: str, name: str, arguments: dict[str, Any], modern: bool = False) -> tuple[int, Any]:
    params = {"name": name, "arguments": arguments}
    if modern:
        evt = event(modern_request("tools/call", params), key=key, headers=modern_headers("tools/call", name))
    else:
        evt = event(request("tools/call", params), key=key, headers=LEGACY)
    status, _, body = invoke(evt)
    return status, body


def test_the_template_routes_both_paths_to_the_one_function() -> None:
    events = RESOURCES["McpFunction"]["Properties"]["Events"]
    routes = sorted((e["Properties"]["Method"], e["Properties"]["Path"]) for e in events.values())
    mcp = [route for route in routes if not route[1].startswith("/.well-known/")]
    assert mcp == [("ANY", "/mcp"), ("ANY", "/mcp/billy")]
    discovery = sorted(
        path for method, path in routes if path.startswith("/.well-known/")
    )  # the OAuth discovery routes
    assert discovery == sorted(WELL_KNOWN_PATHS)
    assert all(e["Properties"]["ApiId"] == {"Ref": "McpApi"} for e in events.values())
    parameter = TEMPLATE["Parameters"]["ToolNamePrefix"]
    assert parameter["Default"] == "" and parameter["AllowedPattern"] == "^[A-Za-z0-9_.-]{0,32}$"
    variables = TEMPLATE["Globals"]["Function"]["Environment"]["Variables"]
    assert variables["TOOL_NAME_PREFIX"] == {"Ref": "ToolNamePrefix"}
    assert TEMPLATE["Outputs"]["McpGatewayEndpoint"]["Value"]["Sub"].endswith("/mcp/billy")


def test_the_gateway_path_serves_the_same_tools(demo_key: str) -> None:
    assert _list(demo_key, "/mcp/billy") == _list(demo_key, "/mcp")
    status, body = _call(demo_key, "get-organization-tool", {})
    assert status == 200 and body["result"]["isError"] is False


@pytest.mark.parametrize("modern", [False, True], ids=["2025-11-25", "2026-07-28"])
def test_with_a_prefix_every_tool_is_listed_and_called_by_its_prefixed_name(
    demo_key: str, prefixed: str, modern: bool
) -> None:
    listed = _list(demo_key, "/mcp/billy", modern)
    assert [tool["name"] for tool in listed] == [prefixed + tool.name for tool in TOOLS]
    status, body = _call(demo_key, prefixed + "list-accounts-tool", {"query": "5710"}, modern)
    assert status == 200 and body["result"]["isError"] is False
    assert body["result"]["structuredContent"]["accounts"][0]["accountNo"] == 5710
    status, body = _call(demo_key, "list-accounts-tool", {"query": "5710"}, modern)
    assert body["error"]["code"] == -32602 and "Unknown tool: list-accounts-tool" in body["error"]["message"]
    assert status == (400 if modern else 200)


def test_descriptions_and_instructions_name_the_prefixed_tools(demo_key: str, prefixed: str) -> None:
    listed = {tool["name"]: tool for tool in _list(demo_key)}
    postings = listed[prefixed + "list-postings-tool"]["description"]
    assert prefixed + "get-account-ledger-tool" in postings
    bare = {tool.name for tool in TOOLS}
    for tool in listed.values():
        words = tool["description"].replace(",", " ").replace(";", " ").replace("(", " ").replace(")", " ").split()
        assert not [word for word in words if word.strip(".:'") in bare], tool["name"]
    status, _, body = invoke(
        event(
            request(
                "initialize",
                {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}},
            ),
            key=demo_key,
        )
    )
    assert status == 200 and not any(name in body["result"]["instructions"].split() for name in bare)


@pytest.mark.parametrize("value", ["billy mcp", "billy/", "x" * 33, "bil:ly", "æøå"])
def test_an_invalid_prefix_is_refused(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("TOOL_NAME_PREFIX", value)
    settings.cache_clear()
    try:
        with pytest.raises(ConfigError, match="TOOL_NAME_PREFIX"):
            settings()
    finally:
        monkeypatch.delenv("TOOL_NAME_PREFIX")
        settings.cache_clear()


def test_an_invalid_prefix_stops_the_function_at_start_up() -> None:
    """Lambda's init fails (the import raises), so a misconfigured stack never answers with surprise names."""
    env = {**os.environ, "TOOL_NAME_PREFIX": "billy mcp"}
    run = subprocess.run(
        [sys.executable, "-c", "import app"],
        cwd=ROOT / "functions" / "mcp",
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode != 0 and "ConfigError: TOOL_NAME_PREFIX may hold only" in run.stderr
