"""The Billy read tools, one module per area of Billy's API, in the order `tools/list` shows them.

Each tool is declared with a spec from `tools.specs`; the schema building blocks come from `billy_mcp.schema`.
"""

from __future__ import annotations

from ..registry import Tool
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

__all__ = ["TOOLS"]
