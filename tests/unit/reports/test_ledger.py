"""The ledger rules on small hand-made books whose answers are worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt

from billy_mcp.reports._ledger import (
    LedgerPosting,
    Posting,
    Voucher,
    account_ledger,
    balance_sheet,
    income_statement,
    result_of,
    side_totals,
    trial_balance,
)
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


# ---- account ledger (kontokort) ---------------------------------------------------------------------------------
def _entries(postings: list[Posting]) -> list[LedgerPosting]:
    return [LedgerPosting(p, f"{p.transaction}-{i}", f"text {i}", i) for i, p in enumerate(postings)]


def test_an_account_ledger_opens_with_the_balance_before_and_runs_to_the_closing_balance() -> None:
    vouchers = {
        name: Voucher(name, n, str(n), None, None, None) for n, name in enumerate(["t1", "t2", "t3", "t4", "t5"])
    }
    result = account_ledger(
        CHART["bank"], _entries(BOOKS), vouchers, Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31)), "2026-01-01"
    )
    assert result.movement.opening == 100_00 + 125_00 - 40_00
    assert [(line.entry.posting.day, line.balance) for line in result.lines] == [
        ("2026-02-01", 185_00 + 250_00),
        ("2026-03-01", 185_00 + 250_00 - 30_00),
    ]
    assert result.movement.closing == result.lines[-1].balance


def test_an_income_accounts_ledger_starts_the_fiscal_year_at_zero() -> None:
    result = account_ledger(
        CHART["sales"], _entries(BOOKS), {}, Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31)), "2026-01-01"
    )
    assert result.movement.opening == -200_00  # February 2026 only; 2025's sale belongs to the closed year
    assert result.lines == []


def test_ledger_lines_go_by_date_then_transaction_number_then_billys_order_and_other_accounts_are_dropped() -> None:
    day = "2026-05-05"
    postings = [
        Posting(day, "bank", 1_00, "late"),
        Posting(day, "bank", 2_00, "early"),
        Posting("2026-05-04", "bank", 3_00, "unknown"),
        Posting(day, "rent", 9_00, "early"),
    ]
    entries = [
        LedgerPosting(postings[0], "a", "", 0),
        LedgerPosting(postings[1], "b", "", 2),
        LedgerPosting(postings[1], "c", "", 1),
        LedgerPosting(postings[2], "d", "", 0),
        LedgerPosting(postings[3], "e", "", 0),
    ]
    vouchers = {"late": Voucher("late", 9, "9", None, None, None), "early": Voucher("early", 3, "3", None, None, None)}
    result = account_ledger(
        CHART["bank"], entries, vouchers, Period(dt.date(2026, 5, 1), dt.date(2026, 5, 31)), "2026-01-01"
    )
    assert [line.entry.id for line in result.lines] == ["d", "c", "b", "a"]
    assert [line.balance for line in result.lines] == [3_00, 5_00, 7_00, 8_00]
    assert result.lines[0].voucher is None and result.lines[1].voucher == vouchers["early"]
