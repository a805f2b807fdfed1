"""The ledger rules on small hand-made books whose answers are worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt

from billy_mcp.reports._ledger import balance_sheet, income_statement, result_of, side_totals, trial_balance
from billy_mcp.reports.periods import Period
from tests.support import HAND_MADE_BOOKS as BOOKS
from tests.support import HAND_MADE_CHART as CHART

D = dt.date


def test_trial_balance_of_a_closed_year() -> None:
    result = trial_balance(CHART, BOOKS, Period(D(2026, 3, 1), D(2026, 12, 31)), "2026-01-01")
    rows = result.rows
    assert (rows["bank"].opening, rows["bank"].credit, rows["bank"].closing) == (435_00, 30_00, 405_00)
    assert (rows["sales"].opening, rows["sales"].closing) == (-200_00, -200_00)  # this fiscal year only
    assert rows["current"].opening == 0 and result.earlier_results.opening == 0  # closed: nothing left over
    assert result.balanced and result.debit == result.credit == 30_00 and result.counted == len(BOOKS)


def test_trial_balance_of_an_unclosed_year_has_one_computed_line() -> None:
    unclosed = [p for p in BOOKS if p.transaction != "close"]
    result = trial_balance(CHART, unclosed, Period(D(2026, 1, 1), D(2026, 12, 31)), "2026-01-01")
    assert result.earlier_results.opening == -60_00 and result.balanced  # 2025's profit, credit-positive equity


def test_income_statement_and_balance_sheet_agree() -> None:
    sums, counted = income_statement(
        CHART, BOOKS, [Period(D(2026, 1, 1), D(2026, 12, 31)), Period(D(2025, 1, 1), D(2025, 12, 31))]
    )
    assert (result_of(sums, 0), result_of(sums, 1), counted) == (170_00, 60_00, 4)
    sheet = balance_sheet(CHART, BOOKS, "2026-12-31", "2026-01-01")
    assert sheet.current_result == 170_00 and sheet.earlier_results == 0
    assert sheet.balances["retained"] == -60_00 and "current" not in sheet.balances
    assert side_totals(CHART, sheet) == (405_00, 405_00)
    during = balance_sheet(CHART, BOOKS, "2025-12-31", "2025-01-01")
    assert during.current_result == 60_00 and during.balances["current"] == 60_00  # the transfer, shown on 7110
    assert side_totals(CHART, during)[0] == side_totals(CHART, during)[1] == 185_00
