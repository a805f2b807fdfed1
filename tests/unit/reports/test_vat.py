"""The momsangivelse rules on hand-made books: fields from Billy's VAT accounts, energy deductions, settlements left
out by originator, boxes from tax rates, and whole kroner as filed."""

from __future__ import annotations

import pytest

from billy_mcp.reports._vat import (
    RubrikLine,
    VatAccount,
    kroner_filed,
    meta_box,
    place,
    rubrik,
    settled_payable,
    standard_vat_accounts,
    vat_return,
)
from tests.support import HAND_MADE_CHART, ledger_account, txn

CHART = {
    **HAND_MADE_CHART,
    **{
        a.id: a
        for a in (
            ledger_account("elafgift", 7260, "liability"),
            ledger_account("vandafgift", 7270, "liability"),
            ledger_account("mystery", 7280, "liability"),
        )
    },
}
REGISTERED = [
    VatAccount("vat_out", "salesTax"),
    VatAccount("vat_in", "purchaseTax"),
    VatAccount("vat_services", "servicesAbroadTax"),
    VatAccount("elafgift", "deduction"),
]


def test_the_issue_example_energy_tax_on_an_added_account_reduces_the_payable() -> None:
    """Salgsmoms 2,500, købsmoms 200 and elafgift 300 on an account the company added: the return says 2,000."""
    books = [
        *txn("2026-01-10", "sale", ("bank", 12_500_00), ("sales", -10_000_00), ("vat_out", -2_500_00)),
        *txn("2026-01-12", "buy", ("rent", 800_00), ("vat_in", 200_00), ("bank", -1_000_00)),
        *txn("2026-03-20", "el", ("elafgift", 300_00), ("rent", -300_00)),
    ]
    figures = vat_return(CHART, REGISTERED, books, set(), "2026-01-01", "2026-03-31")
    assert figures.fields == {"output": 2_500_00, "input": 200_00, "goods_abroad": 0, "services_abroad": 0}
    assert figures.deductions == {"electricity": 300_00}
    assert figures.payable == 2_000_00 == figures.net_credit


def test_settling_transactions_are_left_out_and_give_what_was_settled() -> None:
    books = [
        *txn("2026-01-10", "sale", ("bank", 125_00), ("sales", -100_00), ("vat_out", -25_00)),
        *txn("2026-02-02", "abroad", ("rent", 20_00), ("vat_in", 5_00), ("vat_services", -5_00), ("bank", -20_00)),
        *txn(
            "2026-03-31",
            "settle",
            ("vat_out", 25_00),
            ("vat_in", -5_00),
            ("vat_services", 5_00),
            ("vat_settled", -25_00),
        ),
        # Paid straight from the VAT account to the bank, with Billy's payment as originator: not VAT of the period.
        *txn("2026-03-31", "pay", ("vat_out", 3_00), ("bank", -3_00)),
    ]
    figures = vat_return(CHART, REGISTERED, books, {"settle", "pay"}, "2026-01-01", "2026-03-31")
    assert figures.payable == 25_00 and figures.settlement_postings == 4 and figures.counted == 3
    assert settled_payable(books, {"vat_out", "vat_in", "vat_services"}, {"settle"}) == 25_00


@pytest.mark.parametrize(
    ("account", "vat_type", "field"),
    [
        ("vat_out", "anything", "output"),
        ("vat_in", None, "input"),
        ("elafgift", "deduction", "deduction:electricity"),
        ("vandafgift", "Fradrag", "deduction:water"),
        ("mystery", "deduction", "deduction:unspecified"),
        ("mystery", "somethingNew", None),
    ],
)
def test_vat_accounts_are_placed_by_role_number_and_deduction_type(
    account: str, vat_type: str | None, field: str | None
) -> None:
    assert place(CHART[account], vat_type) == field


def test_an_account_placed_nowhere_still_counts_and_is_shown() -> None:
    books = [*txn("2026-01-10", "odd", ("mystery", -40_00), ("bank", 40_00))]
    figures = vat_return(CHART, [VatAccount("mystery", "somethingNew")], books, set(), "2026-01-01", "2026-12-31")
    assert figures.unplaced == 40_00 and figures.payable == 40_00
    assert [(line.account, line.field) for line in figures.accounts] == [("mystery", None)]


def test_without_registered_accounts_the_standard_ones_stand_in() -> None:
    assert {entry.account for entry in standard_vat_accounts(CHART)} == {"vat_out", "vat_in", "vat_services"}


@pytest.mark.parametrize(
    ("name", "box"),
    [
        ("Rubrik A - varer", "A_goods"),
        ("Rubrik A - ydelser", "A_services"),
        ("Rubrik B - varer (indberettes til EU-salg uden moms)", "B_goods"),
        ("Rubrik B - varer (indberettes ikke til EU-salg uden moms)", "B_goods_not_listed"),
        ("Rubrik B - ydelser", "B_services"),
        ("Rubrik C", "C"),
        ("Box B - services", "B_services"),
        ("Momsfri omsætning", None),
    ],
)
def test_meta_fields_are_matched_to_boxes_by_name(name: str, box: str | None) -> None:
    assert meta_box(name, "") == box


def test_boxes_from_the_rates_on_lines_with_daybook_sides_and_credit_notes() -> None:
    boxes_of_rate = {"eu_sale": "B_services", "eu_buy": "A_goods", "domestic": None}
    lines = [
        RubrikLine("inv1", "eu_sale", 1_000_00),
        RubrikLine("cn1", "eu_sale", -200_00),  # a credit note counts negative
        RubrikLine("inv2", "domestic", 5_000_00),
        RubrikLine("bill1", "eu_buy", 300_00),
        RubrikLine("dbt1", "eu_sale", 50_00, "credit"),  # a daybook sale: credited
        RubrikLine("dbt2", "eu_buy", 70_00, "credit"),  # a purchase reversed in the daybook
    ]
    assert rubrik(lines, boxes_of_rate) == {
        "A_goods": 230_00,
        "A_services": 0,
        "B_goods": 0,
        "B_goods_not_listed": 0,
        "B_services": 850_00,
        "C": 0,
    }


@pytest.mark.parametrize(("ore", "kroner"), [(0, 0), (99, 0), (100, 1), (123_456_78, 123_456), (-99, 0), (-1_50, -1)])
def test_filed_amounts_disregard_ore_toward_zero(ore: int, kroner: int) -> None:
    assert kroner_filed(ore) == kroner


def test_rates_deducted_only_in_part_are_named() -> None:
    from billy_mcp.reports._read import Listing
    from billy_mcp.reports._sources import partly_deductible

    listing = Listing(
        records=[{"id": "r1", "name": "Købsmoms"}, {"id": "r2", "name": "Repræsentation"}],
        sideloaded={
            "taxRateDeductionComponents": {
                "c1": {"id": "c1", "taxRateId": "r1", "share": 1.0},
                "c2": {"id": "c2", "taxRateId": "r2", "share": 0.25},
            }
        },
    )
    assert partly_deductible(listing) == [("Repræsentation", 0.25)]
