"""The tool table: every tool billy-mcp serves, in the order `tools/list` shows them."""

from __future__ import annotations

from . import accounts, bills, contacts, daybook, invoices, organization, postings, products
from ._registry import READ_ONLY, Registry, Tool, ToolCall, ToolError



def _report_tools() -> tuple[Tool, ...]:
    from ..reports import TOOLS as REPORTS  # the reports build on this package's helpers

    return REPORTS


TOOLS: tuple[Tool, ...] = (
    *organization.TOOLS,
    *contacts.TOOLS,
    *invoices.TOOLS,
    *products.TOOLS,
    *bills.TOOLS,
    *accounts.TOOLS,
    *postings.TOOLS,
    *daybook.TOOLS,
    *_report_tools(),
)

REGISTRY = Registry(TOOLS)

__all__ = ["READ_ONLY", "REGISTRY", "TOOLS", "Registry", "Tool", "ToolCall", "ToolError"]
