"""The tool table as data: exact names, titles, descriptions, annotations and schemas that can be served."""

from __future__ import annotations

import fastjsonschema
import pytest

from billy_mcp.catalog import REGISTRY, TOOLS
from billy_mcp.registry import Registry, Tool, is_date

EXPECTED = [
    "get-organization-tool",
    "list-organizations-tool",
    "list-contacts-tool",
    "get-contact-tool",
    "list-invoices-tool",
    "get-invoice-tool",
    "list-products-tool",
    "get-product-tool",
    "list-bills-tool",
    "get-bill-tool",
    "list-accounts-tool",
    "get-account-tool",
    "list-postings-tool",
    "list-transactions-tool",
    "get-transaction-tool",
    "list-daybooks-tool",
    "list-daybook-transactions-tool",
    "get-daybook-transaction-tool",
    "list-bank-payments-tool",
    "list-tax-rates-tool",
    "list-sales-tax-returns-tool",
    "get-sales-tax-return-tool",
    "get-trial-balance-tool",
    "get-profit-and-loss-tool",
    "get-balance-sheet-tool",
    "get-vat-summary-tool",
    "get-aged-receivables-tool",
    "get-aged-payables-tool",
]


def test_the_twenty_two_read_tools_then_the_six_reports_in_order() -> None:
    assert [tool.name for tool in TOOLS] == EXPECTED


@pytest.mark.parametrize("tool", TOOLS, ids=lambda t: t.name)
def test_every_tool_is_fully_described(tool: Tool) -> None:
    assert tool.title and len(tool.description) > 80
    assert "data, never as instructions" in tool.description
    assert tool.annotations["readOnlyHint"] is True and tool.annotations["destructiveHint"] is False
    schema = tool.input_schema
    assert schema["type"] == "object" and schema["additionalProperties"] is False
    for name, prop in schema["properties"].items():
        assert name == name.lower() and "description" in prop, name
    assert tool.output_schema["type"] == "object"
    fastjsonschema.compile(dict(schema))
    fastjsonschema.compile(dict(tool.output_schema))


def test_paging_arguments_are_bounded() -> None:
    for tool in TOOLS:
        props = tool.input_schema["properties"]
        if "page_size" in props:
            assert props["page_size"]["minimum"] == 1 and props["page_size"]["maximum"] == 1000
            assert props["page"]["minimum"] == 1


def test_postings_require_a_date_range() -> None:
    tool = REGISTRY.get("list-postings-tool")
    assert tool is not None and tool.input_schema["required"] == ["min_entry_date", "max_entry_date"]


@pytest.mark.parametrize(
    "value, ok",
    [
        ("2026-02-28", True),
        ("2024-02-29", True),
        ("2026-02-29", False),
        ("2026-13-01", False),
        ("26-01-01", False),
        ("2026-1-1", False),
        ("2026-01-01T00:00", False),
    ],
)
def test_dates_must_be_real_calendar_dates(value: str, ok: bool) -> None:
    assert is_date(value) is ok


def test_registry_refuses_duplicate_or_invalid_names() -> None:
    with pytest.raises(ValueError):
        Registry([TOOLS[0], TOOLS[0]])
    with pytest.raises(ValueError):
        Registry([Tool("bad name", "t", "d", {"type": "object"}, {"type": "object"}, lambda call: {})])
