"""list-daybooks-tool, list-daybook-transactions-tool and get-daybook-transaction-tool (kassekladde, manual
journal entries)."""

from __future__ import annotations

from ..schema import enum, identifier, record_schema, string
from .specs import GetSpec, ListSpec, Param, date_range

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


DAYBOOK = record_schema(
    "A daybook (kassekladde): a journal that manual entries are written in before they are booked.",
    {
        "id": {"type": "string"},
        "name": {"type": "string", "description": "e.g. Kassekladde, Lønkladde."},
        "defaultContraAccountId": {"type": "string", "description": "Account entries are balanced against by default."},
        "isTransactionSummaryEnabled": {"type": "boolean"},
    },
)


TOOLS = (
    ListSpec(
        name="list-daybooks-tool",
        title="List daybooks",
        description=(
            "List daybooks (kassekladder) with their default contra account; an id is daybook_id for "
            "list-daybook-transactions-tool."
        ),
        path="daybooks",
        root="daybooks",
        item=DAYBOOK,
        params=(),
        paged=False,
    ).tool(),
    ListSpec(
        name="list-daybook-transactions-tool",
        title="List daybook transactions",
        description=(
            "List daybook (kassekladde) entries: manual journal entries such as salaries, bank fees and owner "
            "deposits. Drafts are not booked."
        ),
        path="daybookTransactions",
        root="daybookTransactions",
        item=DAYBOOK_TRANSACTION,
        params=(
            Param("daybook_id", "daybookId", identifier("Only transactions of this daybook.")),
            Param("state", "state", enum(("draft", "approved", "voided"), "draft, approved (booked) or voided.")),
            *date_range("entry_date", "EntryDate", "Entry date"),
            Param("query", "q", string("Free-text search in description, extended description and voucher number.")),
        ),
    ).tool(),
    GetSpec(
        name="get-daybook-transaction-tool",
        title="Get daybook transaction",
        description=(
            "One daybook (kassekladde) entry by id, optionally with its lines (account, contra account, amount, side)."
        ),
        path="daybookTransactions",
        root="daybookTransaction",
        id_argument="daybook_transaction_id",
        item=DAYBOOK_TRANSACTION,
        includes={"lines": "daybookTransaction.lines:embed"},
    ).tool(),
)
