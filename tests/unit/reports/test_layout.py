"""The statutory layout on hand-made accounts: lines by Billy's standard numbers, subtotals that add up, nothing
extraordinary, a debit balance on a liability as a receivable, and the VAT accounts netted first."""

from __future__ import annotations

from billy_mcp.reports._layout import balance_sheet_layout, income_statement_layout, pl_line_of
from tests.support import ledger_account

CHART = {
    a.id: a
    for a in (
        ledger_account("sales", 1110, "revenue"),
        ledger_account("goods", 1210, "expense"),
        ledger_account("rent", 1510, "expense"),
        ledger_account("wages", 1410, "expense"),
        ledger_account("depreciation", 2010, "expense"),
        ledger_account("fx", 2210, "revenue"),
        ledger_account("interest_paid", 2310, "expense"),
        ledger_account("extra_income", 2510, "revenue"),
        ledger_account("extra_cost", 2520, "expense"),
        ledger_account("odd_income", 3100, "revenue"),
        ledger_account("bank", 5710, "asset"),
        ledger_account("receivable", 5810, "asset"),
        ledger_account("capital", 7140, "equity"),
        ledger_account("vat_out", 7250, "liability", "salesTax"),
        ledger_account("vat_in", 7220, "liability"),
        ledger_account("suppliers", 7320, "liability", "accountsPayable"),
        ledger_account("payroll_tax", 7330, "liability"),
    )
}


def test_income_statement_lines_and_subtotals() -> None:
    results = {
        "sales": 1000_00,
        "goods": -200_00,
        "rent": -100_00,
        "extra_income": 50_00,
        "wages": -300_00,
        "depreciation": -40_00,
        "extra_cost": -10_00,
        "fx": -5_00,  # a currency loss on a revenue-nature account stays a financial item
        "interest_paid": -20_00,
        "odd_income": 7_00,
    }
    lines, by_nature = income_statement_layout(CHART, results)
    amounts = {line.key: line.ore for line in lines}
    assert amounts["bruttofortjeneste"] == 1000_00 + 50_00 + 7_00 - 200_00 - 100_00
    assert amounts["resultatAfPrimaerDrift"] == amounts["bruttofortjeneste"] - 300_00 - 40_00 - 10_00
    assert amounts["resultatFoerSkat"] == amounts["resultatAfPrimaerDrift"] - 5_00 - 20_00
    assert amounts["aaretsResultat"] == sum(results.values())
    assert [line.key for line in lines if line.subtotal] == [
        "bruttofortjeneste",
        "resultatAfPrimaerDrift",
        "resultatFoerSkat",
        "aaretsResultat",
    ]
    assert by_nature == ["odd_income"]
    assert pl_line_of(CHART["extra_income"]).key == "andreDriftsindtaegter"  # never "extraordinary"


def test_balance_sheet_sections_with_a_vat_refund_and_a_liability_in_debit() -> None:
    balances = {
        "bank": 900_00,
        "receivable": 300_00,
        "capital": -1000_00,
        "vat_out": -50_00,
        "vat_in": 80_00,  # more købsmoms than salgsmoms: the company has VAT to be refunded
        "suppliers": -100_00,
        "payroll_tax": 20_00,  # overpaid A-skat: a claim, not a negative debt
    }
    sections, by_nature, assets, liabilities = balance_sheet_layout(
        CHART, balances, current_result=150_00, earlier_results=0
    )
    lines = {line.key: line.ore for section in sections.values() for line in section.lines}
    assert lines["tilgodehavender"] == 300_00 + 30_00 + 20_00
    assert lines["andenGaeld"] == 0 and lines["leverandoerer"] == 100_00
    assert lines["virksomhedskapital"] == 1000_00 and lines["aaretsResultat"] == 150_00
    assert assets == liabilities == 1250_00 and by_nature == []
