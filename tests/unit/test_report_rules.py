"""The reports' pure rules: money in øre, periods and fiscal years, ledger statements, VAT and aging, on small
hand-made books whose answers are worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt

import pytest

from billy_mcp.reports._aging import OpenItem, age, bucket_of, currency_totals, open_amount
from billy_mcp.reports._ledger import (
    Account,
    Posting,
    balance_sheet,
    income_statement,
    result_of,
    side_totals,
    trial_balance,
)
from billy_mcp.reports._money import BadAmount, kroner, to_ore
from billy_mcp.reports._vat import vat_summary
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


# ---- money -------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.1 + 0.2, 30),
        (44.28, 4428),
        (1e6 + 0.07, 100000007),
        (-12.5, -1250),
        (7, 700),
        ("19.99", 1999),
        ("0.005", 1),
        (2.675, 268),
    ],
)
def test_amounts_become_exact_ore(value: object, expected: int) -> None:
    assert to_ore(value) == expected


@pytest.mark.parametrize("value", [None, True, float("nan"), float("inf"), "abc", "Infinity", [1]])
def test_anything_else_is_refused(value: object) -> None:
    with pytest.raises(BadAmount):
        to_ore(value)


def test_sums_of_many_amounts_stay_exact() -> None:
    assert sum(to_ore(0.1) for _ in range(1000)) == 10000 and kroner(10000) == 100.0 and kroner(-5) == -0.05


# ---- periods ---------------------------------------------------------------------------------------------------------------
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


# ---- ledger ---------------------------------------------------------------------------------------------------------------
def account(id_: str, number: int, nature: str, role: str | None = None) -> Account:
    statement = "incomeStatement" if nature in ("revenue", "expense") else "balanceSheet"
    normal = "debit" if nature in ("asset", "expense") else "credit"
    return Account(id_, number, id_, nature, statement, normal, None, None, None, role)


CHART = {
    a.id: a
    for a in (
        account("bank", 5710, "asset"),
        account("sales", 1110, "revenue"),
        account("rent", 1510, "expense"),
        account("current", 7110, "equity", "currentEarnings"),
        account("retained", 7120, "equity", "retainedEarnings"),
        account("capital", 7140, "equity"),
        account("vat_out", 7250, "liability", "salesTax"),
        account("vat_in", 7220, "liability"),
        account("vat_services", 7240, "liability"),
        account("vat_settled", 7210, "liability", "salesTaxPayable"),
        account("eu_sales", 1150, "revenue"),
    )
}


def txn(day: str, name: str, *legs: tuple[str, int]) -> list[Posting]:
    assert sum(ore for _, ore in legs) == 0
    return [Posting(day, account_id, ore, name) for account_id, ore in legs]


BOOKS = [
    *txn("2025-01-01", "t1", ("bank", 100_00), ("capital", -100_00)),
    *txn("2025-05-01", "t2", ("bank", 125_00), ("sales", -100_00), ("vat_out", -25_00)),
    *txn("2025-06-01", "t3", ("rent", 40_00), ("bank", -40_00)),
    # 2025 made 60.00; closed by moving it from 7110 to 7120 on the last day.
    *txn("2025-12-31", "close", ("current", 60_00), ("retained", -60_00)),
    *txn("2026-02-01", "t4", ("bank", 250_00), ("sales", -200_00), ("vat_out", -50_00)),
    *txn("2026-03-01", "t5", ("rent", 30_00), ("bank", -30_00)),
]


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


def test_vat_leaves_out_settlements_and_counts_reverse_charge() -> None:
    books = [
        *txn("2026-01-10", "sale", ("bank", 125_00), ("sales", -100_00), ("vat_out", -25_00)),
        *txn("2026-01-11", "eu", ("eu_sales", -80_00), ("bank", 80_00)),
        *txn("2026-02-01", "buy", ("rent", 40_00), ("vat_in", 10_00), ("bank", -50_00)),
        *txn("2026-02-02", "abroad", ("rent", 20_00), ("vat_in", 5_00), ("vat_services", -5_00), ("bank", -20_00)),
        *txn(
            "2026-03-31",
            "settle",
            ("vat_out", 25_00),
            ("vat_in", -15_00),
            ("vat_services", 5_00),
            ("vat_settled", -15_00),
        ),
    ]
    summary = vat_summary(CHART, books, "2026-01-01", "2026-03-31")
    assert summary.amounts == {
        "output": 25_00,
        "input": 15_00,
        "goods_abroad": 0,
        "services_abroad": 5_00,
        "payable": 15_00,
    }
    assert summary.settlement_postings == 3 and summary.rubrik["rubrikB_services"] == 80_00
    assert summary.rubrik["rubrikA_goods"] is None and summary.missing == ["goods_abroad"]


# ---- aging ---------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("days_late", "bucket"),
    [
        (-3, "notDue"),
        (0, "notDue"),
        (1, "days1to30"),
        (30, "days1to30"),
        (31, "days31to60"),
        (60, "days31to60"),
        (61, "days61to90"),
        (90, "days61to90"),
        (91, "over90"),
    ],
)
def test_bucket_edges(days_late: int, bucket: str) -> None:
    assert bucket_of(D(2026, 5, 1), D(2026, 5, 1) + dt.timedelta(days=days_late)) == bucket


def item(
    id_: str, due: dt.date, gross: int, changes: tuple[tuple[dt.date, int], ...], now: int, currency: str = "DKK"
) -> OpenItem:
    return OpenItem(id_, id_, "c1", currency, D(2026, 1, 1), due, gross, changes, now)


def test_open_amounts_on_a_past_date_use_what_was_applied_by_then() -> None:
    invoice = item("i1", D(2026, 1, 15), 1000_00, ((D(2026, 2, 1), 100_00), (D(2026, 3, 1), -600_00)), 500_00)
    assert open_amount(invoice, D(2026, 1, 31), today=D(2026, 6, 1)) == 1000_00
    assert open_amount(invoice, D(2026, 2, 15), today=D(2026, 6, 1)) == 1100_00
    assert open_amount(invoice, D(2026, 6, 1), today=D(2026, 6, 1)) == 500_00  # Billy's own balance from today
    lines, examined = age(
        [invoice, item("i2", D(2026, 3, 1), 200_00, (), 0), item("e1", D(2026, 4, 1), 50_00, (), 50_00, "EUR")],
        D(2026, 2, 15),
        today=D(2026, 6, 1),
    )
    assert examined == 3
    totals = currency_totals(lines)
    assert (
        totals["DKK"]["days31to60"] == 1100_00
        and totals["DKK"]["notDue"] == 200_00
        and totals["DKK"]["total"] == 1300_00
    )
    assert totals["EUR"]["total"] == 50_00
