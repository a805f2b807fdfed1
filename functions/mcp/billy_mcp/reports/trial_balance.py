"""get-trial-balance-tool (råbalance): every account's opening, debits, credits and closing for a period."""

from __future__ import annotations

from typing import Any

from ..tools._billy import boolean
from ..tools._registry import ToolCall
from ._common import (
    ACCOUNT_LINE,
    FROM_DATE,
    MONEY,
    PERIOD_SCHEMA,
    SIGNED,
    TO_DATE,
    account_fields,
    check_order,
    computed_line,
    day_argument,
    money,
    read_books,
    report_tool,
    sort_key,
    today,
)
from ._ledger import Movement, trial_balance
from ._periods import Period
from ._sources import postings_read

BASIS = (
    "Sums of every valid (non-voided) posting, in the base currency (foreign-currency postings at Billy's baseAmount). "
    "opening, closing: debit-positive balances (credit balances are negative). Opening of a balance-sheet account: "
    "all its postings before from_date; of an income-statement account (and of Billy's currentEarnings account "
    "7110): its postings from the start of the fiscal year containing from_date up to the day before. Results of "
    "earlier fiscal years not transferred to equity are one computed equity line (accountId null), so the trial "
    "balance balances. debit and credit: the postings within the period."
)

ROW = {
    "type": "object",
    "properties": {
        **ACCOUNT_LINE,
        "opening": SIGNED,
        "debit": MONEY,
        "credit": MONEY,
        "closing": SIGNED,
    },
    "required": ["accountId", "accountNo", "name", "nature", "opening", "debit", "credit", "closing"],
}


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
    books = read_books(
        call, postings_read(None, end.isoformat(), "a to_date closer to the company's first posting date")
    )
    fiscal = books.calendar.year_of(day_argument(arguments, "from_date") or end)
    start = day_argument(arguments, "from_date") or fiscal.start
    check_order(start, end, "from_date", "to_date")
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


TOOLS = (
    report_tool(
        "get-trial-balance-tool",
        "Trial balance",
        "Trial balance (råbalance) computed from every posting: per account the opening balance, debits, credits and "
        "closing balance for a period, with totals that prove debit = credit. Use it instead of summing postings "
        "yourself for account balances, 'what is on account 5710', or to check the books balance. "
        "Opening balance of a balance-sheet account = all its postings before from_date; of an income-statement "
        "account = its postings from the start of the fiscal year containing from_date up to the day before. "
        "Amounts are in the base currency; opening and closing are debit-positive.",
        {
            "from_date": FROM_DATE,
            "to_date": TO_DATE,
            "include_zero": {
                **boolean("Also list accounts with no balance and no movement (default false)."),
                "default": False,
            },
        },
        {
            "period": PERIOD_SCHEMA,
            "accounts": {"type": "array", "items": ROW},
            "totals": {
                "type": "object",
                "properties": {
                    "opening": SIGNED,
                    "debit": MONEY,
                    "credit": MONEY,
                    "difference": {**SIGNED, "description": "debit - credit: zero when the ledger balances."},
                    "closing": SIGNED,
                },
                "required": ["debit", "credit", "difference"],
            },
            "balanced": {"type": "boolean", "description": "debit = credit, and openings and closings sum to zero."},
        },
        ["period", "accounts", "totals", "balanced", "postingsCounted"],
        run,
    ),
)
