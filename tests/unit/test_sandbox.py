"""The Billy sandbox's API behaviour and the demo company's bookkeeping, without HTTP."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest

from local.sandbox import DEMO_TOKEN, SECOND_TOKEN, Fault, SandboxApi, demo_companies
from local.sandbox.chart import ACCOUNTS

API = SandboxApi(list(demo_companies()))


@pytest.fixture(autouse=True)
def clean() -> Any:
    API.clear()
    yield
    API.clear()


def get(path: str, token: str | None = DEMO_TOKEN, method: str = "GET", **params: str) -> tuple[int, dict[str, Any]]:
    headers = {"x-access-token": token} if token else {}
    answer = API.handle(method, path, list(params.items()), headers)
    return answer.status, json.loads(answer.body)


def test_auth_errors_and_method_before_auth() -> None:
    assert get("/v2/invoices", token=None)[1]["errorCode"] == "AUTHENTICATION_REQUIRED"
    status, body = get("/v2/invoices", token="nope")
    assert status == 401 and body["errorCode"] == "OAUTH_INVALID_ACCESS_TOKEN" and body["meta"]["success"] is False
    for method in ("POST", "PUT", "DELETE"):  # 405 comes before authentication, as on Billy
        status, body = get("/v2/invoices", token=None, method=method)
        assert status == 405 and body["errorCode"] == "METHOD_NOT_ALLOWED"


def test_roots_envelopes_and_not_found() -> None:
    status, body = get("/v2/organization")
    assert status == 200 and body["organization"]["name"] == "Nordlys Design ApS" and body["meta"]["success"] is True
    invoice_id = demo_companies()[0].table("invoices")[0]["id"]
    assert get(f"/v2/invoices/{invoice_id}")[1]["invoice"]["id"] == invoice_id
    status, body = get("/v2/invoices/unknown-id")
    assert status == 404 and body["errorMessage"] == "No `invoice` record with id `unknown-id` was found."
    assert get("/v2/paymentMethods")[1]["errorCode"] == "UNKNOWN_RESOURCE"


def test_paging_meta_and_limits() -> None:
    status, body = get("/v2/postings", page="2", pageSize="1000")
    paging = body["meta"]["paging"]
    assert status == 200 and paging["page"] == 2 and paging["pageSize"] == 1000 and paging["total"] > 2000
    assert "previousUrl" in paging and paging["firstUrl"].startswith("https://api.billysbilling.com/v2/postings")
    assert len(body["postings"]) == 1000
    assert get("/v2/postings")[1]["meta"]["paging"]["pageSize"] == 1000  # the default
    assert get("/v2/postings", pageSize="1001")[0] == 400
    assert get("/v2/products", page="99")[1]["products"] == []


def test_unknown_parameters_are_ignored_and_filters_apply() -> None:
    everything = get("/v2/invoices", entryDateGte="2026-01-01")[1]["meta"]["paging"]["total"]
    assert everything == 300
    drafts = get("/v2/invoices", state="draft")[1]["invoices"]
    assert drafts and all(i["state"] == "draft" and i["invoiceNo"] is None for i in drafts)


def test_include_embed_and_sideload() -> None:
    invoice = next(i for i in demo_companies()[0].table("invoices") if len(i["_lines"]) > 1)
    embedded = get(f"/v2/invoices/{invoice['id']}", include="invoice.lines:embed,invoice.contact:embed")[1]
    assert (
        len(embedded["invoice"]["lines"]) == len(invoice["_lines"])
        and embedded["invoice"]["contact"]["id"] == invoice["contactId"]
    )
    sideloaded = get(f"/v2/invoices/{invoice['id']}", include="invoice.lines,invoice.contact:sideload")[1]
    assert "lines" not in sideloaded["invoice"] and len(sideloaded["invoiceLines"]) == len(invoice["_lines"])
    assert sideloaded["invoice"]["lineIds"] == [line["id"] for line in sideloaded["invoiceLines"]]
    assert [c["id"] for c in sideloaded["contacts"]] == [invoice["contactId"]]


def test_sorting_with_a_dotted_property() -> None:
    names = [
        get(f"/v2/contacts/{i['contactId']}")[1]["contact"]["name"]
        for i in get("/v2/invoices", sortProperty="contact.name", pageSize="20")[1]["invoices"]
    ]
    assert names == sorted(names, key=str.casefold)


def test_faults_are_switchable() -> None:
    API.add_fault(Fault(status=429, retry_after="3", times=1))
    answer = API.handle("GET", "/v2/invoices", [], {"x-access-token": DEMO_TOKEN})
    assert answer.status == 429 and answer.headers["Retry-After"] == "3"
    assert API.handle("GET", "/v2/invoices", [], {"x-access-token": DEMO_TOKEN}).status == 200
    API.add_fault(Fault(status=401, times=1))
    assert get("/v2/invoices")[0] == 401
    API.lock(DEMO_TOKEN)
    assert (
        get("/v2/invoices")[1]["errorCode"] == "ORGANIZATION_LOCKED"
        and get("/v2/organization")[1]["organization"]["isLocked"]
    )


def test_two_companies_are_isolated() -> None:
    other = demo_companies()[1].table("invoices")[0]["id"]
    assert get(f"/v2/invoices/{other}")[0] == 404
    assert get(f"/v2/invoices/{other}", token=SECOND_TOKEN)[0] == 200


def test_the_demo_company_has_what_the_issue_asks_for() -> None:
    company = demo_companies()[0]
    names = " ".join(c["name"] for c in company.table("contacts"))
    assert len(company.table("contacts")) >= 60 and all(letter in names for letter in "æøå".upper() + "øå")
    invoices = company.table("invoices")
    assert len(invoices) >= 300 and {i["entryDate"][:4] for i in invoices} == {"2025", "2026"}
    assert {"draft", "approved", "voided"} == {i["state"] for i in invoices}
    assert Counter(i["type"] for i in invoices)["creditNote"] >= 5
    approved = [i for i in invoices if i["state"] == "approved" and i["type"] == "invoice"]
    assert any(i["isPaid"] for i in approved) and any(
        not i["isPaid"] and 0 < i["balance"] < i["grossAmount"] for i in approved
    )
    assert len(company.table("bills")) >= 120 and len(company.table("products")) >= 40
    assert all(
        any(p["productId"] == product["id"] for p in company.table("productPrices"))
        for product in company.table("products")
    )
    assert len(company.table("accounts")) == len(ACCOUNTS) == 89 and len(company.table("daybooks")) == 3
    postings = company.table("postings")
    assert len(postings) > 1000 and any(p["isVoided"] for p in postings)


def base_ore(posting: dict[str, Any]) -> int:
    """A posting's signed value in DKK (baseAmount for foreign-currency postings)."""
    value: float = posting["baseAmount"] if posting["currencyId"] != "DKK" else posting["amount"]
    return round(value * 100) * (1 if posting["side"] == "debit" else -1)


def test_every_transaction_balances_and_invoices_match_their_lines() -> None:
    company = demo_companies()[0]
    sums: dict[str, int] = Counter()
    for posting in company.table("postings"):
        sums[posting["transactionId"]] += base_ore(posting)
    assert sums and all(total == 0 for total in sums.values())
    lines: dict[str, int] = Counter()
    for line in company.table("invoiceLines"):
        lines[line["invoiceId"]] += round(line["amount"] * 100)
    assert all(lines[i["id"]] == round(i["amount"] * 100) for i in company.table("invoices"))
    receivable = next(a["id"] for a in company.table("accounts") if a["accountNo"] == 5810)
    for currency in ("DKK", "EUR"):
        ledger = sum(
            round(p["amount"] * 100) * (1 if p["side"] == "debit" else -1)
            for p in company.table("postings")
            if p["accountId"] == receivable and not p["isVoided"] and p["currencyId"] == currency
        )
        open_balances = sum(
            round(i["balance"] * 100)
            for i in company.table("invoices")
            if i["state"] == "approved" and i["currencyId"] == currency
        )
        assert ledger == open_balances  # accounts receivable equals what customers still owe, per currency


def test_foreign_currency_postings_carry_their_base_amount() -> None:
    foreign = [p for p in demo_companies()[0].table("postings") if p["currencyId"] != "DKK"]
    assert foreign and all(p["currencyId"] == "EUR" for p in foreign)
    assert all(round(p["baseAmount"] * 100) == round(round(p["amount"] * 100) * 7.46) for p in foreign)


def test_the_sandbox_builds_in_one_direction_without_private_imports() -> None:
    """Each module imports only modules before it (builder → vat_setup → documents → reporting → company → api →
    server)."""
    import ast
    from pathlib import Path

    import local.sandbox

    folder = Path(local.sandbox.__file__).parent
    order = ["chart", "resources", "builder", "vat_setup", "documents", "reporting", "company", "api", "server"]
    for module in order:
        tree = ast.parse((folder / f"{module}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
                assert order.index(node.module) < order.index(module), f"{module} imports {node.module}"
                assert not any(alias.name.startswith("_") for alias in node.names), f"{module}: {ast.dump(node)}"
