"""list-postings-tool: the general ledger (finansposteringer) of a date range.

Billy does not document its postings filters, so the date range, account, transaction and isVoided are sent
and then re-checked on every returned posting: a filter Billy ignored can never leak wrong rows to the caller.
"""

from __future__ import annotations

from typing import Any

from ..registry import ToolCall
from ..schema import ACCOUNT_NO, boolean, identifier, one_account, record_schema
from .accounts import account_by_number
from .specs import ListSpec, Param, date_range

POSTING = record_schema(
    "One ledger line: an amount on one side (debit or credit) of one account.",
    {
        "id": {"type": "string"},
        "transactionId": {
            "type": "string",
            "description": "The transaction (bilag) the posting belongs to; its postings balance.",
        },
        "entryDate": {"type": "string"},
        "text": {"type": "string"},
        "accountId": {"type": "string"},
        "amount": {"type": "number", "description": "Always positive; the direction is in side."},
        "side": {"type": "string", "enum": ["debit", "credit"]},
        "currencyId": {"type": "string"},
        "isVoided": {"type": "boolean", "description": "True for postings of voided documents; they do not count."},
    },
)


def _account_no(call: ToolCall) -> dict[str, Any]:
    """account_no → account_id, through the chart of accounts (one more Billy request, only when it is given)."""
    number = one_account(call.arguments)
    if number is None:
        return call.arguments
    arguments = {key: value for key, value in call.arguments.items() if key != "account_no"}
    arguments["account_id"] = account_by_number(call, number)["id"]
    return arguments


TOOLS = (
    ListSpec(
        name="list-postings-tool",
        title="List postings",
        description=(
            "List ledger postings (finansposteringer) between two dates, for one account or transaction (bilag). "
            "amount is positive; side says debit or credit. Rows Billy returns outside the filters are removed and "
            "noted. One account with balances: get-account-ledger-tool."
        ),
        path="postings",
        root="postings",
        item=POSTING,
        params=(
            *date_range("entry_date", "EntryDate", "Posting date"),
            Param("account_id", "accountId", identifier("Only postings on this account (an account id).")),
            Param("transaction_id", "transactionId", identifier("Only postings of this transaction.")),
            Param(
                "is_voided",
                "isVoided",
                boolean("true: voided ones only (default false)."),
            ),
        ),
        required=("min_entry_date", "max_entry_date"),
        recheck={"account_id": "accountId", "transaction_id": "transactionId", "is_voided": "isVoided"},
        recheck_dates={"entry_date": "entryDate"},
        recheck_defaults={"is_voided": False},
        arguments={"account_no": ACCOUNT_NO},
        prepare=_account_no,
    ).tool(),
)
