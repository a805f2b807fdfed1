"""The MCP Inspector CLI 2.12.0 against the served endpoint: legacy era by default, modern era via its config file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from billy_mcp.catalog import TOOLS
from billy_mcp.prompts import PROMPTS
from tests.e2e.conftest import Served
from tests.e2e.node_tools import INSPECTOR, missing, run_node

pytestmark = [pytest.mark.e2e]


@pytest.fixture(autouse=True)
def _tools() -> None:
    reason = missing()
    if reason:
        pytest.fail(reason)


def inspector(served: Served, *args: str, key: str | None = None) -> tuple[int, dict[str, object] | None, str]:
    result = run_node(
        INSPECTOR,
        "--cli",
        served.url,
        "--transport",
        "http",
        "--header",
        f"Authorization: Bearer {key or served.key}",
        "--stored-auth-only",
        *args,
        "--format",
        "json",
        timeout=60,
    )
    try:
        output = json.loads(result.stdout)
    except ValueError:
        output = None
    return result.returncode, output, result.stderr


def test_tools_list_in_the_legacy_era(served: Served) -> None:
    code, output, stderr = inspector(served, "--method", "tools/list")
    assert code == 0, stderr
    assert output is not None
    tools = output["result"]["tools"]  # type: ignore[index]
    assert len(tools) == len(TOOLS) and all(t["annotations"]["readOnlyHint"] for t in tools)


def test_the_tool_schemas_pass_the_inspectors_portability_check(served: Served) -> None:
    """--strict prints every finding of the Inspector's schema lint (type arrays, untyped schemas, remote $refs)."""
    code, output, stderr = inspector(served, "--method", "tools/list", "--strict")
    assert code == 0 and output is not None, stderr
    assert "Schema portability" not in stderr and "Warning: tool" not in stderr and "Error: tool" not in stderr, stderr


def test_initialize_negotiates_2025_11_25(served: Served) -> None:
    code, output, stderr = inspector(served, "--method", "initialize")
    assert code == 0, stderr
    assert output is not None and output["result"]["protocolVersion"] == "2025-11-25"  # type: ignore[index]


def test_tools_call_in_the_legacy_era(served: Served) -> None:
    code, output, stderr = inspector(
        served,
        "--method",
        "tools/call",
        "--tool-name",
        "list-invoices-tool",
        "--tool-arg",
        "state=approved",
        "--tool-arg",
        "page_size=3",
    )
    assert code == 0, stderr
    structured = output["result"]["structuredContent"]  # type: ignore[index]
    assert len(structured["invoices"]) == 3 and all(i["state"] == "approved" for i in structured["invoices"])


def test_prompts_list_and_get(served: Served) -> None:
    code, output, stderr = inspector(served, "--method", "prompts/list")
    assert code == 0, stderr
    assert [p["name"] for p in output["result"]["prompts"]] == [p.name for p in PROMPTS]  # type: ignore[index]
    code, output, stderr = inspector(
        served, "--method", "prompts/get", "--prompt-name", "overdue-follow-up", "--prompt-args", "as_of=2026-11-30"
    )
    assert code == 0, stderr
    text = output["result"]["messages"][0]["content"]["text"]  # type: ignore[index]
    assert "get-aged-receivables-tool with as_of=2026-11-30" in text and "invoice number, due date, amount open" in text


def test_tool_errors_exit_5(served: Served) -> None:
    code, _, stderr = inspector(
        served, "--method", "tools/call", "--tool-name", "list-invoices-tool", "--tool-arg", "page_size=5000"
    )
    assert code == 5, stderr


def test_wrong_key_is_auth_required(served: Served) -> None:
    code, _, _ = inspector(served, "--method", "tools/list", key="bmcp_wrong")
    assert code == 3


def test_modern_era_through_the_config_file(served: Served, tmp_path: Path) -> None:
    config = {
        "mcpServers": {
            "billy": {
                "type": "streamable-http",
                "url": served.url,
                "headers": {"Authorization": f"Bearer {served.key}"},
                "protocolEra": "modern",
            }
        }
    }
    path = tmp_path / "inspector.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    listed = run_node(
        INSPECTOR, "--cli", "--config", str(path), "--server", "billy", "--method", "tools/list", "--format", "json"
    )
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)["result"]["tools"]) == len(TOOLS)
    called = run_node(
        INSPECTOR,
        "--cli",
        "--config",
        str(path),
        "--server",
        "billy",
        "--method",
        "tools/call",
        "--tool-name",
        "get-organization-tool",
        "--format",
        "json",
    )
    assert called.returncode == 0, called.stderr
    result = json.loads(called.stdout)["result"]
    assert result["structuredContent"]["organization"]["name"] == "Nordlys Design ApS"
    # serverInfo in a result's _meta exists only in the 2026-07-28 era: the Inspector spoke the modern protocol.
    assert result["_meta"]["io.modelcontextprotocol/serverInfo"]["name"] == "billy-mcp"
