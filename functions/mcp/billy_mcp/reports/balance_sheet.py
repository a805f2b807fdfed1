"""get-balance-sheet-tool (balance): assets, liabilities and equity at a date, with this year's result in equity."""

from __future__ import annotations

from typing import Any

from ..registry import ToolCall
from ._common import (
    account_fields,
    computed_line,
    day_argument,
    group_entry,
    money,
    read_books,
    sort_key,
    today,
)
from ._ledger import BALANCE_SHEET, balance_sheet, shown, side_totals
from ._sources import postings_read

BASIS = (
    "Every valid (non-voided) posting up to as_of, in the base currency (foreign-currency postings at Billy's "
    "baseAmount). Balance-sheet accounts (natures whose reportType is balanceSheet) show their balance in their "
    "normal direction: assets debit-positive, liabilities and equity credit-positive. Equity also holds two "
    "computed lines: the current fiscal year's result (income-statement postings from the fiscal year's start to "
    "as_of; the same figure get-profit-and-loss-tool gives for that period) and the results of earlier fiscal years "
    "not transferred to equity (income-statement and currentEarnings postings before the fiscal year). balanced: "
    "assets = liabilities + equity."
)

SECTIONS = {"asset": "assets", "liability": "liabilities", "equity": "equity"}


def run(call: ToolCall) -> dict[str, Any]:
    as_of = day_argument(call.arguments, "as_of") or today()
    books = read_books(call, postings_read(None, as_of.isoformat(), "an earlier as_of date"))
    fiscal = books.calendar.year_of(as_of)
    sheet = balance_sheet(books.chart, books.postings, as_of.isoformat(), fiscal.start.isoformat())
    sections: dict[str, dict[str, Any]] = {name: {"amount": 0, "groups": {}} for name in SECTIONS.values()}
    for account in sorted((a for a in books.chart.values() if a.statement == BALANCE_SHEET), key=sort_key):
        ore = sheet.balances.get(account.id, 0)
        if not ore:
            continue
        name = SECTIONS.get(account.nature) or ("assets" if account.normal == "debit" else "liabilities")
        amount = shown(account, ore)
        section = sections[name]
        group = group_entry(section["groups"], account, amount=0)
        group["accounts"].append({**account_fields(account), "amount": money(amount)})
        group["amount"] += amount
        section["amount"] += amount
    computed: dict[str, Any] = {
        "groupId": None,
        "accountNo": None,
        "name": "Results (computed)",
        "amount": 0,
        "accounts": [],
    }
    for label, ore in (
        (f"Result of the fiscal year {fiscal.start} to {as_of} (computed)", sheet.current_result),
        (f"Results of fiscal years before {fiscal.start} not transferred to equity (computed)", sheet.earlier_results),
    ):
        if ore or label.startswith("Result of"):
            computed["accounts"].append(computed_line(label, amount=money(ore)))
            computed["amount"] += ore
    sections["equity"]["groups"]["(computed)"] = computed
    sections["equity"]["amount"] += computed["amount"]
    wire: dict[str, Any] = {}
    for name, section in sections.items():
        groups = []
        for group in section["groups"].values():
            group["amount"] = money(group["amount"])
            groups.append(group)
        wire[name] = {"amount": money(section["amount"]), "groups": groups}
    debit_side, credit_side = side_totals(books.chart, sheet)
    return {
        "complete": True,
        "postingsCounted": sheet.counted,
        "asOf": as_of.isoformat(),
        "fiscalYear": fiscal.wire(),
        "baseCurrency": books.base_currency,
        **wire,
        "currentYearResult": money(sheet.current_result),
        "liabilitiesAndEquity": money(credit_side),
        "balanced": debit_side == credit_side,
        "basis": BASIS,
    }
