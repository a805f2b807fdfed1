"""list-transactions-tool and get-transaction-tool: transactions (bilag), the vouchers behind the postings.

Billy's API documents no filters for /v2/transactions and has been seen to ignore voucherNo and transactionNo, so
every filter is sent and then re-checked on the returned page.
"""

from __future__ import annotations

from ..schema import boolean, record_schema, string
from .specs import GetSpec, ListSpec, Param, date_range

TRANSACTION = record_schema(
    "A transaction (bilag): one booked document or journal entry and its balanced postings.",
    {
        "id": {"type": "string"},
        "transactionNo": {"type": "integer", "description": "Billy's running number of the transaction."},
        "voucherNo": {"type": "string", "description": "Voucher number (bilagsnummer) shown in Billy."},
        "entryDate": {"type": "string"},
        "originatorReference": {
            "type": "string",
            "description": "What the transaction books, as type:id, e.g. invoice:<id>, bill:<id>, "
            "bankPayment:<id>, daybookTransaction:<id>.",
        },
        "originatorName": {"type": "string", "description": "The document's name, e.g. 'Faktura 41'."},
        "isVoided": {"type": "boolean", "description": "True when the document was voided; its postings do not count."},
        "postings": {
            "type": "array",
            "items": {"type": "object"},
            "description": "The transaction's postings (when included): accountId, amount, side, text.",
        },
    },
)


TOOLS = (
    ListSpec(
        name="list-transactions-tool",
        title="List transactions",
        description=(
            "List transactions (bilag): each booked invoice, bill, payment or journal entry with voucher number, "
            "date and originator (invoice:<id>, bill:<id>, ...). voucher_no is matched on the returned page only: "
            "narrow the dates, use page_size 1000."
        ),
        path="transactions",
        root="transactions",
        item=TRANSACTION,
        params=(
            *date_range("entry_date", "EntryDate", "Entry date"),
            Param("voucher_no", "voucherNo", string("Exact voucher number (bilagsnummer).", maxLength=40)),
            Param(
                "is_voided",
                "isVoided",
                boolean("true: voided ones only (default false)."),
            ),
        ),
        recheck={"voucher_no": "voucherNo", "is_voided": "isVoided"},
        recheck_dates={"entry_date": "entryDate"},
        recheck_defaults={"is_voided": False},
    ).tool(),
    GetSpec(
        name="get-transaction-tool",
        title="Get transaction",
        description=(
            "One transaction (bilag) by id, optionally with its postings (account, amount, side, text); originator "
            "names the document it was booked from."
        ),
        path="transactions",
        root="transaction",
        id_argument="transaction_id",
        item=TRANSACTION,
        includes={"postings": "transaction.postings:embed"},
    ).tool(),
)
