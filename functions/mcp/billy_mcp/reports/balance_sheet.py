"""get-balance-sheet-tool (balance): assets, liabilities and equity at a date, with this year's result in equity."""

from __future__ import annotations

from typing import Any

from ..registry import ToolCall
from ._common import (
    account_fields,
    by_nature_note,
    computed_line,
    day_argument,
    earlier_results_label,
    group_entry,
    layout_lines,
    money,
    read_books,
    sort_key,
    today,
    verdict,
)
from ._layout import balance_sheet_layout
from ._ledger import BALANCE_SHEET, INCOME_STATEMENT, balance_sheet, shown, side_totals
from ._sources import postings_read

BASIS = (
    "Every valid (non-voided) posting up to as_of, in the base currency (foreign-currency postings at Billy's "
    "baseAmount). Balance-sheet accounts (natures whose reportType is balanceSheet) show their balance in their "
    "normal direction: assets debit-positive, liabilities and equity credit-positive. Equity also holds computed "
    "lines: Årets resultat, the current fiscal year's result (income-statement postings from the fiscal year's "
    "start to as_of; the same figure get-profit-and-loss-tool gives for that period), and, where no posting moved "
    "earlier fiscal years' results into equity, Overført resultat for them (income-statement and currentEarnings "
    "postings before the fiscal year): Billy moves a closed year's result to 7120 Overført resultat by itself. "
    "balanced: assets = liabilities + equity."
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
    for label, ore, always in (
        (f"Årets resultat: the fiscal year {fiscal.start} to {as_of} (computed)", sheet.current_result, True),
        (earlier_results_label(fiscal.start), sheet.earlier_results, False),
    ):
        if ore or always:
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
    income = {a.id for a in books.chart.values() if a.statement == INCOME_STATEMENT}
    low, high = fiscal.start.isoformat(), as_of.isoformat()
    year_result = -sum(p.ore for p in books.postings if p.account in income and low <= p.day <= high)
    checks: list[dict[str, Any]] = [
        {
            "name": "assets equal liabilities and equity",
            "ok": debit_side == credit_side,
            "detail": f"assets {money(debit_side)}, liabilities and equity {money(credit_side)}",
        },
        {
            "name": "årets resultat equals the income statement",
            "ok": sheet.current_result == year_result,
            "detail": f"årets resultat {money(sheet.current_result)}, the fiscal year's income-statement postings "
            f"{money(year_result)}",
        },
    ]
    layout, by_nature, assets, liabilities = balance_sheet_layout(
        books.chart, sheet.balances, sheet.current_result, sheet.earlier_results
    )
    checks.append(
        {
            "name": "statutory layout balances",
            "ok": assets == liabilities == debit_side,
            "detail": f"aktiver {money(assets)}, passiver {money(liabilities)}, the ledger's balance {money(debit_side)}",
        }
    )
    statutory = {
        key: {
            "label": section.label,
            "amount": money(section.ore),
            "lines": layout_lines(books.chart, section.lines),
        }
        for key, section in layout.items()
    }
    verified, note = verdict(checks, by_nature_note(books.chart, by_nature))
    outcome: dict[str, Any] = {
        "complete": True,
        "postingsCounted": sheet.counted,
        "asOf": as_of.isoformat(),
        "fiscalYear": fiscal.wire(),
        "baseCurrency": books.base_currency,
        **wire,
        "currentYearResult": money(sheet.current_result),
        "liabilitiesAndEquity": money(credit_side),
        "balanced": debit_side == credit_side,
        "statutory": {"aktiverIAlt": money(assets), "passiverIAlt": money(liabilities), **statutory},
        "basis": BASIS,
        "verified": verified,
        "checks": checks,
    }
    if note:
        outcome["note"] = note
    return outcome
