"""Every tool through lambda_handler against the sandbox over HTTP, checked against the sandbox's own data.

Expected values are computed here from the company tables, independently of the tool code.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from local.sandbox import SandboxApi
from tests.support import MODERN, all_pages, call_tool, error_text

TODAY = "2026-11-20"


def by_id(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in records}


def cents(value: float) -> int:
    return round(value * 100)


def test_get_organization(demo_key: str, company: Any) -> None:
    org = call_tool(demo_key, "get-organization-tool")["structuredContent"]["organization"]
    expected = company.organization
    assert (org["id"], org["name"], org["registrationNo"]) == (
        expected["id"],
        "Nordlys Design ApS",
        expected["registrationNo"],
    )
    assert (
        "subscriptionCardNumber" not in org and "lockedReason" not in org
    )  # credential dropped; empty string compacted
    verbose = call_tool(demo_key, "get-organization-tool", {"verbose": True, "organization_id": expected["id"]})
    assert verbose["structuredContent"]["organization"]["lockedReason"] == ""
    assert "subscriptionCardNumber" not in verbose["structuredContent"]["organization"]


def test_list_organizations_is_the_connections_company_only(demo_key: str, sandbox: SandboxApi, company: Any) -> None:
    listed = call_tool(demo_key, "list-organizations-tool")["structuredContent"]
    assert [o["id"] for o in listed["organizations"]] == [company.organization["id"]] and "note" not in listed
    sandbox.strict_organizations = True  # a company token that may not list organizations: the same answer
    again = call_tool(demo_key, "list-organizations-tool")["structuredContent"]
    assert [o["id"] for o in again["organizations"]] == [company.organization["id"]]
    assert all(path != "/v2/organizations" for _, path, _ in sandbox.requests)


def test_another_companys_organization_id_is_refused(demo_key: str, sandbox: SandboxApi) -> None:
    """The connection's company is the boundary (issue 17 #12): an id of another organization never reaches Billy."""
    from local.sandbox import demo_companies

    other = demo_companies()[1].organization["id"]
    text = error_text(call_tool(demo_key, "get-organization-tool", {"organization_id": other}))
    assert "not the company of this call" in text and "Nordlys Design ApS" in text
    assert all(other not in path for _, path, _ in sandbox.requests)


def test_list_contacts_customers_across_pages(demo_key: str, company: Any) -> None:
    items, pagings = all_pages(demo_key, "list-contacts-tool", "contacts", {"is_customer": True}, page_size=10)
    expected = {c["id"] for c in company.table("contacts") if c["isCustomer"]}
    assert {c["id"] for c in items} == expected and len(items) == len(expected)
    assert pagings[0]["total"] == len(expected) and pagings[0]["pageCount"] == -(-len(expected) // 10) > 1
    assert all("accessCode" not in c for c in items)


def test_list_contacts_query_finds_danish_names(demo_key: str, company: Any) -> None:
    items, _ = all_pages(demo_key, "list-contacts-tool", "contacts", {"query": "Ø"}, page_size=100)
    expected = {
        c["id"]
        for c in company.table("contacts")
        if any("ø" in str(c.get(f) or "").casefold() for f in ("name", "contactNo", "registrationNo"))
    }
    assert expected and {c["id"] for c in items} == expected


def test_get_contact_with_persons(demo_key: str, company: Any) -> None:
    contact = company.table("contacts")[0]
    got = call_tool(demo_key, "get-contact-tool", {"contact_id": contact["id"], "include": ["contactPersons"]})[
        "structuredContent"
    ]["contact"]
    persons = [p for p in company.table("contactPersons") if p["contactId"] == contact["id"]]
    assert got["name"] == contact["name"] and sorted(p["email"] for p in got["contactPersons"]) == sorted(
        p["email"] for p in persons
    )


def test_overdue_invoices_count_and_total(demo_key: str, company: Any) -> None:
    yesterday = (dt.date.fromisoformat(TODAY) - dt.timedelta(days=1)).isoformat()
    items, pagings = all_pages(
        demo_key,
        "list-invoices-tool",
        "invoices",
        {"state": "approved", "is_paid": False, "max_due_date": yesterday},
        page_size=20,
    )
    expected = [
        i
        for i in company.table("invoices")
        if i["state"] == "approved" and not i["isPaid"] and i["dueDate"] and i["dueDate"] <= yesterday
    ]
    assert len(expected) > 20
    assert {i["id"] for i in items} == {i["id"] for i in expected}
    assert sum(cents(i["balance"]) for i in items) == sum(cents(i["balance"]) for i in expected)
    assert pagings[-1]["total"] == len(expected)


@pytest.mark.parametrize("state", ["draft", "approved", "voided"])
def test_invoices_by_state(demo_key: str, company: Any, state: str) -> None:
    items, _ = all_pages(demo_key, "list-invoices-tool", "invoices", {"state": state}, page_size=1000)
    assert {i["id"] for i in items} == {i["id"] for i in company.table("invoices") if i["state"] == state}


def test_invoices_by_contact_date_range_and_sorting(demo_key: str, company: Any) -> None:
    contact_id = company.table("invoices")[0]["contactId"]
    args = {
        "contact_id": contact_id,
        "min_entry_date": "2025-03-01",
        "max_entry_date": "2026-06-30",
        "sort_property": "grossAmount",
        "sort_direction": "DESC",
    }
    items, _ = all_pages(demo_key, "list-invoices-tool", "invoices", args, page_size=1000)
    expected = [
        i
        for i in company.table("invoices")
        if i["contactId"] == contact_id and "2025-03-01" <= i["entryDate"] <= "2026-06-30"
    ]
    assert {i["id"] for i in items} == {i["id"] for i in expected}
    amounts = [i["grossAmount"] for i in items]
    assert amounts == sorted(amounts, reverse=True)


def test_invoice_number_and_credit_notes(demo_key: str, company: Any) -> None:
    note = next(i for i in company.table("invoices") if i["type"] == "creditNote")
    found = call_tool(demo_key, "list-invoices-tool", {"invoice_no": note["invoiceNo"]})["structuredContent"][
        "invoices"
    ]
    assert [i["id"] for i in found] == [note["id"]] and found[0]["type"] == "creditNote"
    assert found[0]["creditedInvoiceId"] == note["creditedInvoiceId"]


def test_get_invoice_with_every_include(demo_key: str, company: Any) -> None:
    invoice = next(
        i for i in company.table("invoices") if i["_lateFees"] and i["_payments"] == [] and i["state"] == "approved"
    )
    result = call_tool(
        demo_key,
        "get-invoice-tool",
        {"invoice_id": invoice["id"], "include": ["lines", "contact", "lateFees", "balanceModifiers"]},
    )
    got = result["structuredContent"]["invoice"]
    assert sum(cents(line["amount"]) for line in got["lines"]) == cents(invoice["amount"])
    assert got["contact"]["id"] == invoice["contactId"] and "accessCode" not in got["contact"]
    assert len(got["lateFees"]) == len(invoice["_lateFees"])
    paid = sum(cents(m["amount"]) for m in got.get("balanceModifiers", []))
    assert cents(got["grossAmount"]) + 100 * 100 * len(got["lateFees"]) - paid == cents(got["balance"])
    assert "downloadUrl" not in got


def test_get_invoice_modern_era(demo_key: str, company: Any) -> None:
    invoice = company.table("invoices")[5]
    got = call_tool(demo_key, "get-invoice-tool", {"invoice_id": invoice["id"]}, version=MODERN)["structuredContent"][
        "invoice"
    ]
    assert got["id"] == invoice["id"] and "lines" not in got


def test_products_and_prices(demo_key: str, company: Any) -> None:
    items, pagings = all_pages(demo_key, "list-products-tool", "products", {}, page_size=15)
    assert len(items) == 40 == pagings[0]["total"] and len(pagings) == 3
    archived = call_tool(demo_key, "list-products-tool", {"is_archived": True})["structuredContent"]["products"]
    assert {p["id"] for p in archived} == {p["id"] for p in company.table("products") if p["isArchived"]}
    product = company.table("products")[0]
    got = call_tool(demo_key, "get-product-tool", {"product_id": product["id"], "include": ["prices"]})[
        "structuredContent"
    ]["product"]
    prices = {
        (p["currencyId"], p["unitPrice"]) for p in company.table("productPrices") if p["productId"] == product["id"]
    }
    assert {(p["currencyId"], p["unitPrice"]) for p in got["prices"]} == prices and len(prices) == 2


def test_unpaid_bills_and_bill_lines(demo_key: str, company: Any) -> None:
    items, _ = all_pages(demo_key, "list-bills-tool", "bills", {"state": "approved", "is_paid": False}, page_size=25)
    expected = [b for b in company.table("bills") if b["state"] == "approved" and not b["isPaid"]]
    assert {b["id"] for b in items} == {b["id"] for b in expected}
    assert sum(cents(b["balance"]) for b in items) == sum(cents(b["balance"]) for b in expected)
    bill = company.table("bills")[3]
    got = call_tool(demo_key, "get-bill-tool", {"bill_id": bill["id"], "include": ["lines", "contact"]})[
        "structuredContent"
    ]["bill"]
    assert (
        sum(cents(line["amount"]) for line in got["lines"]) == cents(bill["amount"])
        and got["contact"]["name"] == bill["contactName"]
    )


def test_accounts(demo_key: str, company: Any) -> None:
    items, _ = all_pages(demo_key, "list-accounts-tool", "accounts", {"nature": "expense"}, page_size=1000)
    assert {a["id"] for a in items} == {a["id"] for a in company.table("accounts") if a["natureId"] == "expense"}
    bank = call_tool(demo_key, "list-accounts-tool", {"query": "5710"})["structuredContent"]["accounts"]
    assert [a["accountNo"] for a in bank] == [5710] and bank[0]["name"] == "Bank"
    payment = call_tool(demo_key, "list-accounts-tool", {"is_payment_enabled": True})["structuredContent"]["accounts"]
    assert sorted(a["accountNo"] for a in payment) == [5710, 5720, 7130]
    got = call_tool(demo_key, "get-account-tool", {"account_id": bank[0]["id"]})["structuredContent"]["account"]
    assert got["accountNo"] == 5710 and got["isBankAccount"] is True


def test_postings_on_the_bank_account_in_march(demo_key: str, company: Any) -> None:
    bank = next(a for a in company.table("accounts") if a["accountNo"] == 5710)
    args = {"account_id": bank["id"], "min_entry_date": "2026-03-01", "max_entry_date": "2026-03-31"}
    items, _ = all_pages(demo_key, "list-postings-tool", "postings", args, page_size=10)
    expected = [
        p
        for p in company.table("postings")
        if p["accountId"] == bank["id"] and "2026-03-01" <= p["entryDate"] <= "2026-03-31" and not p["isVoided"]
    ]
    assert len(expected) > 10 and {p["id"] for p in items} == {p["id"] for p in expected}
    movement = sum(cents(p["amount"]) * (1 if p["side"] == "debit" else -1) for p in items)
    assert movement == sum(cents(p["amount"]) * (1 if p["side"] == "debit" else -1) for p in expected)


def test_postings_at_the_maximum_page_size_span_pages(demo_key: str, company: Any) -> None:
    items, pagings = all_pages(
        demo_key,
        "list-postings-tool",
        "postings",
        {"min_entry_date": "2025-01-01", "max_entry_date": "2026-12-31"},
        page_size=1000,
    )
    expected = [p for p in company.table("postings") if not p["isVoided"]]
    assert len(expected) > 1000 and len(pagings) >= 2
    assert {p["id"] for p in items} == {p["id"] for p in expected}

    def base(p: dict[str, Any]) -> int:
        return cents(p["baseAmount"] if p["currencyId"] != "DKK" else p["amount"])

    debits = sum(base(p) for p in items if p["side"] == "debit")
    assert debits == sum(base(p) for p in items if p["side"] == "credit")  # the ledger balances in DKK


def test_voided_postings_only_when_asked(demo_key: str, company: Any) -> None:
    args = {"min_entry_date": "2025-01-01", "max_entry_date": "2026-12-31", "is_voided": True}
    items, _ = all_pages(demo_key, "list-postings-tool", "postings", args, page_size=1000)
    assert items and {p["id"] for p in items} == {p["id"] for p in company.table("postings") if p["isVoided"]}


def test_postings_are_rechecked_when_billy_ignores_the_filters(
    demo_key: str, sandbox: SandboxApi, company: Any
) -> None:
    sandbox.ignore_filters.add("postings")
    data = call_tool(
        demo_key,
        "list-postings-tool",
        {"min_entry_date": "2026-02-01", "max_entry_date": "2026-02-28", "page_size": 1000},
    )["structuredContent"]
    assert data["postings"] and all(
        "2026-02-01" <= p["entryDate"] <= "2026-02-28" and not p.get("isVoided") for p in data["postings"]
    )
    assert "removed" in data["note"]
    expected = {
        p["id"]
        for p in company.table("postings")[:1000]
        if "2026-02-01" <= p["entryDate"] <= "2026-02-28" and not p["isVoided"]
    }
    assert {p["id"] for p in data["postings"]} == expected


def test_daybook_transactions_and_lines(demo_key: str, company: Any) -> None:
    daybook = next(d for d in company.table("daybooks") if d["name"] == "Lønkladde")
    items, _ = all_pages(
        demo_key,
        "list-daybook-transactions-tool",
        "daybookTransactions",
        {"daybook_id": daybook["id"], "state": "approved"},
        page_size=5,
    )
    expected = [
        t for t in company.table("daybookTransactions") if t["daybookId"] == daybook["id"] and t["state"] == "approved"
    ]
    assert len(expected) > 5 and {t["id"] for t in items} == {t["id"] for t in expected}
    got = call_tool(
        demo_key, "get-daybook-transaction-tool", {"daybook_transaction_id": expected[0]["id"], "include": ["lines"]}
    )
    lines = got["structuredContent"]["daybookTransaction"]["lines"]
    assert lines and {line["daybookTransactionId"] for line in lines} == {expected[0]["id"]}
    search = call_tool(demo_key, "list-daybook-transactions-tool", {"query": "Åbningsbalance"})["structuredContent"][
        "daybookTransactions"
    ]
    assert [t["description"] for t in search] == ["Åbningsbalance"]


def test_fields_keep_only_the_named_fields_with_the_sandbox_values(demo_key: str, company: Any) -> None:
    fields = ["invoiceNo", "dueDate", "grossAmount", "balance"]
    result = call_tool(demo_key, "list-invoices-tool", {"state": "approved", "page_size": 20, "fields": fields})
    projected = result["structuredContent"]
    invoices = by_id(company.table("invoices"))
    assert len(projected["invoices"]) == 20 and "note" not in projected and projected["paging"]["total"] > 20
    for record in projected["invoices"]:
        assert set(record) == {"id", *fields}
        source = invoices[record["id"]]
        assert [record[name] for name in fields] == [source[name] for name in fields]
    full = call_tool(demo_key, "list-invoices-tool", {"state": "approved", "page_size": 20})
    assert len(result["content"][0]["text"]) < len(full["content"][0]["text"]) / 2


def test_fields_on_a_get_keep_the_requested_includes(demo_key: str, company: Any) -> None:
    invoice = next(i for i in company.table("invoices") if i["state"] == "approved")
    arguments = {"invoice_id": invoice["id"], "include": ["lines"], "fields": ["invoiceNo", "grossAmount"]}
    got = call_tool(demo_key, "get-invoice-tool", arguments)["structuredContent"]["invoice"]
    assert set(got) == {"id", "invoiceNo", "grossAmount", "lines"} and got["grossAmount"] == invoice["grossAmount"]
    assert got["lines"] and all("amount" in line for line in got["lines"])  # embedded records are not projected


def test_fields_that_no_record_has_are_named_in_a_note(demo_key: str) -> None:
    listed = call_tool(demo_key, "list-products-tool", {"page_size": 3, "fields": ["name", "grossAmmount"]})
    content = listed["structuredContent"]
    assert all(set(p) <= {"id", "name"} for p in content["products"])
    assert "grossAmmount" in content["note"] and "name," not in content["note"]
    org = call_tool(demo_key, "get-organization-tool", {"fields": ["name", "nope"]})["structuredContent"]
    assert set(org["organization"]) == {"id", "name"} and "nope" in org["note"]
    none = call_tool(demo_key, "list-products-tool", {"query": "no such product at all", "fields": ["name"]})
    assert none["structuredContent"]["products"] == [] and "note" not in none["structuredContent"]


def test_fields_cannot_bring_back_a_credential(demo_key: str, company: Any) -> None:
    contact = company.table("contacts")[0]
    arguments = {"contact_id": contact["id"], "fields": ["name", "accessCode"], "verbose": True}
    got = call_tool(demo_key, "get-contact-tool", arguments)["structuredContent"]
    assert "accessCode" not in got["contact"] and got["contact"]["name"] == contact["name"]
    assert "accessCode" in got["note"]


@pytest.mark.parametrize("fields", [["a" * 65], [f"f{n}" for n in range(65)], "grossAmount", [7]])
def test_malformed_field_lists_are_refused_before_billy_is_asked(
    demo_key: str, sandbox: SandboxApi, fields: Any
) -> None:
    sandbox.requests.clear()
    result = call_tool(demo_key, "list-bills-tool", {"fields": fields})
    assert result["isError"] is True and "fields" in result["content"][0]["text"]
    assert list(sandbox.requests) == []


def test_field_lists_that_select_nothing_away_are_answered(demo_key: str, company: Any) -> None:
    """Names only select keys of records already fetched: an empty list keeps every field, a repeated name counts
    once, and a name no record has (here one with a space) is named once in the note."""
    everything = call_tool(demo_key, "list-bills-tool", {})["structuredContent"]
    assert call_tool(demo_key, "list-bills-tool", {"fields": []})["structuredContent"] == everything
    twice = call_tool(demo_key, "list-bills-tool", {"fields": ["grossAmount", "grossAmount", "gross amount"]})
    bills = twice["structuredContent"]["bills"]
    assert bills and all(set(bill) == {"id", "grossAmount"} for bill in bills)
    assert twice["structuredContent"]["note"].startswith("No record here has a value for gross amount. ")
