"""The official `mcp` SDK client against the served endpoint, in both protocol eras, calling every tool."""

from __future__ import annotations

import json
from typing import Any

import anyio
import pytest
from mcp.shared.exceptions import MCPError

from billy_mcp.catalog import TOOLS
from billy_mcp.prompts import PROMPTS
from tests.e2e.conftest import Served, connected

pytestmark = pytest.mark.e2e


async def _session(served: Served, mode: str, key: str | None = None) -> dict[str, Any]:
    """Connect, list tools and call every tool once; returns what was seen."""
    seen: dict[str, Any] = {"results": {}}
    async with connected(served.url, mode, key or served.key) as client:
        seen["version"] = client.protocol_version
        listed = await client.list_tools()
        seen["tools"] = [tool.name for tool in listed.tools]
        results = seen["results"]

        async def call(name: str, arguments: dict[str, Any]) -> Any:
            result = await client.call_tool(name, arguments)
            results[name] = result
            return result.structured_content

        await call("get-organization-tool", {})
        await call("list-organizations-tool", {})
        contacts = await call("list-contacts-tool", {"is_customer": True, "page_size": 3})
        await call("get-contact-tool", {"contact_id": contacts["contacts"][0]["id"], "include": ["contactPersons"]})
        overdue = await call(
            "list-invoices-tool",
            {"state": "approved", "is_paid": False, "max_due_date": "2026-11-19", "page_size": 1000},
        )
        seen["overdue"] = overdue
        await call("get-invoice-tool", {"invoice_id": overdue["invoices"][0]["id"], "include": ["lines", "lateFees"]})
        products = await call("list-products-tool", {"page_size": 2})
        await call("get-product-tool", {"product_id": products["products"][0]["id"], "include": ["prices"]})
        bills = await call("list-bills-tool", {"is_paid": False, "page_size": 2})
        await call("get-bill-tool", {"bill_id": bills["bills"][0]["id"], "include": ["lines"]})
        accounts = await call("list-accounts-tool", {"query": "5710", "include": ["group", "nature"]})
        await call("get-account-tool", {"account_no": 5710})
        seen["by_id"] = await call(
            "list-postings-tool",
            {
                "min_entry_date": "2026-03-01",
                "max_entry_date": "2026-03-31",
                "account_id": accounts["accounts"][0]["id"],
                "page_size": 1000,
            },
        )
        march = {"min_entry_date": "2026-03-01", "max_entry_date": "2026-03-31"}
        transactions = await call("list-transactions-tool", {**march, "page_size": 2})
        seen["transaction"] = await call(
            "get-transaction-tool",
            {"transaction_id": transactions["transactions"][0]["id"], "include": ["postings"]},
        )
        seen["by_number"] = await call("list-postings-tool", {**march, "account_no": 5710, "page_size": 1000})
        await call("list-daybooks-tool", {})
        await call("list-bank-payments-tool", {**march, "include": ["associations"], "page_size": 5})
        await call("list-tax-rates-tool", {"is_active": True})
        returns = await call("list-sales-tax-returns-tool", {"is_settled": True})
        await call("get-sales-tax-return-tool", {"sales_tax_return_id": returns["salesTaxReturns"][0]["id"]})
        daybook = await call("list-daybook-transactions-tool", {"page_size": 2})
        await call(
            "get-daybook-transaction-tool",
            {"daybook_transaction_id": daybook["daybookTransactions"][0]["id"], "include": ["lines"]},
        )
        year = {"from_date": "2026-01-01", "to_date": "2026-11-20"}
        seen["trial"] = await call("get-trial-balance-tool", year)
        seen["kontokort"] = await call(
            "get-account-ledger-tool",
            {"account_no": 5710, "from_date": "2026-03-01", "to_date": "2026-03-31", "page_size": 1000},
        )
        seen["pnl"] = await call("get-profit-and-loss-tool", {**year, "breakdown": "quarter"})
        seen["sheet"] = await call("get-balance-sheet-tool", {"as_of": "2026-11-20"})
        await call("get-vat-summary-tool", {"period": "2026-Q3"})
        await call("get-aged-receivables-tool", {"as_of": "2026-06-30"})
        await call("get-aged-payables-tool", {})
        seen["bad"] = await client.call_tool("list-invoices-tool", {"min_entry_date": "2026-13-01"})
    return seen


@pytest.mark.parametrize("mode, version", [("legacy", "2025-11-25"), ("auto", "2026-07-28")])
def test_sdk_client_lists_and_calls_every_tool(served: Served, mode: str, version: str) -> None:
    seen = anyio.run(_session, served, mode)
    assert seen["version"] == version
    assert len(seen["tools"]) == len(TOOLS)
    assert set(seen["results"]) == set(seen["tools"])
    for name, result in seen["results"].items():
        assert result.is_error is False, (name, result.content)
        assert json.loads(result.content[0].text) == result.structured_content
    overdue = seen["overdue"]["invoices"]
    assert overdue and all(
        i["state"] == "approved" and not i["isPaid"] and i["dueDate"] <= "2026-11-19" for i in overdue
    )
    assert seen["bad"].is_error is True and "min_entry_date" in seen["bad"].content[0].text
    assert seen["trial"]["balanced"] is True and seen["trial"]["totals"]["difference"] == 0
    postings = seen["transaction"]["transaction"]["postings"]
    assert (
        sum(round(p.get("baseAmount", p["amount"]) * 100) * (1 if p["side"] == "debit" else -1) for p in postings) == 0
    )
    assert seen["by_number"]["postings"] == seen["by_id"]["postings"]
    # the kontokort holds exactly the postings list-postings-tool returns for the account and month, in date order
    kontokort, postings = seen["kontokort"], seen["by_number"]["postings"]
    assert sorted(line["transactionId"] for line in kontokort["lines"]) == sorted(p["transactionId"] for p in postings)
    assert [line["date"] for line in kontokort["lines"]] == sorted(p["entryDate"] for p in postings)
    assert kontokort["verified"] is True and kontokort["paging"]["total"] == len(postings)
    assert seen["sheet"]["balanced"] is True and seen["pnl"]["result"] == seen["sheet"]["currentYearResult"]


def _leaves(error: BaseException) -> list[BaseException]:
    if isinstance(error, BaseExceptionGroup):
        return [leaf for inner in error.exceptions for leaf in _leaves(inner)]
    return [error]


@pytest.mark.parametrize("mode", ["legacy", "auto"])
def test_sdk_client_with_a_wrong_key_gets_the_servers_message(served: Served, mode: str) -> None:
    with pytest.raises(BaseException) as info:
        anyio.run(_session, served, mode, "bmcp_wrong")
    errors = [e for e in _leaves(info.value) if isinstance(e, MCPError)]
    assert errors and "API key is not valid" in str(errors[0])


async def _prefixed_session(served: Served, mode: str) -> dict[str, Any]:
    """At the gateway path with the billy__ prefix: list, call a prefixed tool, and try a bare name."""
    async with connected(served.url + "/billy", mode, served.key) as client:
        listed = await client.list_tools()
        organization = await client.call_tool("billy__get-organization-tool", {})
        trial = await client.call_tool(
            "billy__get-trial-balance-tool", {"from_date": "2026-01-01", "to_date": "2026-06-30"}
        )
        prompt = await client.get_prompt("month-end-review", {"month": "2026-10"})
        try:
            bare: Any = await client.call_tool("get-organization-tool", {})
        except MCPError as error:
            bare = error
        return {
            "version": client.protocol_version,
            "tools": listed.tools,
            "organization": organization,
            "trial": trial,
            "prompt": prompt,
            "bare": bare,
        }


@pytest.mark.parametrize("mode, version", [("legacy", "2025-11-25"), ("auto", "2026-07-28")])
def test_sdk_client_at_the_gateway_path_with_a_tool_name_prefix(
    served_prefixed: Served, mode: str, version: str
) -> None:
    seen = anyio.run(_prefixed_session, served_prefixed, mode)
    assert seen["version"] == version
    assert [tool.name for tool in seen["tools"]] == ["billy__" + tool.name for tool in TOOLS]
    postings = next(t for t in seen["tools"] if t.name == "billy__list-postings-tool")
    assert "billy__get-account-ledger-tool" in (postings.description or "")
    assert seen["organization"].is_error is False and seen["organization"].structured_content["organization"]["name"]
    assert seen["trial"].is_error is False and seen["trial"].structured_content["balanced"] is True
    bare = seen["bare"]
    message = str(bare) if isinstance(bare, MCPError) else bare.content[0].text
    assert "Unknown tool: get-organization-tool" in message
    text = seen["prompt"].messages[0].content.text
    assert "billy__get-trial-balance-tool with from_date=2026-10-01, to_date=2026-10-31" in text


async def _prompt_session(served: Served, mode: str) -> dict[str, Any]:
    """List the prompts, get one, then make the first call it spells out, as a client's user would."""
    async with connected(served.url, mode, served.key) as client:
        listed = await client.list_prompts()
        prompt = await client.get_prompt("vat-quarter-check", {"period": "2026-Q2"})
        summary = await client.call_tool("get-vat-summary-tool", {"from_date": "2026-04-01", "to_date": "2026-06-30"})
        try:
            wrong: Any = await client.get_prompt("vat-quarter-check", {"period": "2026-Q5"})
        except MCPError as error:
            wrong = error
        return {
            "version": client.protocol_version,
            "prompts": listed.prompts,
            "prompt": prompt,
            "summary": summary,
            "wrong": wrong,
        }


@pytest.mark.parametrize("mode, version", [("legacy", "2025-11-25"), ("auto", "2026-07-28")])
def test_sdk_client_lists_and_gets_the_workflow_prompts(served: Served, mode: str, version: str) -> None:
    seen = anyio.run(_prompt_session, served, mode)
    assert seen["version"] == version
    assert [p.name for p in seen["prompts"]] == [p.name for p in PROMPTS]
    spend = next(p for p in seen["prompts"] if p.name == "supplier-spend-analysis")
    assert [(a.name, a.required) for a in spend.arguments] == [("period", True), ("top_n", False), ("company", False)]
    text = seen["prompt"].messages[0].content.text
    assert seen["prompt"].messages[0].role == "user"
    assert "get-vat-summary-tool with from_date=2026-04-01, to_date=2026-06-30" in text
    assert seen["summary"].is_error is False
    assert isinstance(seen["wrong"], MCPError) and "argument period" in str(seen["wrong"])
