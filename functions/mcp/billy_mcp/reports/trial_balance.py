"""get-trial-balance-tool (råbalance): every account's opening, debits, credits and closing for a period."""

from __future__ import annotations

from typing import Any

from ..registry import ToolCall
from ._common import (
    account_fields,
    check_order,
    computed_line,
    day_argument,
    money,
    read_books,
    sort_key,
    today,
)
from ._ledger import Movement, trial_balance
from ._sources import postings_read
from .periods import Period

BASIS = (
    "Sums of every valid (non-voided) posting, in the base currency (foreign-currency postings at Billy's baseAmount). "
    "opening, closing: debit-positive balances (credit balances are negative). Opening of a balance-sheet account: "
    "all its postings before from_date; of an income-statement account (and of Billy's currentEarnings account "
    "7110): its postings from the start of the fiscal year containing from_date up to the day before. Results of "
    "earlier fiscal years not transferred to equity are one computed equity line (accountId null), so the trial "
    "balance balances. debit and credit: the postings within the period."
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
    if asked_start is not None:  # refused before Billy is asked; a defaulted start is never after the end
        check_order(asked_start, end, "from_date", "to_date")
    books = read_books(
        call, postings_read(None, end.isoformat(), "a to_date closer to the company's first posting date")
    )
    fiscal = books.calendar.year_of(asked_start or end)
    start = asked_start or fiscal.start
    period = Period(start, end)
    result = trial_balance(books.chart, books.postings, period, fiscal.start.isoformat())
    include_zero = bool(arguments.get("include_zero"))
    rows = []
    for account in sorted(books.chart.values(), key=sort_key):
        movement = result.rows.get(account.id, Movement())
        if include_zero or movement.opening or movement.debit or movement.credit or movement.closing:
            rows.append(_row(account_fields(account), movement))
    if result.earlier_results.opening or include_zero:
        rows.append(
            _row(
                computed_line(f"Results of fiscal years before {fiscal.start} not transferred to equity (computed)"),
                result.earlier_results,
            )
        )
    return {
        "complete": True,
        "postingsCounted": result.counted,
        "period": period.wire(),
        "fiscalYear": fiscal.wire(),
        "baseCurrency": books.base_currency,
        "accounts": rows,
        "totals": {
            "opening": money(result.opening),
            "debit": money(result.debit),
            "credit": money(result.credit),
            "difference": money(result.debit - result.credit),
            "closing": money(result.closing),
        },
        "balanced": result.balanced,
        "basis": BASIS,
    }
