"""Workflow prompts through lambda_handler: listed and got in both eras, and every call they spell out works.

The second half follows each prompt as a model would: it takes the tool calls the text writes out with concrete
arguments, makes them against the sandbox company, and requires each to answer without an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from billy_mcp.catalog import REGISTRY
from billy_mcp.prompts import PROMPTS
from local.container import reset_container
from local.sandbox import SandboxApi
from tests.support import call_tool, event, invoke, modern_headers, modern_request, request

LEGACY = {"MCP-Protocol-Version": "2025-11-25"}
CALL = re.compile(r"\b([a-z]+(?:-[a-z]+)*-tool) with ((?:[a-z_]+=[^\s:;]+(?:, | and |\s)?)+)")
ASSIGNMENT = re.compile(r"([a-z_]+)=([^\s:;]+?)(?=,\s|\s|:|;|$)")


def get_prompt(key: str, name: str, arguments: dict[str, str], path: str = "/mcp") -> str:
    status, _, body = invoke(
        event(request("prompts/get", {"name": name, "arguments": arguments}), key=key, headers=LEGACY, path=path)
    )
    assert status == 200 and "result" in body, body
    text: str = body["result"]["messages"][0]["content"]["text"]
    return text


def concrete_calls(text: str) -> list[tuple[str, dict[str, Any]]]:
    """The `tool with a=b, c=d` calls of a prompt whose values are all given (no <placeholder>), typed by schema."""
    calls = []
    for tool_name, assignments in CALL.findall(text):
        tool = REGISTRY.get(tool_name)
        assert tool is not None, tool_name
        properties = tool.input_schema["properties"]
        arguments: dict[str, Any] = {}
        for name, value in ASSIGNMENT.findall(assignments):
            kind = properties[name].get("type")
            if "<" in value:
                break
            if kind == "boolean":
                arguments[name] = value == "true"
            elif kind == "integer":
                arguments[name] = int(value)
            elif kind == "array":
                arguments[name] = value.split(",")
            else:
                arguments[name] = value
        else:
            calls.append((tool_name, arguments))
    return calls


@pytest.mark.parametrize(
    ("name", "arguments", "least"),
    [
        ("month-end-review", {"month": "2026-10"}, 6),
        ("overdue-follow-up", {"as_of": "2026-11-30"}, 1),
        ("vat-quarter-check", {"period": "2026-Q2"}, 4),
        ("supplier-spend-analysis", {"period": "2026-Q2", "top_n": "5"}, 2),
        ("explain-posting", {"voucher_no": "1"}, 1),
    ],
)
def test_the_calls_a_prompt_spells_out_work_on_the_sandbox(
    demo_key: str, name: str, arguments: dict[str, str], least: int
) -> None:
    calls = concrete_calls(get_prompt(demo_key, name, arguments))
    assert len(calls) >= least, calls
    for tool_name, tool_arguments in calls:
        result = call_tool(demo_key, tool_name, tool_arguments)
        assert result["isError"] is False, (tool_name, tool_arguments, result["content"][0]["text"])


def test_explain_posting_by_voucher_reaches_the_transaction_of_that_voucher(demo_key: str, company: Any) -> None:
    """Follow the prompt: the voucher's transaction, then its postings, which must balance (sandbox tables)."""
    transaction = next(t for t in company.table("transactions") if t["voucherNo"] == "1")
    text = get_prompt(demo_key, "explain-posting", {"voucher_no": "1"})
    ((tool_name, arguments),) = concrete_calls(text)
    found = call_tool(demo_key, tool_name, arguments)["structuredContent"]["transactions"]
    assert [t["id"] for t in found] == [transaction["id"]]
    opened = call_tool(demo_key, "get-transaction-tool", {"transaction_id": found[0]["id"], "include": ["postings"]})
    postings = opened["structuredContent"]["transaction"]["postings"]
    expected = [p for p in company.table("postings") if p["transactionId"] == transaction["id"]]
    assert sorted(p["id"] for p in postings) == sorted(p["id"] for p in expected)


@pytest.fixture
def prefixed(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("TOOL_NAME_PREFIX", "billy__")
    reset_container()
    yield "billy__"
    monkeypatch.delenv("TOOL_NAME_PREFIX")
    reset_container()


def test_prompts_at_the_gateway_path_name_the_prefixed_tools(demo_key: str, prefixed: str) -> None:
    status, _, body = invoke(event(request("prompts/list"), key=demo_key, headers=LEGACY, path="/mcp/billy"))
    assert status == 200
    assert [p["name"] for p in body["result"]["prompts"]] == [p.name for p in PROMPTS]
    text = get_prompt(demo_key, "month-end-review", {"month": "2026-10"}, path="/mcp/billy")
    mentioned = re.findall(r"(?<![A-Za-z0-9_-])([A-Za-z0-9_]*?)(get-trial-balance-tool)", text)
    assert mentioned and all(prefix == prefixed for prefix, _ in mentioned)


def test_modern_prompts_list_and_get_through_the_handler(demo_key: str) -> None:
    status, _, body = invoke(
        event(modern_request("prompts/list"), key=demo_key, headers=modern_headers("prompts/list"))
    )
    assert status == 200 and len(body["result"]["prompts"]) == len(PROMPTS)
    name = "vat-quarter-check"
    params = {"name": name, "arguments": {"period": "2026-Q1"}}
    evt = event(modern_request("prompts/get", params), key=demo_key, headers=modern_headers("prompts/get", name))
    status, _, body = invoke(evt)
    assert (
        status == 200 and "from_date=2026-01-01, to_date=2026-03-31" in body["result"]["messages"][0]["content"]["text"]
    )


def test_prompts_need_the_api_key_like_tools(sandbox: SandboxApi) -> None:
    status, headers, _ = invoke(event(request("prompts/list"), headers=LEGACY))
    assert status == 401 and headers["WWW-Authenticate"].startswith("Bearer")
