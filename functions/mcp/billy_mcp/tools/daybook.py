"""list-daybook-transactions-tool and get-daybook-transaction-tool (kassekladde, manual journal entries)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._billy import (
    GetSpec,
    ListSpec,
    Param,
    check_ranges,
    date,
    enum,
    get_tool,
    identifier,
    list_tool,
    record_schema,
    string,
)

DAYBOOK_TRANSACTION = record_schema(
    "A daybook (kassekladde) transaction: a manual journal entry with balanced lines.",
    {
        "id": {"type": "string"},
        "daybookId": {"type": "string"},
        "entryDate": {"type": "string"},
        "voucherNo": {"type": "string", "description": "Voucher number (bilagsnummer)."},
        "description": {"type": "string"},
        "state": {"type": "string", "enum": ["draft", "approved", "voided"]},
        "lines": {
            "type": "array",
            "items": {"type": "object"},
            "description": "Lines (when included): accountId, contraAccountId, amount and side (debit/credit).",
        },
    },
)


def _check(arguments: Mapping[str, Any]) -> None:
    check_ranges(arguments, ("min_entry_date", "max_entry_date"))


TOOLS = (
    list_tool(
        ListSpec(
            name="list-daybook-transactions-tool",
            title="List daybook transactions",
            description=(
                "List daybook (kassekladde) transactions: manual journal entries such as salaries, bank fees and owner "
                "deposits, with Billy's documented filters. Draft entries are not yet booked; voided ones do not count."
            ),
            path="daybookTransactions",
            root="daybookTransactions",
            item=DAYBOOK_TRANSACTION,
            params=(
                Param("daybook_id", "daybookId", identifier("Only transactions of this daybook.")),
                Param("state", "state", enum(("draft", "approved", "voided"), "draft, approved (booked) or voided.")),
                Param("min_entry_date", "minEntryDate", date("Entry date on or after")),
                Param("max_entry_date", "maxEntryDate", date("Entry date on or before")),
                Param(
                    "query", "q", string("Free-text search in description, extended description and voucher number.")
                ),
            ),
            check=_check,
        )
    ),
    get_tool(
        GetSpec(
            name="get-daybook-transaction-tool",
            title="Get daybook transaction",
            description="Get one daybook (kassekladde) transaction by id, optionally with its lines (account, contra account, amount, side).",
            path="daybookTransactions",
            root="daybookTransaction",
            id_argument="daybook_transaction_id",
            item=DAYBOOK_TRANSACTION,
            includes={"lines": "daybookTransaction.lines:embed"},
        )
    ),
)
