"""get-account-ledger-tool (kontokort) through lambda_handler on the sandbox, every figure checked against the
sandbox's own postings and transactions (never against the report code)."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from local.sandbox import SandboxApi
from tests.support import call_tool, error_text

MARCH = {"from_date": "2026-03-01", "to_date": "2026-03-31"}


def ore(value: float) -> int:
    return round(value * 100)


def signed(posting: dict[str, Any]) -> int:
    value = posting["baseAmount"] if posting["currencyId"] != "DKK" else posting["amount"]
    return ore(value) * (1 if posting["side"] == "debit" else -1)


def account(company: Any, number: int) -> dict[str, Any]:
    return next(a for a in company.table("accounts") if a["accountNo"] == number)


def postings_on(company: Any, number: int) -> list[dict[str, Any]]:
    account_id = account(company, number)["id"]
    return [p for p in company.table("postings") if p["accountId"] == account_id and not p["isVoided"]]


def ledger(key: str, **arguments: Any) -> dict[str, Any]:
    result = call_tool(key, "get-account-ledger-tool", arguments)
    assert not result.get("isError"), result
    structured: dict[str, Any] = result["structuredContent"]
    return structured


def test_the_bank_account_in_march_is_its_postings_in_order_with_a_running_balance(demo_key: str, company: Any) -> None:
    postings = postings_on(company, 5710)
    opening = sum(signed(p) for p in postings if p["entryDate"] < "2026-03-01")
    march = [p for p in postings if "2026-03-01" <= p["entryDate"] <= "2026-03-31"]
    assert len(march) > 100  # the demo company's bank account is busy: this is what paging is for
    transactions = {t["id"]: t for t in company.table("transactions")}

    answer = ledger(demo_key, account_no=5710, page_size=1000, **MARCH)
    lines = answer["lines"]
    assert answer["account"]["accountNo"] == 5710 and answer["verified"] is True
    assert ore(answer["opening"]) == opening
    assert len(lines) == len(march) == answer["paging"]["total"]
    assert ore(answer["debit"]) == sum(signed(p) for p in march if p["side"] == "debit")
    assert ore(answer["credit"]) == -sum(signed(p) for p in march if p["side"] == "credit")
    assert ore(answer["closing"]) == opening + sum(signed(p) for p in march)
    # date order, then transaction number; each line's voucher is its posting's transaction
    keys = [(line["date"], line["transactionNo"]) for line in lines]
    assert keys == sorted(keys)
    balance = opening
    for line in lines:
        balance += ore(line["debit"]) - ore(line["credit"])
        assert ore(line["balance"]) == balance
        transaction = transactions[line["transactionId"]]
        assert line["voucherNo"] == transaction["voucherNo"]
        assert line["transactionNo"] == transaction["transactionNo"]
        assert line["date"] == transaction["entryDate"]
        kind, _, origin = transaction["originatorReference"].partition(":")
        assert line["document"] == {"type": kind, "id": origin, "name": transaction["originatorName"]}
    assert balance == ore(answer["closing"])
    by_id = {p["id"]: p for p in march}
    assert sorted(line["text"] for line in lines) == sorted(p["text"] for p in by_id.values())


def test_the_ledger_equals_the_accounts_trial_balance_row(demo_key: str) -> None:
    answer = ledger(demo_key, account_no=5710, **MARCH)
    tb = call_tool(demo_key, "get-trial-balance-tool", MARCH)["structuredContent"]
    row = next(r for r in tb["accounts"] if r["accountNo"] == 5710)
    assert (answer["opening"], answer["debit"], answer["credit"], answer["closing"]) == (
        row["opening"],
        row["debit"],
        row["credit"],
        row["closing"],
    )


def test_pages_join_into_the_whole_ledger_and_each_carries_the_balance_before_it(demo_key: str) -> None:
    whole = ledger(demo_key, account_no=5710, page_size=1000, **MARCH)["lines"]
    first = ledger(demo_key, account_no=5710, page_size=40, **MARCH)
    pages = [first] + [
        ledger(demo_key, account_no=5710, page_size=40, page=n, **MARCH)
        for n in range(2, first["paging"]["pageCount"] + 1)
    ]
    assert first["paging"]["pageCount"] == -(-len(whole) // 40) > 1
    assert [line for page in pages for line in page["lines"]] == whole
    assert first["balanceBeforePage"] == first["opening"]
    for earlier, later in itertools.pairwise(pages):
        assert later["balanceBeforePage"] == earlier["lines"][-1]["balance"]
    past = call_tool(demo_key, "get-account-ledger-tool", {"account_no": 5710, "page_size": 40, "page": 99, **MARCH})
    assert f"past the last page ({first['paging']['pageCount']})" in error_text(past)


def test_by_id_is_the_same_ledger_as_by_number(demo_key: str, company: Any) -> None:
    by_number = ledger(demo_key, account_no=5710, **MARCH)
    by_id = ledger(demo_key, account_id=account(company, 5710)["id"], **MARCH)
    assert by_id == by_number


def test_an_income_account_opens_at_the_fiscal_years_start(demo_key: str, company: Any) -> None:
    revenue = next(
        a["accountNo"]
        for a in company.table("accounts")
        if a["natureId"] == "revenue"
        and any(p["entryDate"] < "2026-06-01" for p in postings_on(company, a["accountNo"]))
    )
    postings = postings_on(company, revenue)
    answer = ledger(demo_key, account_no=revenue, from_date="2026-06-01", to_date="2026-06-30")
    assert ore(answer["opening"]) == sum(signed(p) for p in postings if "2026-01-01" <= p["entryDate"] < "2026-06-01")
    refused = call_tool(
        demo_key,
        "get-account-ledger-tool",
        {"account_no": revenue, "from_date": "2026-06-01", "to_date": "2027-01-31"},
    )
    assert "starts every fiscal year at zero" in error_text(refused)


@pytest.mark.parametrize("wanted", [{"account_no": 9999}, {"account_id": "no-such-account"}])
def test_an_unknown_account_says_where_the_chart_is(demo_key: str, wanted: dict[str, Any]) -> None:
    text = error_text(call_tool(demo_key, "get-account-ledger-tool", {**wanted, **MARCH}))
    assert str(*wanted.values()) in text and "list-accounts-tool" in text


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ({}, "give the account as account_no (e.g. 5710) or account_id"),
        ({"account_no": 5710, "account_id": "x"}, "not both"),
    ],
)
def test_the_account_is_given_once(demo_key: str, sandbox: SandboxApi, given: dict[str, Any], says: str) -> None:
    sandbox.requests.clear()
    assert says in error_text(call_tool(demo_key, "get-account-ledger-tool", {**given, **MARCH}))
    assert list(sandbox.requests) == []
