"""list-accounts-tool and get-account-tool (the chart of accounts, kontoplan)."""

from __future__ import annotations

from typing import Any

from ._billy import GetSpec, ListSpec, Param, boolean, enum, get_tool, list_tool, record_schema, string
from ._filters import recheck

NATURES = ("asset", "liability", "equity", "revenue", "expense")

ACCOUNT = record_schema(
    "An account in the chart of accounts (kontoplan).",
    {
        "id": {"type": "string"},
        "accountNo": {"type": "integer", "description": "Account number, e.g. 5710 (Bank)."},
        "name": {"type": "string"},
        "natureId": {
            "type": "string",
            "enum": list(NATURES),
            "description": "asset, liability, equity, revenue or expense.",
        },
        "groupId": {"type": "string"},
        "systemRole": {
            "type": "string",
            "description": "Billy's role for system accounts, e.g. accountsReceivable, salesTax.",
        },
        "taxRateId": {"type": "string", "description": "Default VAT rate for postings on this account."},
        "isPaymentEnabled": {"type": "boolean", "description": "Can be used to pay from or into (bank, cash, owner)."},
        "isBankAccount": {"type": "boolean"},
        "isArchived": {"type": "boolean"},
    },
)


def _recheck(arguments: Any, items: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], str | None]:
    return recheck(
        arguments, items, {"nature": "natureId", "is_archived": "isArchived", "is_payment_enabled": "isPaymentEnabled"}
    )


TOOLS = (
    list_tool(
        ListSpec(
            name="list-accounts-tool",
            title="List accounts",
            description=(
                "List the chart of accounts (kontoplan): account numbers and names, nature (asset, liability, equity, "
                "revenue, expense) and flags. Use it to turn an account number such as 5710 or a name such as "
                "'Telefon og internet' into the account id that list-postings-tool needs; query searches number and name."
            ),
            path="accounts",
            root="accounts",
            item=ACCOUNT,
            params=(
                Param("query", "q", string("Free-text search in account number, name and description.")),
                Param("nature", "natureId", enum(NATURES, "Only accounts of this nature.")),
                Param("is_archived", "isArchived", boolean("Archived accounts only (true) or active only (false).")),
                Param(
                    "is_payment_enabled",
                    "isPaymentEnabled",
                    boolean("Only accounts that can be paid from (bank, cash) when true."),
                ),
            ),
            post_filter=_recheck,
        )
    ),
    get_tool(
        GetSpec(
            name="get-account-tool",
            title="Get account",
            description="Get one account of the chart of accounts by id.",
            path="accounts",
            root="account",
            id_argument="account_id",
            item=ACCOUNT,
        )
    ),
)
