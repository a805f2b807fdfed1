"""VAT from the VAT accounts on hand-made books: settlements left out, reverse charge counted."""

from __future__ import annotations

from billy_mcp.reports._vat import vat_summary
from tests.support import HAND_MADE_CHART as CHART
from tests.support import txn


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
