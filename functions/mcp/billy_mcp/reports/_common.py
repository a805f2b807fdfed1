"""What every report tool shares: today's date in Denmark, argument dates, the reads of the organization and
chart, money on the wire, and the schema pieces of the common output fields."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..tools._billy import UNTRUSTED, date
from ..tools._registry import READ_ONLY, Tool, ToolCall, ToolError, ToolFunction
from ._ledger import Account, Posting
from ._money import kroner
from ._periods import FiscalCalendar, Period
from ._read import Listing, ListRead, Reader
from ._sources import base_currency_of, chart_of, chart_reads, organization_of, postings_of


@cache
def _denmark() -> dt.tzinfo:
    """Denmark's time zone, loaded on first use (zoneinfo costs a cold start a few ms); UTC without a tz database."""
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Europe/Copenhagen")
    except Exception:  # pragma: no cover - depends on the machine
        return dt.UTC


def today() -> dt.date:
    """Today in Denmark, where Billy companies keep their books."""
    return dt.datetime.now(_denmark()).date()


def day_argument(arguments: Mapping[str, Any], name: str) -> dt.date | None:
    value = arguments.get(name)
    return dt.date.fromisoformat(value) if isinstance(value, str) else None


def check_order(start: dt.date, end: dt.date, low: str, high: str) -> None:
    if start > end:
        raise ToolError(f"Invalid arguments: {low} ({start}) is after {high} ({end}).")


def money(ore: int) -> float:
    return kroner(ore)


def account_fields(account: Account) -> dict[str, Any]:
    fields: dict[str, Any] = {"accountId": account.id, "accountNo": account.number, "name": account.name}
    fields["nature"] = account.nature
    if account.group_name is not None:
        fields["group"] = account.group_name
    return fields


def sort_key(account: Account) -> tuple[int, str]:
    return (account.number if account.number is not None else 10**9, account.name)


@dataclass
class Books:
    """What a ledger report reads: the organization, its chart of accounts and the postings of a date range."""

    organization: dict[str, Any]
    calendar: FiscalCalendar
    base_currency: str
    chart: dict[str, Account]
    postings: list[Posting]


def read_books(
    call: ToolCall, postings: ListRead | None, extra: Sequence[ListRead] = ()
) -> tuple[Books, list[Listing]]:
    """The organization, chart and (when asked) postings in one concurrent wave of Billy requests."""
    reader = Reader(call)
    lists = [*chart_reads(), *([postings] if postings else []), *extra]
    listings, [organization_document] = reader.read(lists, singles=[("organization", "the organization")])
    organization = organization_of(organization_document)
    base_currency = base_currency_of(organization)
    chart = chart_of(*listings[:3])
    rest = listings[3:]
    posted = postings_of(rest.pop(0), chart, base_currency) if postings else []
    return Books(organization, FiscalCalendar.of(organization), base_currency, chart, posted), rest


def read_organization(call: ToolCall) -> dict[str, Any]:
    _, [document] = Reader(call).read([], singles=[("organization", "the organization")])
    return organization_of(document)


# ---- schemas -------------------------------------------------------------------------------------------------------
MONEY = {"type": "number", "description": "Amount in the base currency, two decimals."}
SIGNED = {"type": "number", "description": "Debit-positive amount in the base currency (credit balances are negative)."}
ACCOUNT_LINE: dict[str, Any] = {
    "accountId": {"type": ["string", "null"], "description": "Billy's account id; null on a computed line."},
    "accountNo": {"type": ["integer", "null"]},
    "name": {"type": "string"},
    "nature": {"type": "string"},
    "group": {"type": "string"},
    "computed": {"type": "boolean", "description": "True for a line computed here, on no Billy account."},
}
"""The fields that name an account on every report line (account_fields fills them)."""


def group_schema(line: Mapping[str, Any], **extra: Any) -> dict[str, Any]:
    """An account group of a statement: its total and its account lines."""
    properties = {
        "groupId": {"type": ["string", "null"]},
        "accountNo": {"type": ["integer", "null"]},
        "name": {"type": "string"},
        "amount": MONEY,
        **extra,
        "accounts": {"type": "array", "items": dict(line)},
    }
    return {"type": "object", "properties": properties, "required": ["name", "amount", "accounts"]}


PERIOD_SCHEMA = {
    "type": "object",
    "properties": {"from": {"type": "string", "format": "date"}, "to": {"type": "string", "format": "date"}},
    "required": ["from", "to"],
}
COMMON_OUTPUT: dict[str, Any] = {
    "complete": {
        "type": "boolean",
        "description": "Always true: a report is computed from every record or not at all.",
    },
    "postingsCounted": {"type": "integer", "description": "Valid (non-voided) postings the figures are computed from."},
    "baseCurrency": {"type": "string", "description": "Currency of every amount, e.g. DKK."},
    "fiscalYear": {
        **PERIOD_SCHEMA,
        "description": "The fiscal year the report's dates fall in (from the organization).",
    },
    "basis": {"type": "string", "description": "How the figures were computed and what was left out."},
}
COMMON_REQUIRED = ["complete", "baseCurrency", "basis"]


def fiscal_fields(calendar: FiscalCalendar, day: dt.date) -> Period:
    return calendar.year_of(day)


def report_tool(
    name: str,
    title: str,
    description: str,
    properties: Mapping[str, Any],
    output_properties: Mapping[str, Any],
    required_output: Sequence[str],
    function: ToolFunction,
) -> Tool:
    properties = dict(properties)
    return Tool(
        name=name,
        title=title,
        description=description + UNTRUSTED,
        input_schema={"type": "object", "properties": properties, "additionalProperties": False},
        output_schema={
            "type": "object",
            "properties": {**COMMON_OUTPUT, **output_properties},
            "required": [*COMMON_REQUIRED, *required_output],
        },
        function=function,
        annotations=dict(READ_ONLY),
    )


FROM_DATE = date("First day of the period (default: the first day of the fiscal year containing to_date)")
TO_DATE = date("Last day of the period (default: today)")
AS_OF = date("The date to report at (default: today)")
