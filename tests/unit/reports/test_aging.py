"""Aging: bucket edges and open amounts on a past date."""

from __future__ import annotations

import datetime as dt

import pytest

from billy_mcp.reports._aging import OpenItem, age, bucket_of, currency_totals, open_amount

D = dt.date


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
