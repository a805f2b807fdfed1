"""The Billy read tools, in the order `tools/list` shows them (billy_mcp.catalog adds the reports after them)."""

from __future__ import annotations

from . import (
    accounts,
    bills,
    contacts,
    daybook,
    invoices,
    organization,
    payments,
    postings,
    products,
    transactions,
    vat,
)
from ._registry import READ_ONLY, Registry, Tool, ToolCall, ToolError

TOOLS: tuple[Tool, ...] = (
    *organization.TOOLS,
    *contacts.TOOLS,
    *invoices.TOOLS,
    *products.TOOLS,
    *bills.TOOLS,
    *accounts.TOOLS,
    *postings.TOOLS,
    *transactions.TOOLS,
    *daybook.TOOLS,
    *payments.TOOLS,
    *vat.TOOLS,
)

REGISTRY = Registry(TOOLS)

__all__ = ["READ_ONLY", "REGISTRY", "TOOLS", "Registry", "Tool", "ToolCall", "ToolError"]
