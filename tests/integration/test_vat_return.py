"""get-vat-summary-tool as the momsangivelse, through lambda_handler on both sandbox companies.

Every expected figure is computed here from the sandbox's own tables: the VAT accounts Billy lists
(salesTaxAccounts), the postings on them, the transactions' originators, and the document lines with their tax
rates and the boxes those rates name (never by calling the report code). Havørn Consult books as real Billy
companies do: EU sales on 1110 with an EU tax rate, elafgift deducted on an account it added to the VAT group, and
one bill booked late into a settled quarter.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from local.sandbox import demo_companies
from tests.support import call_tool

BOXES = {
    "Rubrik A - varer": "A_goods",
    "Rubrik A - ydelser": "A_services",
    "Rubrik B - varer (indberettes til EU-salg uden moms)": "B_goods",
    "Rubrik B - varer (indberettes ikke til EU-salg uden moms)": "B_goods_not_listed",
    "Rubrik B - ydelser": "B_services",
    "Rubrik C": "C",
}
"""The sandbox's meta-field names (skat.dk's wording of the boxes) → the report's keys."""


def ore(value: float) -> int:
    return round(value * 100)


class Tables:
    def __init__(self, company: Any) -> None:
        self.company = company
        self.accounts = {a["id"]: a for a in company.table("accounts")}
        self.vat_ids = {row["accountId"] for row in company.table("salesTaxAccounts")}
        settling = ("salesTaxReturn:", "salesTaxPayment:")
        self.settling = {
            t["id"] for t in company.table("transactions") if str(t["originatorReference"]).startswith(settling)
        }

    def number(self, account_id: str) -> int:
        return int(self.accounts[account_id]["accountNo"])

    def vat_movements(self, low: str, high: str) -> Counter[int]:
        """Debit-positive øre per VAT account number, leaving out settlements and payments of returns."""
        sums: Counter[int] = Counter()
        for p in self.company.table("postings"):
            if (
                not p["isVoided"]
                and low <= p["entryDate"] <= high
                and p["accountId"] in self.vat_ids
                and p["transactionId"] not in self.settling
            ):
                sums[self.number(p["accountId"])] += ore(p["amount"]) * (1 if p["side"] == "debit" else -1)
        return sums

    def boxes(self, low: str, high: str) -> Counter[str]:
        rates = {r["id"]: r for r in self.company.table("taxRates")}
        fields = {f["id"]: f["name"] for f in self.company.table("salesTaxMetaFields")}
        box_of_rate = {rid: BOXES.get(fields.get(r.get("netAmountMetaFieldId") or "", "")) for rid, r in rates.items()}
        totals: Counter[str] = Counter()
        for table, lines, key in (("invoices", "invoiceLines", "invoiceId"), ("bills", "billLines", "billId")):
            documents = {
                d["id"]: d
                for d in self.company.table(table)
                if d["state"] == "approved" and low <= d["entryDate"] <= high
            }
            per_document: Counter[tuple[str, str]] = Counter()
            for line in self.company.table(lines):
                box = box_of_rate.get(line["taxRateId"])
                if line[key] in documents and box:
                    per_document[(line[key], box)] += ore(line["amount"])
            for (document_id, box), amount in per_document.items():
                document = documents[document_id]
                sign = -1 if document.get("type") == "creditNote" else 1
                totals[box] += sign * round(amount * document.get("exchangeRate", 1.0))
        return totals


@pytest.fixture(scope="module")
def havoern() -> Tables:
    return Tables(demo_companies()[1])


@pytest.fixture(scope="module")
def nordlys() -> Tables:
    return Tables(demo_companies()[0])


def test_havoern_energy_tax_deduction_reduces_what_is_payable(second_key: str, havoern: Tables) -> None:
    data = call_tool(second_key, "get-vat-summary-tool", {"period": "2026-Q2"})["structuredContent"]
    sums = havoern.vat_movements("2026-04-01", "2026-06-30")
    assert sums[7260] > 0, "the sandbox deducts elafgift every quarter"
    assert ore(data["payable"]) == -sum(sums.values())  # the VAT accounts' net credit movement, 7260 included
    assert ore(data["energyTaxDeductions"]["elafgift"]) == sums[7260]
    assert ore(data["outputVat"]) == -sums[7250] and ore(data["inputVat"]) == sums[7220]
    assert ore(data["payable"]) == -sums[7250] - sums[7230] - sums[7240] - sums[7220] - sums[7260]
    assert data["verified"] is True and all(check["ok"] for check in data["checks"])
    [energy] = [line for line in data["vatAccounts"] if line["accountNo"] == 7260]
    assert energy["field"] == "deduction:electricity" and energy["type"] == "deduction"


def test_havoern_eu_sales_on_1110_are_in_rubrik_b_through_their_tax_rate(second_key: str, havoern: Tables) -> None:
    data = call_tool(second_key, "get-vat-summary-tool", {"period": "2026"})["structuredContent"]
    expected = havoern.boxes("2026-01-01", "2026-12-31")
    assert expected["B_services"] > 0 and expected["A_goods"] > 0
    assert ore(data["rubrik"]["B_services"]) == expected["B_services"]
    assert {box: ore(amount) for box, amount in data["rubrik"].items()} == {
        box: expected[box] for box in ("A_goods", "A_services", "B_goods", "B_goods_not_listed", "B_services", "C")
    }
    revenue_1150 = sum(1 for p in havoern.company.table("postings") if havoern.number(p["accountId"]) in (1140, 1150))
    assert revenue_1150 == 0, "Havørn keeps its EU sales on 1110: no account would give rubrik B"


def test_the_filed_return_is_in_whole_kroner_with_the_payable_from_the_filed_fields(second_key: str) -> None:
    data = call_tool(second_key, "get-vat-summary-tool", {"period": "2026-Q2"})["structuredContent"]
    filed = data["filed"]
    for name in ("outputVat", "inputVat", "vatOnGoodsAbroad", "vatOnServicesAbroad"):
        assert filed[name] == int(data[name])  # positive fields: øre disregarded
    deductions = sum(filed["energyTaxDeductions"].values())
    assert filed["payable"] == (
        filed["outputVat"] + filed["vatOnGoodsAbroad"] + filed["vatOnServicesAbroad"] - filed["inputVat"] - deductions
    )
    assert abs(filed["payable"] - data["payable"]) < 5


def test_a_bill_booked_late_into_a_settled_quarter_is_the_difference(second_key: str, havoern: Tables) -> None:
    data = call_tool(second_key, "get-vat-summary-tool", {"period": "2026-Q1"})["structuredContent"]
    settlement = data["settlement"]
    returned = data["salesTaxReturn"]
    assert returned["isSettled"] is True and settlement["salesTaxReturnId"] == returned["id"]
    settling = next(
        t
        for t in havoern.company.table("transactions")
        if t["originatorReference"] == f"salesTaxReturn:{returned['id']}"
    )
    moved = sum(
        ore(p["amount"]) * (1 if p["side"] == "debit" else -1)
        for p in havoern.company.table("postings")
        if p["transactionId"] == settling["id"] and p["accountId"] in havoern.vat_ids
    )
    late = next(b for b in havoern.company.table("bills") if b["suppliersInvoiceNo"] == "SENT-2026-02")
    assert ore(settlement["settled"]) == moved
    assert (
        ore(settlement["ledgerNow"])
        == ore(data["payable"])
        == -sum(havoern.vat_movements("2026-01-01", "2026-03-31").values())
    )
    assert ore(settlement["difference"]) == -ore(late["tax"])  # the late bill's købsmoms was not settled
    [posting] = settlement["notInSettlement"]
    assert posting["entryDate"] == late["entryDate"] and posting["accountNo"] == 7220
    assert data["verified"] is True


def test_nordlys_fields_rubrik_and_an_exact_settlement(demo_key: str, nordlys: Tables) -> None:
    data = call_tool(demo_key, "get-vat-summary-tool", {"period": "2026-Q2"})["structuredContent"]
    sums = nordlys.vat_movements("2026-04-01", "2026-06-30")
    assert ore(data["payable"]) == -sum(sums.values()) and data["energyTaxDeductions"] == {}
    expected = nordlys.boxes("2026-04-01", "2026-06-30")
    assert {box: ore(amount) for box, amount in data["rubrik"].items() if amount} == {
        box: amount for box, amount in expected.items() if amount
    }
    assert data["settlement"]["difference"] == 0 and data["settlement"]["notInSettlement"] == []
    assert data["verified"] is True


@pytest.mark.parametrize("quarter, start", [("2026-Q2", "2026-04-01"), ("2026-Q3", "2026-07-01")])
def test_a_return_past_its_deadline_and_not_settled_says_it_is_overdue(
    demo_key: str, company: Any, quarter: str, start: str
) -> None:
    import datetime as dt
    from zoneinfo import ZoneInfo

    billys = next(r for r in company.table("salesTaxReturns") if r["startDate"] == start)
    today = dt.datetime.now(ZoneInfo("Europe/Copenhagen")).date()
    deadline = dt.date.fromisoformat(billys["reportDeadline"])
    late = (today - deadline).days if not billys["isSettled"] and today > deadline else None
    data = call_tool(demo_key, "get-vat-summary-tool", {"period": quarter})["structuredContent"]
    returned = data["salesTaxReturn"]
    assert returned["id"] == billys["id"] and returned["overdue"] is (late is not None)
    assert returned.get("daysOverdue") == late
    assert ("Overdue:" in data.get("note", "")) is (late is not None)
    if late is not None:
        assert billys["reportDeadline"] in data["note"] and "800 kr." in data["note"]
