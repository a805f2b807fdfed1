"""Dates of reports: the fiscal year of a day, named VAT periods, comparison periods and breakdown columns.

Fiscal years follow the organization: `fiscalYearEndMonth` (1-12) and the first fiscal year's own start and end
(`firstFiscalYearStart` / `firstFiscalYearEnd`), which may be shorter or longer than twelve months.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

Day = dt.date


@dataclass(frozen=True, slots=True)
class Period:
    start: Day
    end: Day

    def wire(self) -> dict[str, str]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}


class PeriodError(ValueError):
    """A period argument that names no real period; the message says what is accepted."""


@dataclass(frozen=True, slots=True)
class FiscalCalendar:
    end_month: int
    first_start: Day | None
    first_end: Day | None

    @classmethod
    def of(cls, organization: Mapping[str, Any]) -> FiscalCalendar:
        """The organization's fiscal calendar; Billy's defaults (calendar years) where a field is missing."""
        month = organization.get("fiscalYearEndMonth")
        end_month = month if isinstance(month, int) and not isinstance(month, bool) and 1 <= month <= 12 else 12
        first_start, first_end = (
            _date_or_none(organization.get("firstFiscalYearStart")),
            _date_or_none(organization.get("firstFiscalYearEnd")),
        )
        if first_start and first_end and first_end < first_start:
            first_start = first_end = None
        return cls(end_month, first_start, first_end)

    def year_of(self, day: Day) -> Period:
        """The fiscal year containing `day`."""
        if self.first_start and self.first_end and self.first_start <= day <= self.first_end:
            return Period(self.first_start, self.first_end)
        end_year = day.year if day.month <= self.end_month else day.year + 1
        end = _month_end(end_year, self.end_month)
        start = _month_end(end_year - 1, self.end_month) + dt.timedelta(days=1)
        if self.first_end and start <= self.first_end < end:
            start = self.first_end + dt.timedelta(days=1)
        return Period(start, end)

    def previous_year(self, year: Period) -> Period | None:
        """The fiscal year before `year` with its real dates, or None when `year` is the first fiscal year."""
        if self.first_start is not None and year.start <= self.first_start:
            return None
        return self.year_of(year.start - dt.timedelta(days=1))

    def is_whole_year(self, period: Period) -> bool:
        return self.year_of(period.start) == period

    def label(self, year: Period) -> str:
        """`2026` for a calendar year, `2025/26` for one that ends in another calendar year than it starts."""
        if year.start.year == year.end.year:
            return str(year.start.year)
        return f"{year.start.year}/{year.end.year % 100:02d}"

    def quarters(self, period: Period) -> list[tuple[str, Period]]:
        """Fiscal quarters covering the period, clipped to it: three-month blocks from each fiscal year's start (an
        18-month first year has six), labelled by the fiscal year (`2026-Q1`, `2025/26-Q5`)."""
        columns: list[tuple[str, Period]] = []
        year = self.year_of(period.start)
        while year.start <= period.end:
            cursor, number = year.start, 1
            while cursor <= year.end:
                last = min(add_months(cursor, 3) - dt.timedelta(days=1), year.end)
                if last >= period.start and cursor <= period.end:
                    part = Period(max(cursor, period.start), min(last, period.end))
                    columns.append((f"{self.label(year)}-Q{number}", part))
                cursor, number = add_months(cursor, 3), number + 1
            year = self.year_of(year.end + dt.timedelta(days=1))
        return columns


def _date_or_none(value: Any) -> Day | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _month_end(year: int, month: int) -> Day:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _month_start(day: Day) -> Day:
    return day.replace(day=1)


def add_months(day: Day, months: int) -> Day:
    """`day` moved by whole months, clamped to the month's last day (31 March - 1 month = 28/29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


_NAMED = re.compile(r"^(\d{4})(?:-(?:Q([1-4])|H([12])|(0[1-9]|1[0-2])))?$")


def named_period(text: str) -> Period:
    """`2026` (year), `2026-H1` (half), `2026-Q1` (quarter) or `2026-03` (month): calendar periods, as VAT is."""
    match = _NAMED.match(text.strip())
    if not match:
        raise PeriodError(
            f"period '{text[:20]}' is not one of YYYY, YYYY-H1/H2, YYYY-Q1..Q4 or YYYY-MM (e.g. 2026-Q1, 2026-03)"
        )
    year = int(match.group(1))
    if match.group(2):
        first = 3 * (int(match.group(2)) - 1) + 1
        return Period(dt.date(year, first, 1), _month_end(year, first + 2))
    if match.group(3):
        first = 6 * (int(match.group(3)) - 1) + 1
        return Period(dt.date(year, first, 1), _month_end(year, first + 5))
    if match.group(4):
        month = int(match.group(4))
        return Period(dt.date(year, month, 1), _month_end(year, month))
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31))


def _whole_months(period: Period) -> int | None:
    """How many calendar months the period spans when it starts on a 1st and ends on a month's last day."""
    if period.start.day != 1 or period.end != _month_end(period.end.year, period.end.month):
        return None
    return (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1


def previous_period(period: Period) -> Period:
    """The period of equal length just before: whole months stay whole months (Q2 → Q1), else equal days."""
    months = _whole_months(period)
    if months is not None:
        start = add_months(period.start, -months)
        return Period(start, period.start - dt.timedelta(days=1))
    length = period.end - period.start
    end = period.start - dt.timedelta(days=1)
    return Period(end - length, end)


def previous_year(period: Period) -> Period:
    """The same dates a year earlier (29 February becomes 28 February; a month's last day stays its last day)."""
    months = _whole_months(period)
    end = add_months(period.end, -12)
    if months is not None:
        end = _month_end(end.year, end.month)
    return Period(add_months(period.start, -12), end)


def breakdown(period: Period, unit: str) -> list[tuple[str, Period]]:
    """Calendar months (`2026-03`) or quarters (`2026-Q1`) covering the period, each clipped to it."""
    columns: list[tuple[str, Period]] = []
    cursor = _month_start(period.start)
    if unit == "quarter":
        cursor = cursor.replace(month=3 * ((cursor.month - 1) // 3) + 1)
    step = 3 if unit == "quarter" else 1
    while cursor <= period.end:
        last = _month_end(add_months(cursor, step - 1).year, add_months(cursor, step - 1).month)
        label = f"{cursor.year}-Q{(cursor.month - 1) // 3 + 1}" if unit == "quarter" else f"{cursor:%Y-%m}"
        columns.append((label, Period(max(cursor, period.start), min(last, period.end))))
        cursor = add_months(cursor, step)
    return columns
