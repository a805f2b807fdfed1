"""Several companies per caller, through lambda_handler on the sandbox's two companies (Nordlys Design and Havørn
Consult): the `company` argument of every tool and prompt, the caller's companies in list-organizations-tool, and
callers that reach only their own companies, also when their calls interleave in one warm container."""

from __future__ import annotations

from typing import Any

import pytest

from local.sandbox import DEMO_TOKEN, SECOND_TOKEN, SandboxApi, demo_companies
from tests.conftest import Tenants
from tests.support import call_tool, error_text, event, invoke, request

NORDLYS, HAVOERN = demo_companies()
PERIOD = {"from_date": "2026-01-01", "to_date": "2026-06-30"}


@pytest.fixture
def bookkeeper(tenants: Tenants, sandbox: SandboxApi) -> str:
    """A key that reaches both companies, as a bookkeeper's key from the connect page does."""
    return tenants.add_caller({"nordlys": DEMO_TOKEN, "havoern": SECOND_TOKEN})


def test_the_caller_s_companies_are_listed_with_their_handles(bookkeeper: str, sandbox: SandboxApi) -> None:
    result = call_tool(bookkeeper, "list-organizations-tool")["structuredContent"]
    listed = {org["handle"]: org["name"] for org in result["organizations"]}
    assert listed == {"nordlys": "Nordlys Design ApS", "havoern": "Havørn Consult ApS"}
    assert result["paging"]["total"] == 2
    assert sorted(path for _, path, _ in sandbox.requests) == ["/v2/organization", "/v2/organization"]


def test_with_several_companies_a_call_must_name_one_and_is_refused_before_billy_is_asked(
    bookkeeper: str, sandbox: SandboxApi
) -> None:
    text = error_text(call_tool(bookkeeper, "get-organization-tool"))
    assert "2 companies" in text and "nordlys, havoern" in text
    unknown = error_text(call_tool(bookkeeper, "get-trial-balance-tool", {**PERIOD, "company": "acme"}))
    assert "no company 'acme'" in unknown and "nordlys, havoern" in unknown
    assert list(sandbox.requests) == []


@pytest.mark.parametrize(("handle", "token_company"), [("nordlys", NORDLYS), ("havoern", HAVOERN)])
def test_company_chooses_the_books_every_tool_and_report_reads(
    bookkeeper: str, tenants: Tenants, handle: str, token_company: Any
) -> None:
    organization = call_tool(bookkeeper, "get-organization-tool", {"company": handle})["structuredContent"]
    assert organization["organization"]["handle"] == handle
    assert organization["organization"]["name"] == (
        "Nordlys Design ApS" if handle == "nordlys" else "Havørn Consult ApS"
    )
    # the same report through the bookkeeper's key and through a key of that company alone: the same answer
    alone = tenants.add(handle, DEMO_TOKEN if handle == "nordlys" else SECOND_TOKEN)
    chosen = call_tool(bookkeeper, "get-trial-balance-tool", {**PERIOD, "company": handle})["structuredContent"]
    assert chosen == call_tool(alone, "get-trial-balance-tool", PERIOD)["structuredContent"]
    counted = sum(1 for p in token_company.table("postings") if not p["isVoided"] and p["entryDate"] <= "2026-06-30")
    assert chosen["postingsCounted"] == counted


def test_callers_reach_only_their_own_companies_when_their_calls_interleave(
    demo_key: str, second_key: str, bookkeeper: str
) -> None:
    """One warm container serves the three callers in turn (Lambda's way): no answer carries another's company."""
    expected = {demo_key: "Nordlys Design ApS", second_key: "Havørn Consult ApS"}
    for _ in range(3):
        for key, name in expected.items():
            answer = call_tool(key, "get-organization-tool")["structuredContent"]["organization"]
            assert answer["name"] == name
            other = call_tool(
                bookkeeper, "get-organization-tool", {"company": "havoern" if key == demo_key else "nordlys"}
            )
            assert other["structuredContent"]["organization"]["name"] != name
    # a single-company key cannot name another caller's company
    refused = error_text(call_tool(demo_key, "get-organization-tool", {"company": "havoern"}))
    assert "no company 'havoern'" in refused and "nordlys" in refused
    listed = call_tool(second_key, "list-organizations-tool")["structuredContent"]["organizations"]
    assert [org["handle"] for org in listed] == ["havoern"]


def test_a_caller_with_no_company_yet_is_told_where_to_connect_one(tenants: Tenants, sandbox: SandboxApi) -> None:
    nobody = tenants.add_caller({})
    text = error_text(call_tool(nobody, "get-aged-receivables-tool"))
    assert "No Billy company is connected" in text and "/connect" in text
    listed = call_tool(nobody, "list-organizations-tool")["structuredContent"]
    assert listed["organizations"] == [] and "/connect" in listed["note"]
    assert list(sandbox.requests) == []


def test_every_prompt_takes_the_company_and_says_to_pass_it(bookkeeper: str) -> None:
    status, _, body = invoke(
        event(request("prompts/list"), key=bookkeeper, headers={"MCP-Protocol-Version": "2025-11-25"})
    )
    assert status == 200
    for prompt in body["result"]["prompts"]:
        assert prompt["arguments"][-1]["name"] == "company" and prompt["arguments"][-1]["required"] is False
    get = request("prompts/get", {"name": "month-end-review", "arguments": {"month": "2026-10", "company": "havoern"}})
    status, _, body = invoke(event(get, key=bookkeeper, headers={"MCP-Protocol-Version": "2025-11-25"}))
    text = body["result"]["messages"][0]["content"]["text"]
    assert text.startswith('This is about the company "havoern": pass company="havoern" to every tool call.')
    bad = request("prompts/get", {"name": "month-end-review", "arguments": {"month": "2026-10", "company": "Hav Ørn"}})
    status, _, body = invoke(event(bad, key=bookkeeper, headers={"MCP-Protocol-Version": "2025-11-25"}))
    assert body["error"]["code"] == -32602 and "not a company handle" in body["error"]["message"]
