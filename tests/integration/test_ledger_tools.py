"""The transaction, daybook, payment and VAT tools and account numbers, through lambda_handler against the
sandbox; every expected value is computed here from the sandbox's own tables."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest

from local.container import reset_container
from local.sandbox import SandboxApi
from tests.support import all_pages, call_tool, error_text


def ore(value: float) -> int:
    return round(value * 100)


def account(company: Any, number: int) -> dict[str, Any]:
    return next(a for a in company.table("accounts") if a["accountNo"] == number)


# ---- transactions ------------------------------------------------------------------------------------------
def test_list_transactions_of_a_month_are_the_valid_ones_of_that_month(demo_key: str, company: Any) -> None:
    window = {"min_entry_date": "2026-03-01", "max_entry_date": "2026-03-31"}
    items, pagings = all_pages(demo_key, "list-transactions-tool", "transactions", window, page_size=200)
    expected = {
        t["id"]
        for t in company.table("transactions")
        if "2026-03-01" <= t["entryDate"] <= "2026-03-31" and not t["isVoided"]
    }
    assert {t["id"] for t in items} == expected and len(items) == len(expected) > 100
    assert pagings[0]["total"] == len(expected)
    originators = {t["originatorReference"].split(":")[0] for t in items}
    assert {"invoice", "bill", "bankPayment"} <= originators


def test_voided_transactions_only_when_asked(demo_key: str, company: Any) -> None:
    voided = [t for t in company.table("transactions") if t["isVoided"]]
    assert voided
    day = voided[0]["entryDate"]
    data = call_tool(
        demo_key,
        "list-transactions-tool",
        {"min_entry_date": day, "max_entry_date": day, "is_voided": True, "page_size": 1000},
    )["structuredContent"]
    assert {t["id"] for t in data["transactions"]} == {t["id"] for t in voided if t["entryDate"] == day}


def test_a_voucher_is_found_by_number_although_billy_ignores_that_filter(demo_key: str, company: Any) -> None:
    wanted = next(t for t in company.table("transactions") if t["entryDate"] == "2026-05-12" and not t["isVoided"])
    same_day = [t for t in company.table("transactions") if t["entryDate"] == "2026-05-12" and not t["isVoided"]]
    assert len(same_day) > 1  # so the re-check has something to remove
    data = call_tool(
        demo_key,
        "list-transactions-tool",
        {
            "voucher_no": wanted["voucherNo"],
            "min_entry_date": "2026-05-12",
            "max_entry_date": "2026-05-12",
            "page_size": 1000,
        },
    )["structuredContent"]
    assert [t["id"] for t in data["transactions"]] == [wanted["id"]]
    assert "did not match voucherNo" in data["note"]


def test_get_transaction_with_its_postings_which_balance(demo_key: str, company: Any) -> None:
    transaction = next(t for t in company.table("transactions") if t["originatorReference"].startswith("bill:"))
    data = call_tool(demo_key, "get-transaction-tool", {"transaction_id": transaction["id"], "include": ["postings"]})[
        "structuredContent"
    ]["transaction"]
    expected = [p for p in company.table("postings") if p["transactionId"] == transaction["id"]]
    assert (
        data["voucherNo"] == transaction["voucherNo"]
        and data["originatorReference"] == transaction["originatorReference"]
    )
    assert sorted(p["id"] for p in data["postings"]) == sorted(p["id"] for p in expected)
    base = [ore(p.get("baseAmount", p["amount"])) * (1 if p["side"] == "debit" else -1) for p in expected]
    assert sum(base) == 0 and len(base) >= 2


def test_an_unknown_transaction_is_a_clear_not_found(demo_key: str) -> None:
    text = error_text(call_tool(demo_key, "get-transaction-tool", {"transaction_id": "nope"}))
    assert "Not found" in text and "nope" in text


# ---- daybooks ----------------------------------------------------------------------------------------------
def test_list_daybooks(demo_key: str, company: Any) -> None:
    data = call_tool(demo_key, "list-daybooks-tool")["structuredContent"]
    assert {(d["id"], d["name"]) for d in data["daybooks"]} == {(d["id"], d["name"]) for d in company.table("daybooks")}
    assert data["paging"]["total"] == len(company.table("daybooks"))


# ---- bank payments -----------------------------------------------------------------------------------------
def test_bank_payments_of_a_quarter_add_up_to_the_bank_movements(demo_key: str, company: Any) -> None:
    window = {"min_entry_date": "2026-04-01", "max_entry_date": "2026-06-30"}
    items, _ = all_pages(demo_key, "list-bank-payments-tool", "bankPayments", window, page_size=100)
    table = [
        p for p in company.table("bankPayments") if "2026-04-01" <= p["entryDate"] <= "2026-06-30" and not p["isVoided"]
    ]
    assert {p["id"] for p in items} == {p["id"] for p in table}
    received = sum(ore(p["cashAmount"]) for p in items if p["cashSide"] == "debit")
    paid = sum(ore(p["cashAmount"]) for p in items if p["cashSide"] == "credit")
    # Independently: the bank account's postings of the payments' transactions.
    bank = account(company, 5710)["id"]
    payment_transactions = {
        t["id"]
        for t in company.table("transactions")
        if t["originatorReference"] in {f"bankPayment:{p['id']}" for p in table}
    }
    legs = [
        p for p in company.table("postings") if p["transactionId"] in payment_transactions and p["accountId"] == bank
    ]
    assert received == sum(ore(p["amount"]) for p in legs if p["side"] == "debit") > 0
    assert paid == sum(ore(p["amount"]) for p in legs if p["side"] == "credit") > 0


def test_bank_payments_say_which_invoices_they_settled(demo_key: str, company: Any) -> None:
    invoice = next(
        i
        for i in company.table("invoices")
        if i["state"] == "approved" and i["isPaid"] and i["currencyId"] == "DKK" and not i["_lateFees"]
    )
    data = call_tool(
        demo_key,
        "list-bank-payments-tool",
        {"contact_id": invoice["contactId"], "include": ["associations"], "page_size": 1000},
    )["structuredContent"]
    assert all(p["contactId"] == invoice["contactId"] for p in data["bankPayments"])
    settled: dict[str, int] = defaultdict(int)
    for payment in data["bankPayments"]:
        for association in payment["associations"]:
            settled[association["subjectReference"]] += ore(association["amount"])
    credited = sum(
        ore(m["amount"])
        for m in company.table("balanceModifiers")
        if m["subjectReference"] == f"invoice:{invoice['id']}" and not m["modifierReference"].startswith("bankPayment:")
    )
    assert settled[f"invoice:{invoice['id']}"] + credited == ore(invoice["grossAmount"])


# ---- VAT ---------------------------------------------------------------------------------------------------
def test_tax_rates(demo_key: str, company: Any) -> None:
    data = call_tool(demo_key, "list-tax-rates-tool", {"is_active": True})["structuredContent"]
    expected = {r["id"]: r["rate"] for r in company.table("taxRates") if r["isActive"]}
    assert {r["id"]: r["rate"] for r in data["taxRates"]} == expected and 0.25 in expected.values()


def test_sales_tax_returns_settled_and_open(demo_key: str, company: Any) -> None:
    table = company.table("salesTaxReturns")
    settled = call_tool(demo_key, "list-sales-tax-returns-tool", {"is_settled": True})["structuredContent"]
    open_ = call_tool(demo_key, "list-sales-tax-returns-tool", {"is_settled": False})["structuredContent"]
    assert {r["id"] for r in settled["salesTaxReturns"]} == {r["id"] for r in table if r["isSettled"]}
    assert {r["id"] for r in open_["salesTaxReturns"]} == {r["id"] for r in table if not r["isSettled"]}
    assert settled["salesTaxReturns"] and open_["salesTaxReturns"]
    first = table[0]
    one = call_tool(demo_key, "get-sales-tax-return-tool", {"sales_tax_return_id": first["id"]})["structuredContent"]
    got = one["salesTaxReturn"]
    assert (got["period"], got["startDate"], got["endDate"], got["reportDeadline"]) == (
        first["period"],
        first["startDate"],
        first["endDate"],
        first["reportDeadline"],
    )


# ---- account numbers ---------------------------------------------------------------------------------------
def test_postings_by_account_number_equal_postings_by_id(demo_key: str, sandbox: SandboxApi, company: Any) -> None:
    march = {"min_entry_date": "2026-03-01", "max_entry_date": "2026-03-31", "page_size": 1000}
    by_number = call_tool(demo_key, "list-postings-tool", {**march, "account_no": 5710})["structuredContent"]
    assert [path for _, path, _ in sandbox.requests] == ["/v2/accounts", "/v2/postings"]
    bank = account(company, 5710)["id"]
    expected = {
        p["id"]
        for p in company.table("postings")
        if p["accountId"] == bank and "2026-03-01" <= p["entryDate"] <= "2026-03-31" and not p["isVoided"]
    }
    assert {p["id"] for p in by_number["postings"]} == expected and expected


def test_get_account_by_number_is_one_request(demo_key: str, sandbox: SandboxApi, company: Any) -> None:
    data = call_tool(demo_key, "get-account-tool", {"account_no": 7250})["structuredContent"]["account"]
    assert data["id"] == account(company, 7250)["id"] and data["systemRole"] == "salesTax"
    assert [path for _, path, _ in sandbox.requests] == ["/v2/accounts"]
    by_id = call_tool(demo_key, "get-account-tool", {"account_id": data["id"]})["structuredContent"]["account"]
    assert by_id == data


@pytest.mark.parametrize(
    "tool, arguments, message",
    [
        ("get-account-tool", {"account_no": 9999}, "no account number 9999"),
        ("list-postings-tool", {"account_no": 4242}, "no account number 4242"),
        ("get-account-tool", {}, "give account_id or account_no"),
        ("get-account-tool", {"account_no": 5710, "account_id": "x"}, "not both"),
        ("list-postings-tool", {"account_no": 5710, "account_id": "x"}, "not both"),
    ],
)
def test_account_number_mistakes_are_clear(demo_key: str, tool: str, arguments: dict[str, Any], message: str) -> None:
    if tool == "list-postings-tool":
        arguments = {**arguments, "min_entry_date": "2026-01-01", "max_entry_date": "2026-01-31"}
    text = error_text(call_tool(demo_key, tool, arguments))
    assert message in text


def test_accounts_with_group_and_nature_names(demo_key: str, company: Any) -> None:
    data = call_tool(
        demo_key, "list-accounts-tool", {"include": ["group", "nature"], "page_size": 1000, "fields": ["accountNo"]}
    )["structuredContent"]
    groups = {g["id"]: g["name"] for g in company.table("accountGroups")}
    natures = {n["id"]: n["name"] for n in company.table("accountNatures")}
    chart = {a["id"]: a for a in company.table("accounts")}
    assert len(data["accounts"]) == len(chart)
    for item in data["accounts"]:
        source = chart[item["id"]]
        assert item["groupName"] == groups[source["groupId"]] and item["natureName"] == natures[source["natureId"]]
        assert set(item) == {"id", "accountNo", "groupName", "natureName"}  # kept through `fields`
    bank = next(a for a in data["accounts"] if a["accountNo"] == 5710)
    assert bank["natureName"] == "Aktiver"


def test_a_prefixed_server_names_prefixed_tools_in_errors(demo_key: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOOL_NAME_PREFIX", "billy__")
    reset_container()
    try:
        text = error_text(call_tool(demo_key, "billy__get-account-tool", {"account_no": 9999}))
    finally:
        monkeypatch.delenv("TOOL_NAME_PREFIX")
        reset_container()
    assert "billy__list-accounts-tool" in text
