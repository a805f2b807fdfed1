"""Periods and fiscal years: the end month, a long first year, named periods, comparisons and breakdowns."""

from __future__ import annotations

import datetime as dt

import pytest

from billy_mcp.reports.periods import (
    FiscalCalendar,
    Period,
    PeriodError,
    breakdown,
    named_period,
    previous_period,
    previous_year,
)

D = dt.date


def test_fiscal_years_follow_the_end_month_and_a_long_first_year() -> None:
    calendar = FiscalCalendar.of(
        {"fiscalYearEndMonth": 6, "firstFiscalYearStart": "2024-01-01", "firstFiscalYearEnd": "2025-06-30"}
    )
    assert calendar.year_of(D(2024, 3, 1)) == Period(D(2024, 1, 1), D(2025, 6, 30))
    assert calendar.year_of(D(2025, 7, 1)) == Period(D(2025, 7, 1), D(2026, 6, 30))
    assert calendar.year_of(D(2026, 6, 30)) == Period(D(2025, 7, 1), D(2026, 6, 30))
    assert FiscalCalendar.of({}).year_of(D(2026, 2, 28)) == Period(D(2026, 1, 1), D(2026, 12, 31))


def test_named_periods() -> None:
    assert named_period("2026-Q1") == Period(D(2026, 1, 1), D(2026, 3, 31))
    assert named_period("2024-02") == Period(D(2024, 2, 1), D(2024, 2, 29))
    assert named_period("2026-H2") == Period(D(2026, 7, 1), D(2026, 12, 31))
    assert named_period("2026") == Period(D(2026, 1, 1), D(2026, 12, 31))
    for bad in ("2026-Q5", "2026-13", "26-Q1", "2026-h1", ""):
        with pytest.raises(PeriodError):
            named_period(bad)


def test_comparison_periods() -> None:
    assert previous_period(Period(D(2026, 4, 1), D(2026, 6, 30))) == Period(D(2026, 1, 1), D(2026, 3, 31))
    assert previous_period(Period(D(2026, 3, 1), D(2026, 3, 31))) == Period(D(2026, 2, 1), D(2026, 2, 28))
    assert previous_period(Period(D(2026, 1, 10), D(2026, 1, 19))) == Period(D(2025, 12, 31), D(2026, 1, 9))
    assert previous_year(Period(D(2024, 2, 1), D(2024, 2, 29))) == Period(D(2023, 2, 1), D(2023, 2, 28))
    assert previous_year(Period(D(2025, 3, 1), D(2025, 2, 28) + dt.timedelta(days=365))) == Period(
        D(2024, 3, 1), D(2025, 2, 28)
    )


def test_breakdown_columns_are_clipped_to_the_period() -> None:
    assert breakdown(Period(D(2026, 2, 15), D(2026, 4, 10)), "month") == [
        ("2026-02", Period(D(2026, 2, 15), D(2026, 2, 28))),
        ("2026-03", Period(D(2026, 3, 1), D(2026, 3, 31))),
        ("2026-04", Period(D(2026, 4, 1), D(2026, 4, 10))),
    ]
    assert [label for label, _ in breakdown(Period(D(2025, 11, 1), D(2026, 4, 30)), "quarter")] == [
        "2025-Q4",
        "2026-Q1",
        "2026-Q2",
    ]


JULY_JUNE = FiscalCalendar(6, D(2025, 1, 1), D(2026, 6, 30))


def test_a_long_first_year_then_july_to_june_years() -> None:
    first = JULY_JUNE.year_of(D(2025, 3, 3))
    second = JULY_JUNE.year_of(D(2026, 7, 1))
    assert (first.start, first.end) == (D(2025, 1, 1), D(2026, 6, 30))
    assert (second.start, second.end) == (D(2026, 7, 1), D(2027, 6, 30))
    assert JULY_JUNE.previous_year(second) == first and JULY_JUNE.previous_year(first) is None
    assert JULY_JUNE.is_whole_year(second) and not JULY_JUNE.is_whole_year(Period(D(2026, 7, 1), D(2026, 12, 31)))
    assert (JULY_JUNE.label(first), JULY_JUNE.label(second), FiscalCalendar(12, None, None).label(second)) == (
        "2025/26",
        "2026/27",
        "2026/27",
    )


def test_fiscal_quarters_are_three_months_from_each_year_start_clipped_to_the_period() -> None:
    quarters = JULY_JUNE.quarters(Period(D(2026, 5, 15), D(2026, 10, 10)))
    assert [(label, part.start, part.end) for label, part in quarters] == [
        ("2025/26-Q6", D(2026, 5, 15), D(2026, 6, 30)),
        ("2026/27-Q1", D(2026, 7, 1), D(2026, 9, 30)),
        ("2026/27-Q2", D(2026, 10, 1), D(2026, 10, 10)),
    ]
    calendar_years = FiscalCalendar(12, None, None).quarters(Period(D(2026, 1, 1), D(2026, 12, 31)))
    assert [label for label, _ in calendar_years] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
