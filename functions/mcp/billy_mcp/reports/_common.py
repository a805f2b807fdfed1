"""What every report's function shares: today's date in Denmark, argument dates, the reads of the organization and
chart, money on the wire and the lines of a statement (the schemas are in reports.specs)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..registry import ToolCall
from ..schema import check_ranges
from ._layout import LayoutLine
from ._ledger import Account, Posting
from ._money import kroner
from ._read import Listing, ListRead, Reader
from ._sources import base_currency_of, chart_of, chart_reads, organization_of, postings_of
from .periods import FiscalCalendar


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
    """The tools' range check, on dates that may have been defaulted."""
    check_ranges({low: start.isoformat(), high: end.isoformat()}, (low, high))


money = kroner
"""Øre as the JSON number a report shows."""


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
    extra: list[Listing]
    """The report's own further lists, read in the same wave."""


def read_books(
    call: ToolCall,
    postings: ListRead,
    organization: dict[str, Any] | None = None,
    extra: Sequence[ListRead] = (),
) -> Books:
    """The organization (unless already read), chart, postings and the report's `extra` lists in one concurrent
    wave of Billy requests."""
    singles = [] if organization is not None else [("organization", "the organization")]
    listings, documents = Reader(call).read([*chart_reads(), postings, *extra], singles=singles)
    accounts, groups, natures, posted, *more = listings
    organization = organization if organization is not None else organization_of(documents[0])
    base_currency = base_currency_of(organization)
    chart = chart_of(accounts, groups, natures)
    return Books(
        organization,
        FiscalCalendar.of(organization),
        base_currency,
        chart,
        postings_of(posted, chart, base_currency),
        more,
    )


def read_organization(call: ToolCall) -> dict[str, Any]:
    _, [document] = Reader(call).read([], singles=[("organization", "the organization")])
    return organization_of(document)


def earlier_results_label(fiscal_start: dt.date) -> str:
    """The equity line for results of fiscal years ended before `fiscal_start` that no posting moved into equity:
    Billy moves a closed year's result to 7120 Overført resultat by itself (billy.dk support, "Sådan laver du
    årsafslutning i Billy"), and whether that move appears as postings is not documented, so it is computed here."""
    return f"Overført resultat: results of fiscal years ended before {fiscal_start} not in the postings (computed)"


def computed_line(name: str, **amounts: Any) -> dict[str, Any]:
    """A line that stands on no Billy account (an equity result computed here), shaped like an account line."""
    return {"accountId": None, "accountNo": None, "name": name, "nature": "equity", "computed": True, **amounts}


def group_entry(groups: dict[str, dict[str, Any]], account: Account, **totals: Any) -> dict[str, Any]:
    """The statement group of `account` within `groups` (by Billy's group id), created on first use."""
    key = account.group_id or ""
    group = groups.get(key)
    if group is None:
        group = groups[key] = {
            "groupId": account.group_id,
            "accountNo": account.group_number,
            "name": account.group_name or "(no group)",
            **totals,
            "accounts": [],
        }
    return group


def layout_lines(chart: Mapping[str, Account], lines: Sequence[LayoutLine]) -> list[dict[str, Any]]:
    """Statutory layout lines on the wire: key, label, amount, and the accounts on each line (none on a subtotal)."""
    out = []
    for line in lines:
        entry: dict[str, Any] = {"key": line.key, "label": line.label, "amount": money(line.ore)}
        if line.subtotal:
            entry["subtotal"] = True
        else:
            entry["accounts"] = [
                {
                    "accountId": account_id,
                    "accountNo": chart[account_id].number,
                    "name": chart[account_id].name,
                    "amount": money(ore),
                }
                for account_id, ore in line.accounts
            ]
        out.append(entry)
    return out


def by_nature_note(chart: Mapping[str, Account], accounts: Sequence[str]) -> str | None:
    if not accounts:
        return None
    names = ", ".join(
        f"{chart[a].number} {chart[a].name}" for a in sorted(accounts, key=lambda a: chart[a].number or 0)
    )
    return (
        f"Placed in the statutory layout by their nature, outside Billy's standard number ranges: {names}; check "
        "that their lines are right."
    )


def verdict(checks: Sequence[Mapping[str, Any]], *notes: str | None) -> tuple[bool, str | None]:
    """Whether every check passed, and the report's note: the failed checks first, then the report's own notes
    (None when there is nothing to say)."""
    failed = unverified(checks)
    note = " ".join(text for text in (failed, *notes) if text)
    return failed is None, note or None


def unverified(checks: Sequence[Mapping[str, Any]]) -> str | None:
    """The note a report leads with when a check failed (each failed check's detail), else None."""
    failed = [str(check["detail"]) for check in checks if not check["ok"]]
    return "Not verified: " + "; ".join(failed) + "." if failed else None
