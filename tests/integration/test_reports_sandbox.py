"""The report tools through lambda_handler against the sandbox, every figure checked against figures computed
here from the sandbox's own tables (never by calling the report code)."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from typing import Any

import pytest

from local.sandbox import SandboxApi
from tests.support import call_tool

FY = ("2026-01-01", "2026-11-20")


def ore(value: float) -> int:
    return round(value * 100)


def signed(posting: dict[str, Any]) -> int:
    """A posting's debit-positive value in DKK, its baseAmount when it is in another currency."""
    value = posting["baseAmount"] if posting["currencyId"] != "DKK" else posting["amount"]
    return ore(value) * (1 if posting["side"] == "debit" else -1)


class Books:
    """The sandbox company's ledger, summed directly from its tables."""

    def __init__(self, company: Any) -> None:
        self.company = company
        self.accounts = {a["id"]: a for a in company.table("accounts")}
        self.by_number = {a["accountNo"]: a for a in company.table("accounts")}
        self.postings = [p for p in company.table("postings") if not p["isVoided"]]

    def number(self, posting: dict[str, Any]) -> int:
        return int(self.accounts[posting["accountId"]]["accountNo"])

    def income(self, posting: dict[str, Any]) -> bool:
        return self.accounts[posting["accountId"]]["natureId"] in ("revenue", "expense")

    def total(
        self, numbers: set[int] | None = None, low: str = "0000", high: str = "9999", income: bool | None = None
    ) -> int:
        return sum(
            signed(p)
            for p in self.postings
            if low <= p["entryDate"] <= high
            and (numbers is None or self.number(p) in numbers)
            and (income is None or self.income(p) == income)
        )


@pytest.fixture(scope="module")
def books(company: Any) -> Books:
    return Books(company)


def rows_by_number(result: dict[str, Any]) -> dict[int | None, dict[str, Any]]:
    return {row["accountNo"]: row for row in result["accounts"]}


def lines_of(section: dict[str, Any]) -> dict[int, float]:
    return {
        line["accountNo"]: line["amount"]
        for group in section["groups"]
        for line in group["accounts"]
        if line["accountNo"]
    }


# ---- trial balance ------------------------------------------------------------------------------------------------
def test_trial_balance_of_the_fiscal_year_to_date(demo_key: str, sandbox: SandboxApi, books: Books) -> None:
    result = call_tool(demo_key, "get-trial-balance-tool", {"from_date": FY[0], "to_date": FY[1]})["structuredContent"]
    in_year = [p for p in books.postings if FY[0] <= p["entryDate"] <= FY[1]]
    debit = sum(signed(p) for p in in_year if p["side"] == "debit")
    credit = -sum(signed(p) for p in in_year if p["side"] == "credit")
    assert len(in_year) > 10_000 and debit == credit
    assert ore(result["totals"]["debit"]) == debit and ore(result["totals"]["credit"]) == credit
    assert result["totals"]["difference"] == 0 and result["balanced"] is True and result["complete"] is True
    assert result["postingsCounted"] == sum(1 for p in books.postings if p["entryDate"] <= FY[1])
    rows = rows_by_number(result)
    for number, account in books.by_number.items():
        resets = account["natureId"] in ("revenue", "expense") or account["systemRole"] == "currentEarnings"
        opening = 0 if resets else books.total({number}, high="2025-12-31")
        closing = opening + books.total({number}, *FY)
        if number in rows:
            row = rows[number]
            assert (ore(row["opening"]), ore(row["closing"])) == (opening, closing), number
        else:
            assert opening == closing == 0 and not books.total({number}, *FY), number
    # 2025 was closed into equity (7110 → 7120), so no computed line for earlier years is needed.
    assert None not in rows
    pages = math.ceil(
        sum(1 for p in books.company.table("postings") if p["entryDate"] <= FY[1] and not p["isVoided"]) / 1000
    )
    assert len(sandbox.requests) <= pages + 5


def test_trial_balance_mid_year_opens_income_accounts_at_the_fiscal_year(demo_key: str, books: Books) -> None:
    result = call_tool(demo_key, "get-trial-balance-tool", {"from_date": "2026-04-01", "to_date": "2026-06-30"})
    rows = rows_by_number(result["structuredContent"])
    for number in (1110, 1830, 5710, 5810, 7120, 7250):
        income = books.by_number[number]["natureId"] in ("revenue", "expense")
        opening = books.total({number}, "2026-01-01" if income else "0000", "2026-03-31")
        movement = books.total({number}, "2026-04-01", "2026-06-30")
        assert (ore(rows[number]["opening"]), ore(rows[number]["closing"])) == (opening, opening + movement), number
    assert result["structuredContent"]["balanced"] is True


def test_an_unclosed_earlier_year_appears_as_one_computed_equity_line(
    demo_key: str, sandbox: SandboxApi, books: Books, company: Any
) -> None:
    closing = next(t for t in company.table("transactions") if t["originatorName"].startswith("Overførsel af årets"))
    sandbox.ignore_filters.add("postings")
    hidden = {p["id"] for p in company.table("postings") if p["transactionId"] == closing["id"]}
    for posting in company.table("postings"):
        if posting["id"] in hidden:
            posting["isVoided"] = True  # as if the bookkeeper had not transferred 2025's result yet
    try:
        result = call_tool(demo_key, "get-trial-balance-tool", {"from_date": "2026-01-01", "to_date": "2026-06-30"})
    finally:
        for posting in company.table("postings"):
            if posting["id"] in hidden:
                posting["isVoided"] = False
    data = result["structuredContent"]
    computed = rows_by_number(data)[None]
    earlier = books.total(low="2025-01-01", high="2025-12-31", income=True)
    assert computed["computed"] is True and ore(computed["opening"]) == earlier != 0
    assert data["balanced"] is True and data["totals"]["opening"] == 0


# ---- profit and loss, balance sheet ---------------------------------------------------------------------------------
def test_profit_and_loss_result_matches_the_ledger_and_the_balance_sheet(demo_key: str, books: Books) -> None:
    pnl = call_tool(demo_key, "get-profit-and-loss-tool", {"from_date": FY[0], "to_date": FY[1]})["structuredContent"]
    sheet = call_tool(demo_key, "get-balance-sheet-tool", {"as_of": FY[1]})["structuredContent"]
    expected = -books.total(low=FY[0], high=FY[1], income=True)
    assert ore(pnl["result"]) == expected == ore(sheet["currentYearResult"])
    assert ore(pnl["revenue"]["amount"]) - ore(pnl["expenses"]["amount"]) == expected
    expenses = lines_of(pnl["expenses"])
    assert ore(expenses[1830]) == books.total({1830}, *FY)  # telephone and internet
    assert ore(lines_of(pnl["revenue"])[1150]) == -books.total({1150}, *FY)  # EU sales, euro invoices at base value


def test_profit_and_loss_of_the_closed_year_equals_the_transfer_to_equity(demo_key: str, company: Any) -> None:
    result = call_tool(demo_key, "get-profit-and-loss-tool", {"from_date": "2025-01-01", "to_date": "2025-12-31"})
    line = next(
        line for line in company.table("daybookTransactionLines") if line["text"] == "Overførsel af årets resultat 2025"
    )
    assert abs(ore(result["structuredContent"]["result"])) == ore(line["amount"]) > 0


def test_profit_and_loss_default_period_reads_the_organization_once(demo_key: str, sandbox: SandboxApi) -> None:
    data = call_tool(demo_key, "get-profit-and-loss-tool", {"to_date": "2026-06-30"})["structuredContent"]
    assert data["period"] == {"from": "2026-01-01", "to": "2026-06-30"}
    assert sum(1 for _, path, _ in sandbox.requests if path == "/v2/organization") == 1


def test_profit_and_loss_comparison_and_quarters(demo_key: str, books: Books) -> None:
    args = {"from_date": "2026-01-01", "to_date": "2026-09-30", "compare": "previous_year", "breakdown": "quarter"}
    data = call_tool(demo_key, "get-profit-and-loss-tool", args)["structuredContent"]
    assert [c["key"] for c in data["columns"]] == ["period", "previous_year", "2026-Q1", "2026-Q2", "2026-Q3"]
    assert ore(data["resultColumns"]["previous_year"]) == -books.total(low="2025-01-01", high="2025-09-30", income=True)
    quarters = sum(ore(data["resultColumns"][q]) for q in ("2026-Q1", "2026-Q2", "2026-Q3"))
    assert quarters == ore(data["result"]) == -books.total(low="2026-01-01", high="2026-09-30", income=True)
    sales = next(line for g in data["revenue"]["groups"] for line in g["accounts"] if line["accountNo"] == 1110)
    assert ore(sales["columns"]["2026-Q2"]) == -books.total({1110}, "2026-04-01", "2026-06-30")


@pytest.mark.parametrize("as_of", ["2025-06-30", "2025-12-31", "2026-11-20"])
def test_balance_sheet_balances_and_matches_the_ledger(demo_key: str, books: Books, as_of: str) -> None:
    data = call_tool(demo_key, "get-balance-sheet-tool", {"as_of": as_of})["structuredContent"]
    assets = books.total({n for n, a in books.by_number.items() if a["natureId"] == "asset"}, high=as_of)
    assert ore(data["assets"]["amount"]) == assets
    assert ore(data["assets"]["amount"]) == ore(data["liabilities"]["amount"]) + ore(data["equity"]["amount"])
    assert data["balanced"] is True
    assert ore(lines_of(data["assets"])[5710]) == books.total({5710}, high=as_of)
    assert ore(lines_of(data["equity"])[7120]) == -books.total({7120}, high=as_of)
    fiscal_start = as_of[:4] + "-01-01"
    assert ore(data["currentYearResult"]) == -books.total(low=fiscal_start, high=as_of, income=True)


# ---- VAT ----------------------------------------------------------------------------------------------------------
def _vat_expected(books: Books, low: str, high: str) -> dict[str, int]:
    settlement = books.by_number[7210]["id"]
    settling = {p["transactionId"] for p in books.postings if p["accountId"] == settlement}
    sums: Counter[int] = Counter()
    for p in books.postings:
        if low <= p["entryDate"] <= high and p["transactionId"] not in settling:
            sums[books.number(p)] += signed(p)
    return {
        "output": -sums[7250],
        "input": sums[7220],
        "goods": -sums[7230],
        "services": -sums[7240],
        "payable": -sums[7250] - sums[7230] - sums[7240] - sums[7220],
    }


def test_vat_of_an_open_quarter(demo_key: str, books: Books) -> None:
    data = call_tool(demo_key, "get-vat-summary-tool", {"period": "2026-Q3"})["structuredContent"]
    expected = _vat_expected(books, "2026-07-01", "2026-09-30")
    got = {
        "output": ore(data["outputVat"]),
        "input": ore(data["inputVat"]),
        "goods": ore(data["vatOnGoodsAbroad"]),
        "services": ore(data["vatOnServicesAbroad"]),
        "payable": ore(data["payable"]),
    }
    assert got == expected and expected["output"] > 0 and expected["services"] > 0
    assert got["payable"] == got["output"] + got["goods"] + got["services"] - got["input"]
    assert data["salesTaxReturn"]["isSettled"] is False and data["salesTaxReturn"]["reportDeadline"] == "2026-12-01"


def test_vat_of_a_settled_quarter_leaves_out_the_settlement_and_equals_it(
    demo_key: str, books: Books, company: Any
) -> None:
    data = call_tool(demo_key, "get-vat-summary-tool", {"from_date": "2025-04-01", "to_date": "2025-06-30"})
    data = data["structuredContent"]
    expected = _vat_expected(books, "2025-04-01", "2025-06-30")
    assert ore(data["payable"]) == expected["payable"] and data["settlementPostingsExcluded"] > 0
    returned = data["salesTaxReturn"]
    assert (returned["startDate"], returned["endDate"], returned["isSettled"], returned["isPaid"]) == (
        "2025-04-01",
        "2025-06-30",
        True,
        True,
    )
    settlement = next(
        t for t in company.table("transactions") if t["originatorReference"] == f"salesTaxReturn:{returned['id']}"
    )
    to_settle = next(
        p for p in company.table("postings") if p["transactionId"] == settlement["id"] and books.number(p) == 7210
    )
    assert ore(data["payable"]) == -signed(to_settle)  # what Billy moved to 7210 Afregnet moms for the quarter


def test_vat_rubrik_bases_from_the_documents(demo_key: str, company: Any) -> None:
    data = call_tool(demo_key, "get-vat-summary-tool", {"period": "2026"})["structuredContent"]
    eu_goods = sum(
        round(ore(b["amount"]) * b["exchangeRate"])
        for b in company.table("bills")
        if b["contactName"] == "Papier Union GmbH" and b["entryDate"].startswith("2026") and b["state"] == "approved"
    )
    assert ore(data["rubrik"]["A_goods"]) == eu_goods > 0
    eu_sales = 0
    for invoice in company.table("invoices"):
        if (
            invoice["currencyId"] == "EUR"
            and invoice["state"] == "approved"
            and invoice["entryDate"].startswith("2026")
        ):
            sign = -1 if invoice["type"] == "creditNote" else 1
            eu_sales += sign * round(ore(invoice["amount"]) * invoice["exchangeRate"])
    assert ore(data["rubrik"]["B_services"]) == eu_sales > 0


def test_vat_period_arguments_are_checked(demo_key: str) -> None:
    for arguments in ({"period": "2026-Q5"}, {}, {"period": "2026", "from_date": "2026-01-01"}):
        result = call_tool(demo_key, "get-vat-summary-tool", arguments)
        assert result["isError"] is True and "period" in result["content"][0]["text"]


# ---- aged receivables and payables -------------------------------------------------------------------------------------
def _ledger_by_currency(books: Books, number: int, as_of: str) -> dict[str, int]:
    sums: Counter[str] = Counter()
    for p in books.postings:
        if books.number(p) == number and p["entryDate"] <= as_of:
            sums[p["currencyId"]] += ore(p["amount"]) * (1 if p["side"] == "debit" else -1)
    return {currency: total for currency, total in sums.items() if total}


@pytest.mark.parametrize("as_of", [None, "2026-06-30", "2025-12-31"])
def test_aged_receivables_sum_to_the_receivables_account(demo_key: str, books: Books, as_of: str | None) -> None:
    data = call_tool(demo_key, "get-aged-receivables-tool", {"as_of": as_of} if as_of else {})["structuredContent"]
    totals = {currency: ore(t["total"]) for currency, t in data["totals"].items()}
    assert totals == _ledger_by_currency(books, 5810, as_of or "9999-12-31")
    assert set(totals) == {"DKK", "EUR"}
    for line in data["contacts"]:
        assert ore(line["total"]) == sum(
            ore(line[b]) for b in ("notDue", "days1to30", "days31to60", "days61to90", "over90")
        )


def test_aged_receivables_at_a_past_date_use_what_was_applied_by_then(demo_key: str, company: Any) -> None:
    as_of = dt.date(2026, 6, 30)
    fees: defaultdict[str, int] = defaultdict(int)
    for fee in company.table("invoiceLateFees"):
        if fee["entryDate"] <= as_of.isoformat() and not fee["isVoided"]:
            fees[fee["invoiceId"]] += ore(fee["amount"])
    applied: defaultdict[str, int] = defaultdict(int)
    for modifier in company.table("balanceModifiers"):
        if modifier["entryDate"] <= as_of.isoformat():
            applied[modifier["subjectReference"]] += ore(modifier["amount"])
    expected: dict[str, tuple[str, str, str, int]] = {}
    for invoice in company.table("invoices"):
        if invoice["state"] != "approved" or invoice["type"] != "invoice" or invoice["entryDate"] > as_of.isoformat():
            continue
        open_ore = ore(invoice["grossAmount"]) + fees[invoice["id"]] - applied[f"invoice:{invoice['id']}"]
        if open_ore:
            late = (as_of - dt.date.fromisoformat(invoice["dueDate"])).days
            bucket = (
                "notDue"
                if late <= 0
                else "days1to30"
                if late <= 30
                else "days31to60"
                if late <= 60
                else "days61to90"
                if late <= 90
                else "over90"
            )
            expected[invoice["id"]] = (bucket, str(invoice["invoiceNo"]), invoice["dueDate"], open_ore)
    data = call_tool(demo_key, "get-aged-receivables-tool", {"as_of": as_of.isoformat()})["structuredContent"]
    got = {
        doc["id"]: (bucket, doc["number"], doc["dueDate"], ore(doc["open"]))
        for line in data["contacts"]
        for bucket, docs in line["documents"].items()
        for doc in docs
    }
    assert got == expected
    today = call_tool(demo_key, "get-aged-receivables-tool", {})["structuredContent"]
    now = {
        doc["id"]: bucket for line in today["contacts"] for bucket, docs in line["documents"].items() for doc in docs
    }
    assert now != got and set(got) - set(now)  # invoices open at the end of June were paid since


def test_aged_receivables_of_one_customer_in_one_currency(demo_key: str, company: Any) -> None:
    invoice = next(
        i
        for i in company.table("invoices")
        if i["currencyId"] == "EUR" and i["state"] == "approved" and not i["isPaid"]
    )
    data = call_tool(demo_key, "get-aged-receivables-tool", {"contact_id": invoice["contactId"], "currency_id": "EUR"})[
        "structuredContent"
    ]
    assert {line["contactId"] for line in data["contacts"]} == {invoice["contactId"]} and set(data["totals"]) == {"EUR"}
    expected = sum(
        ore(i["balance"])
        for i in company.table("invoices")
        if i["contactId"] == invoice["contactId"] and i["currencyId"] == "EUR" and i["state"] == "approved"
    )
    assert ore(data["totals"]["EUR"]["total"]) == expected


@pytest.mark.parametrize("as_of", [None, "2026-03-31"])
def test_aged_payables_sum_to_the_payables_account(demo_key: str, books: Books, as_of: str | None) -> None:
    data = call_tool(demo_key, "get-aged-payables-tool", {"as_of": as_of} if as_of else {})["structuredContent"]
    totals = {currency: ore(t["total"]) for currency, t in data["totals"].items()}
    ledger = {currency: -total for currency, total in _ledger_by_currency(books, 7320, as_of or "9999-12-31").items()}
    assert totals == ledger and totals
    bills = {bill["id"]: bill for bill in books.company.table("bills")}
    documents = [doc for line in data["contacts"] for docs in line["documents"].values() for doc in docs]
    assert documents and all(
        doc["number"] == bills[doc["id"]]["voucherNo"] and doc["dueDate"] == bills[doc["id"]]["dueDate"]
        for doc in documents
    )


# ---- faults: a report is complete or an error, never a partial figure ----------------------------------------------------
def _error(result: dict[str, Any]) -> str:
    assert result["isError"] is True and "structuredContent" not in result, result
    text: str = result["content"][0]["text"]
    return text


def test_a_page_failing_mid_read(demo_key: str, sandbox: SandboxApi) -> None:
    from local.sandbox import Fault

    sandbox.add_fault(Fault(status=500, path_prefix="/v2/postings", page=3, times=10))
    text = _error(call_tool(demo_key, "get-trial-balance-tool", {"from_date": FY[0], "to_date": FY[1]}))
    assert "Billy is unavailable" in text


def test_total_changing_between_pages_is_read_again_once(demo_key: str, sandbox: SandboxApi, books: Books) -> None:
    from local.sandbox import Fault

    sandbox.add_fault(Fault(status=200, path_prefix="/v2/postings", page=2, times=1, inflate_total=1))
    data = call_tool(demo_key, "get-trial-balance-tool", {"from_date": FY[0], "to_date": FY[1]})["structuredContent"]
    assert data["balanced"] is True and ore(data["totals"]["debit"]) == sum(
        signed(p) for p in books.postings if FY[0] <= p["entryDate"] <= FY[1] and p["side"] == "debit"
    )
    sandbox.add_fault(Fault(status=200, path_prefix="/v2/postings", page=2, times=2, inflate_total=1))
    text = _error(call_tool(demo_key, "get-trial-balance-tool", {"from_date": FY[0], "to_date": FY[1]}))
    assert "changed while they were being read, twice" in text and "total" in text


def test_the_record_cap(demo_key: str, sandbox: SandboxApi, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORT_MAX_RECORDS", "5000")
    text = _error(call_tool(demo_key, "get-trial-balance-tool", {"from_date": FY[0], "to_date": FY[1]}))
    assert "REPORT_MAX_RECORDS" in text and "5,000" in text and "Narrow the report" in text
    assert sum(1 for _, path, _ in sandbox.requests if path == "/v2/postings") == 1  # refused after page 1


def test_the_deadline(demo_key: str, sandbox: SandboxApi) -> None:
    from local.sandbox import Fault

    sandbox.add_fault(Fault(status=200, path_prefix="/v2/postings", delay=0.6))
    text = _error(call_tool(demo_key, "get-balance-sheet-tool", {"as_of": FY[1]}, timeout=2.5))
    assert "time limit" in text and "Narrow the report" in text


def test_a_foreign_posting_without_base_amount_stops_the_report(
    demo_key: str, sandbox: SandboxApi, company: Any
) -> None:
    posting = next(p for p in company.table("postings") if p["currencyId"] == "EUR")
    base = posting.pop("baseAmount")
    try:
        text = _error(call_tool(demo_key, "get-trial-balance-tool", {"from_date": FY[0], "to_date": FY[1]}))
    finally:
        posting["baseAmount"] = base
    assert "without baseAmount" in text and "EUR" in text


@pytest.mark.parametrize(
    ("report", "arguments"),
    [
        ("get-trial-balance-tool", {"from_date": "2026-06-30", "to_date": "2026-04-01"}),
        ("get-trial-balance-tool", {"from_date": "2999-01-01"}),
        ("get-profit-and-loss-tool", {"from_date": "2026-06-30", "to_date": "2026-04-01"}),
        ("get-profit-and-loss-tool", {"from_date": "2026-06-30", "to_date": "2026-04-01", "compare": "previous_year"}),
        ("get-vat-summary-tool", {"from_date": "2026-06-30", "to_date": "2026-04-01"}),
        ("get-vat-summary-tool", {"period": "2026-Q2", "from_date": "2026-04-01"}),
        ("get-vat-summary-tool", {"period": "2026-Q5"}),
    ],
)
def test_bad_periods_are_refused_before_billy_is_asked(
    demo_key: str, sandbox: SandboxApi, report: str, arguments: dict[str, Any]
) -> None:
    """Every report that takes a period checks it before its first Billy request (0 requests, not 7)."""
    text = _error(call_tool(demo_key, report, arguments))
    assert text.startswith("Invalid arguments") and not sandbox.requests
