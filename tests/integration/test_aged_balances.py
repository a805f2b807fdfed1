"""The aged reports with prepayments and unapplied credits, through lambda_handler on Havørn Consult (a customer's
payment on account, a credit note tied to no invoice) and Nordlys Design; expected figures from the sandbox's tables."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from local.sandbox import demo_companies
from tests.support import call_tool

AS_OF = "2026-11-20"


def ore(value: float) -> int:
    return round(value * 100)


def control_balances(company: Any, roles: tuple[str, str], as_of: str) -> tuple[Counter[str], int]:
    """(per currency: the documents' account - the prepayments' account, in that currency; in the base currency),
    debit-positive, from the company's postings."""
    by_role = {a["systemRole"]: a["id"] for a in company.table("accounts") if a["systemRole"]}
    main, prepaid = by_role[roles[0]], by_role[roles[1]]
    per_currency: Counter[str] = Counter()
    base = 0
    for p in company.table("postings"):
        if p["isVoided"] or p["entryDate"] > as_of or p["accountId"] not in (main, prepaid):
            continue
        sign = 1 if p["side"] == "debit" else -1
        per_currency[p["currencyId"]] += sign * ore(p["amount"])
        base += sign * ore(p.get("baseAmount", p["amount"]))
    return per_currency, base


@pytest.fixture(scope="module")
def havoern() -> Any:
    return demo_companies()[1]


def test_an_unapplied_credit_note_is_a_credit_of_its_customer_not_an_overdue_amount(
    second_key: str, havoern: Any
) -> None:
    note = next(
        i
        for i in havoern.table("invoices")
        if i["type"] == "creditNote" and not i["creditedInvoiceId"] and not i["isPaid"]
    )
    data = call_tool(second_key, "get-aged-receivables-tool", {"as_of": AS_OF})["structuredContent"]
    for line in data["contacts"]:
        assert all(line[bucket] >= 0 for bucket in ("notDue", "days1to30", "days31to60", "days61to90", "over90"))
    [line] = [
        line for line in data["contacts"] if line["contactId"] == note["contactId"] and line["currencyId"] == "DKK"
    ]
    assert ore(line["unappliedCredits"]) == ore(note["grossAmount"])
    [credit] = [doc for doc in line["documents"]["unappliedCredits"] if doc["id"] == note["id"]]
    assert credit["number"] == str(note["invoiceNo"]) and ore(credit["open"]) == ore(note["grossAmount"])
    assert ore(line["netExposure"]) == ore(line["total"]) - ore(note["grossAmount"]) - ore(line["prepayments"])


def test_a_payment_on_account_is_the_customers_prepayment(second_key: str, havoern: Any) -> None:
    [balance] = havoern.table("contactBalancePostings")
    contact = next(c for c in havoern.table("contacts") if c["id"] == balance["contactId"])
    data = call_tool(second_key, "get-aged-receivables-tool", {"as_of": AS_OF})["structuredContent"]
    [line] = [line for line in data["contacts"] if line["contactId"] == contact["id"]]
    assert ore(line["prepayments"]) == ore(balance["amount"]) and line["name"] == contact["name"]
    assert ore(data["totals"]["DKK"]["prepayments"]) == ore(balance["amount"])
    before = call_tool(second_key, "get-aged-receivables-tool", {"as_of": "2026-10-01"})["structuredContent"]
    assert all(line["prepayments"] == 0 for line in before["contacts"])  # paid on 2026-10-05


@pytest.mark.parametrize(
    ("tool", "roles", "sign"),
    [
        ("get-aged-receivables-tool", ("accountsReceivable", "prepaymentLiability"), 1),
        ("get-aged-payables-tool", ("accountsPayable", "prepaymentAsset"), -1),
    ],
)
@pytest.mark.parametrize("company_index", [0, 1])
def test_totals_reconcile_to_the_control_accounts_per_currency(
    demo_key: str, second_key: str, tool: str, roles: tuple[str, str], sign: int, company_index: int
) -> None:
    company = demo_companies()[company_index]
    key = (demo_key, second_key)[company_index]
    data = call_tool(key, tool, {"as_of": AS_OF})["structuredContent"]
    per_currency, base = control_balances(company, roles, AS_OF)
    assert {currency: ore(sums["net"]) for currency, sums in data["totals"].items()} == {
        currency: sign * amount for currency, amount in per_currency.items() if amount
    }
    assert ore(data["inBaseCurrency"]["ledger"]) == sign * base
    difference = ore(data["inBaseCurrency"]["ledger"]) - ore(data["inBaseCurrency"]["atDocumentRates"])
    assert ore(data["inBaseCurrency"]["unrealizedCurrencyDifference"]) == difference
    assert data["verified"] is True and data["checks"] and all(check["ok"] for check in data["checks"])
