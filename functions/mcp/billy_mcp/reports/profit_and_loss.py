"""get-profit-and-loss-tool (resultatopgørelse): revenue and expenses by group and account, and the result."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..registry import ToolCall
from ._common import (
    account_fields,
    check_order,
    day_argument,
    group_entry,
    money,
    read_books,
    read_organization,
    sort_key,
    today,
)
from ._ledger import INCOME_STATEMENT, Account, income_statement, result_of, shown
from ._sources import postings_read
from .periods import FiscalCalendar, Period, breakdown, previous_period, previous_year

BASIS = (
    "Income-statement accounts only (natures whose reportType is incomeStatement), from every valid (non-voided) "
    "posting dated in the period, in the base currency (foreign-currency postings at Billy's baseAmount). Revenue "
    "is credits minus debits, expenses debits minus credits, each shown positive in its normal direction; "
    "result = revenue - expenses (profit positive, loss negative). Sections follow the account's nature, groups "
    "Billy's account groups."
)


def _columns(arguments: Mapping[str, Any], period: Period) -> list[tuple[str, str, Period]]:
    """(key, label, period): the period itself first, then the comparison and the breakdown columns."""
    columns = [("period", "The period", period)]
    compare = arguments.get("compare")
    if compare == "previous_period":
        columns.append(("previous_period", "The period just before", previous_period(period)))
    elif compare == "previous_year":
        columns.append(("previous_year", "The same period a year earlier", previous_year(period)))
    unit = arguments.get("breakdown")
    if unit in ("month", "quarter"):
        columns += [(label, label, part) for label, part in breakdown(period, str(unit))]
    return columns


def _statement(
    chart: Mapping[str, Account], sums: Mapping[str, Sequence[int]], keys: Sequence[str]
) -> dict[str, dict[str, Any]]:
    sections: dict[str, dict[str, Any]] = {}
    extra = list(enumerate(keys))[1:]
    for account in sorted((a for a in chart.values() if a.statement == INCOME_STATEMENT), key=sort_key):
        values = sums.get(account.id)
        if values is None or not any(values):
            continue
        section_name = "revenue" if account.normal == "credit" else "expenses"
        section = sections.setdefault(section_name, {"totals": [0] * len(keys), "groups": {}})
        group = group_entry(section["groups"], account, totals=[0] * len(keys))
        shown_values = [shown(account, value) for value in values]
        line = {**account_fields(account), "amount": money(shown_values[0])}
        if extra:
            line["columns"] = {key: money(shown_values[i]) for i, key in extra}
        group["accounts"].append(line)
        for i, value in enumerate(shown_values):
            group["totals"][i] += value
            section["totals"][i] += value
    out: dict[str, dict[str, Any]] = {}
    for name in ("revenue", "expenses"):
        section = sections.get(name, {"totals": [0] * len(keys), "groups": {}})
        groups = []
        for group in section["groups"].values():
            totals = group.pop("totals")
            group["amount"] = money(totals[0])
            if extra:
                group["columns"] = {key: money(totals[i]) for i, key in extra}
            groups.append(group)
        groups.sort(key=lambda g: (g["accountNo"] if g["accountNo"] is not None else 10**9, g["name"]))
        wire: dict[str, Any] = {"amount": money(section["totals"][0]), "groups": groups}
        if extra:
            wire["columns"] = {key: money(section["totals"][i]) for i, key in extra}
        out[name] = wire
    return out


def run(call: ToolCall) -> dict[str, Any]:
    arguments = call.arguments
    end = day_argument(arguments, "to_date") or today()
    start = day_argument(arguments, "from_date")
    organization = None
    if start is None:  # the default start needs the fiscal year first; read_books then skips the organization
        organization = read_organization(call)
        start = FiscalCalendar.of(organization).year_of(end).start
    check_order(start, end, "from_date", "to_date")
    period = Period(start, end)
    columns = _columns(arguments, period)
    low = min(c[2].start for c in columns).isoformat()
    books = read_books(call, postings_read(low, end.isoformat(), "a shorter period, or no comparison"), organization)
    keys = [key for key, _, _ in columns]
    sums, counted = income_statement(books.chart, books.postings, [c[2] for c in columns])
    statement = _statement(books.chart, sums, keys)
    result: dict[str, Any] = {
        "complete": True,
        "postingsCounted": counted,
        "period": period.wire(),
        "fiscalYear": books.calendar.year_of(end).wire(),
        "baseCurrency": books.base_currency,
        "columns": [{"key": key, "label": label, **part.wire()} for key, label, part in columns],
        "revenue": statement["revenue"],
        "expenses": statement["expenses"],
        "result": money(result_of(sums, 0)),
        "basis": BASIS,
    }
    if len(columns) > 1:
        result["resultColumns"] = {key: money(result_of(sums, i)) for i, key in enumerate(keys) if i}
    return result
