"""get-profit-and-loss-tool (resultatopgørelse): revenue and expenses by group and account, and the result."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..registry import ToolCall
from ._common import (
    Books,
    account_fields,
    by_nature_note,
    check_order,
    day_argument,
    group_entry,
    layout_lines,
    money,
    read_books,
    read_organization,
    sort_key,
    today,
    verdict,
)
from ._layout import income_statement_layout
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


def _columns(
    arguments: Mapping[str, Any], period: Period, calendar: FiscalCalendar
) -> tuple[list[tuple[str, str, Period]], list[str]]:
    """(key, label, period): the period itself first, then the comparison and the breakdown columns; and notes."""
    columns = [("period", "The period", period)]
    notes: list[str] = []
    compare = arguments.get("compare")
    if compare == "previous_period":
        columns.append(("previous_period", "The period just before", previous_period(period)))
    elif compare == "previous_year":
        column, note = _previous_year(period, calendar)
        if column is not None:
            columns.append(column)
        if note:
            notes.append(note)
    unit = arguments.get("breakdown")
    if unit == "month":
        columns += [(label, label, part) for label, part in breakdown(period, "month")]
    elif unit == "quarter":
        columns += [(label, label, part) for label, part in calendar.quarters(period)]
    return columns, notes


def _previous_year(period: Period, calendar: FiscalCalendar) -> tuple[tuple[str, str, Period] | None, str | None]:
    """A whole fiscal year compares with the whole previous fiscal year, with its real dates (a first year may run up
    to 18 months: årsregnskabsloven § 15); any other period with the same dates a year earlier, within Billy's
    fiscal years. A first fiscal year has no previous year."""
    if calendar.is_whole_year(period):
        previous = calendar.previous_year(period)
        if previous is None:
            return None, (
                f"{period.start} to {period.end} is the company's first fiscal year in Billy, so it has no previous "
                "fiscal year to compare with; no comparison column is given."
            )
        label = f"The previous fiscal year ({previous.start} to {previous.end})"
        months, previous_months = _months(period), _months(previous)
        note = None
        if months != previous_months:
            note = (
                f"The previous fiscal year ran {previous_months} months against this year's {months}: the figures "
                "are not directly comparable (årsregnskabsloven § 24)."
            )
        return ("previous_year", label, previous), note
    shifted = previous_year(period)
    first = calendar.first_start
    if first is not None and shifted.end < first:
        return None, (
            f"A year before {period.start} to {period.end} lies before the company's first fiscal year in Billy "
            f"(from {first}); no comparison column is given."
        )
    if first is not None and shifted.start < first:
        clipped = Period(first, shifted.end)
        return ("previous_year", "The same period a year earlier", clipped), (
            f"The comparison starts on {first}, the first day of the company's first fiscal year in Billy."
        )
    return ("previous_year", "The same period a year earlier", shifted), None


def _months(period: Period) -> int:
    return (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1


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
    if start is not None:
        check_order(start, end, "from_date", "to_date")
    organization = None
    if start is None or arguments.get("compare") == "previous_year" or arguments.get("breakdown") == "quarter":
        # The default start, a fiscal-year comparison and fiscal quarters need the fiscal years first; read_books
        # then skips the organization.
        organization = read_organization(call)
    calendar = FiscalCalendar.of(organization) if organization is not None else None
    if start is None:
        assert calendar is not None
        start = calendar.year_of(end).start
    period = Period(start, end)
    columns, notes = _columns(arguments, period, calendar or FiscalCalendar(12, None, None))
    low = min(c[2].start for c in columns).isoformat()
    books = read_books(call, postings_read(low, end.isoformat(), "a shorter period, or no comparison"), organization)
    first = books.calendar.first_start
    if first is not None and start < first:
        notes.append(
            f"The period starts before the company's first fiscal year in Billy (from {first}); before it only an "
            "opening balance can be dated, which the income statement does not include."
        )
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
    layout, by_nature = income_statement_layout(books.chart, {a: -values[0] for a, values in sums.items() if values[0]})
    result["statutory"] = layout_lines(books.chart, layout)
    note = by_nature_note(books.chart, by_nature)
    if note:
        notes.append(note)
    checks = _checks(books, period, sums, columns)
    checks.append(
        {
            "name": "statutory layout equals the result",
            "ok": layout[-1].ore == result_of(sums, 0),
            "detail": f"Årets resultat in the layout {money(layout[-1].ore)}, the result {money(result_of(sums, 0))}",
        }
    )
    result["verified"], note = verdict(checks, *notes)
    result["checks"] = checks
    if note:
        result["note"] = note
    return result


def _checks(
    books: Books, period: Period, sums: Mapping[str, Sequence[int]], columns: list[tuple[str, str, Period]]
) -> list[dict[str, Any]]:
    """The result against the income-statement accounts' movement summed posting by posting; a breakdown against
    the period it divides."""
    low, high = period.start.isoformat(), period.end.isoformat()
    income = {a.id for a in books.chart.values() if a.statement == INCOME_STATEMENT}
    movement = -sum(p.ore for p in books.postings if p.account in income and low <= p.day <= high)
    result = result_of(sums, 0)
    checks = [
        {
            "name": "result equals the income-statement postings",
            "ok": result == movement,
            "detail": f"revenue - expenses {money(result)}, the income-statement accounts' net credit {money(movement)}",
        }
    ]
    parts = [i for i, (key, _, _) in enumerate(columns) if key not in ("period", "previous_period", "previous_year")]
    if parts:
        total = sum(result_of(sums, i) for i in parts)
        checks.append(
            {
                "name": "breakdown adds up to the period",
                "ok": total == result,
                "detail": f"the breakdown columns sum to {money(total)}, the period's result is {money(result)}",
            }
        )
    return checks
