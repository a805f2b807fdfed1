"""list-accounts-tool and get-account-tool (the chart of accounts, kontoplan), and account numbers → ids.

Billy's API documents no accountNo filter for /v2/accounts, so an account number is found in the chart itself: one request for up to 1000 accounts, which holds any Danish chart (Billy's standard one has 89).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..records import account_number
from ..registry import ToolCall, ToolError
from ..schema import (
    ACCOUNT_NO,
    FIELDS,
    VERBOSE,
    boolean,
    enum,
    get_output,
    identifier,
    one_account,
    record_schema,
    string,
    wanted_includes,
)
from .specs import GetSpec, ListSpec, Param, ToolSpec, output_records, record, records, with_note

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
        "groupName": {"type": "string", "description": "The account group's name (with include group)."},
        "natureName": {
            "type": "string",
            "description": "The nature's name in the company's language (with include nature).",
        },
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


# ---- account numbers ---------------------------------------------------------------------------------------
def account_by_number(call: ToolCall, number: int) -> dict[str, Any]:
    """The account with this number, read from the chart of accounts (one Billy request)."""
    chart = records(call.billy.get("accounts", {"pageSize": "1000"}, "the chart of accounts"), "accounts")
    found = [account for account in chart if account_number(account.get("accountNo")) == number]
    if not found:
        raise ToolError(
            f"There is no account number {number} in this company's chart of accounts. "
            "Use list-accounts-tool (query searches numbers and names) to find the right number."
        )
    return found[0]


# ---- list-accounts-tool ------------------------------------------------------------------------------------
def _names(arguments: Mapping[str, Any], document: Mapping[str, Any], items: list[dict[str, Any]]) -> list[str]:
    """groupName / natureName from the sideloaded accountGroups / accountNatures."""
    wanted = wanted_includes(arguments)
    added = []
    for include, root, key, name in (
        ("group", "accountGroups", "groupId", "groupName"),
        ("nature", "accountNatures", "natureId", "natureName"),
    ):
        if include not in wanted:
            continue
        names = {
            str(entry.get("id")): entry.get("name")
            for entry in document.get(root) or []
            if isinstance(entry, dict) and isinstance(entry.get("name"), str)
        }
        for item in items:
            if item.get(key) in names:
                item[name] = names[item[key]]
        added.append(name)
    return added


LIST_ACCOUNTS = ListSpec(
    name="list-accounts-tool",
    title="List accounts",
    description=(
        "The chart of accounts (kontoplan): numbers, names, nature (asset, liability, equity, revenue, expense) "
        "and flags; include adds group and nature names."
    ),
    path="accounts",
    root="accounts",
    item=ACCOUNT,
    params=(
        Param("query", "q", string("Free-text search in account number, name and description.")),
        Param("nature", "natureId", enum(NATURES, "Only accounts of this nature.")),
        Param("is_archived", "isArchived", boolean("true: archived only; false: active only.")),
        Param(
            "is_payment_enabled",
            "isPaymentEnabled",
            boolean("Only accounts that can be paid from (bank, cash) when true."),
        ),
    ),
    recheck={"nature": "natureId", "is_archived": "isArchived", "is_payment_enabled": "isPaymentEnabled"},
    includes={"group": "account.group", "nature": "account.nature"},
    enrich=_names,
).tool()


# ---- get-account-tool --------------------------------------------------------------------------------------
BY_ID = GetSpec(
    name="get-account-tool",
    title="Get account",
    description="Get one account by its id.",
    path="accounts",
    root="account",
    id_argument="account_id",
    item=ACCOUNT,
)
"""How get-account-tool reads an account by id (the tool itself also takes a number)."""


def _get_account(call: ToolCall) -> dict[str, Any]:
    number = one_account(call.arguments)
    if number is None:
        if call.arguments.get("account_id") is None:
            raise ToolError("Invalid arguments: give account_id or account_no (e.g. 5710).")
        return BY_ID.read(call, str(call.arguments["account_id"]))
    account = account_by_number(call, number)
    [output], note = output_records([record({"account": account}, "account")], call.arguments)
    return with_note({"account": output}, note)


GET_ACCOUNT = ToolSpec(
    name="get-account-tool",
    title="Get account",
    description=(
        "One account by number (account_no, e.g. 5710) or id (account_id): name, nature, group, system role and "
        "default VAT rate."
    ),
    arguments={
        "account_id": identifier("The account's Billy id."),
        "account_no": ACCOUNT_NO,
        "fields": FIELDS,
        "verbose": VERBOSE,
    },
    output=get_output("account", ACCOUNT),
    run=_get_account,
).tool()

TOOLS = (LIST_ACCOUNTS, GET_ACCOUNT)
