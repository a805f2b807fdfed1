"""get-trial-balance-tool (råbalance): every account's opening, debits, credits and closing for a period."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..registry import ToolCall, ToolError
from ._common import (
    account_fields,
    check_order,
    computed_line,
    day_argument,
    earlier_results_label,
    group_entry,
    money,
    read_books,
    read_organization,
    sort_key,
    today,
    verdict,
)
from ._ledger import Movement, trial_balance
from ._sources import postings_read
from .periods import FiscalCalendar, Period

BASIS = (
    "Sums of every valid (non-voided) posting, in the base currency (foreign-currency postings at Billy's baseAmount). "
    "opening, closing: debit-positive balances (credit balances are negative). Opening of a balance-sheet account: "
    "all its postings before from_date; of an income-statement account (and of Billy's currentEarnings account "
    "7110): its postings from the start of the fiscal year containing from_date up to the day before. Results of "
    "fiscal years ended before that fiscal year which no posting moved into equity (Billy moves a closed year's "
    "result to 7120 Overført resultat by itself) are one computed equity line, Overført resultat (accountId null), "
    "so the trial balance balances. debit and credit: the postings within the period. A period may not cross a fiscal-year end."
)


def _row(fields: dict[str, Any], movement: Movement) -> dict[str, Any]:
    return {
        **fields,
        "opening": money(movement.opening),
        "debit": money(movement.debit),
        "credit": money(movement.credit),
        "closing": money(movement.closing),
    }


def run(call: ToolCall) -> dict[str, Any]:
    arguments = call.arguments
    end = day_argument(arguments, "to_date") or today()
    asked_start = day_argument(arguments, "from_date")
    organization = None
    if asked_start is not None:  # refused before Billy is asked; a defaulted start is never after the end
        check_order(asked_start, end, "from_date", "to_date")
        organization = read_organization(call)
        _refuse_across_year_end(FiscalCalendar.of(organization), asked_start, end)
    books = read_books(
        call, postings_read(None, end.isoformat(), "a to_date closer to the company's first posting date"), organization
    )
    fiscal = books.calendar.year_of(asked_start or end)
    start = asked_start or fiscal.start
    period = Period(start, end)
    result = trial_balance(books.chart, books.postings, period, fiscal.start.isoformat())
    include_zero = bool(arguments.get("include_zero"))
    rows = []
    groups: dict[str, dict[str, Any]] = {}
    for account in sorted(books.chart.values(), key=sort_key):
        movement = result.rows.get(account.id, Movement())
        if include_zero or movement.opening or movement.debit or movement.credit or movement.closing:
            rows.append(_row(account_fields(account), movement))
            group = group_entry(groups, account, opening=0, debit=0, credit=0, closing=0)
            group.pop("accounts", None)
            for key in ("opening", "debit", "credit", "closing"):
                group[key] += getattr(movement, key)
    if result.earlier_results.opening or include_zero:
        rows.append(
            _row(
                computed_line(earlier_results_label(fiscal.start)),
                result.earlier_results,
            )
        )
    totals = {
        "opening": money(result.opening),
        "debit": money(result.debit),
        "credit": money(result.credit),
        "difference": money(result.debit - result.credit),
        "closing": money(result.closing),
    }
    checks: list[dict[str, Any]] = [
        {
            "name": "debits equal credits",
            "ok": result.debit == result.credit,
            "detail": f"debits {totals['debit']}, credits {totals['credit']} in the period",
        },
        {
            "name": "openings and closings sum to zero",
            "ok": result.opening == 0 and result.closing == 0,
            "detail": f"openings sum to {totals['opening']}, closings to {totals['closing']}",
        },
    ]
    verified, note = verdict(checks)
    outcome: dict[str, Any] = {
        "complete": True,
        "postingsCounted": result.counted,
        "period": period.wire(),
        "fiscalYear": fiscal.wire(),
        "baseCurrency": books.base_currency,
        "accounts": rows,
        "groups": [
            {**group, **{key: money(group[key]) for key in ("opening", "debit", "credit", "closing")}}
            for group in sorted(
                groups.values(), key=lambda g: (g["accountNo"] if g["accountNo"] is not None else 10**9, g["name"])
            )
        ],
        "totals": totals,
        "balanced": result.balanced,
        "basis": BASIS,
        "verified": verified,
        "checks": checks,
    }
    if note:
        outcome["note"] = note
    return outcome


def _refuse_across_year_end(calendar: FiscalCalendar, start: dt.date, end: dt.date) -> None:
    """Income-statement accounts start every fiscal year at zero, so one trial balance cannot carry them across a
    fiscal-year end: the opening, movement and closing of such an account would not add up."""
    year = calendar.year_of(start)
    if end <= year.end:
        return
    after = year.end + dt.timedelta(days=1)
    raise ToolError(
        f"The period {start} to {end} crosses the end of the fiscal year {year.start} to {year.end}. Revenue and "
        "expense accounts start every fiscal year at zero, so one trial balance cannot carry them across it. Ask "
        f"for {start} to {year.end} and {after} to {end} separately, or use get-profit-and-loss-tool, which sums "
        "revenue and expenses over any period."
    )
