"""The statutory layout and the trial balance's group subtotals, through lambda_handler on both sandbox companies,
against sums computed here from the companies' postings by Billy's standard number ranges."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from local.sandbox import demo_companies
from tests.support import call_tool

RANGES = {
    "nettoomsaetning": (1100, 1199),
    "vareforbrug": (1200, 1299),
    "personaleomkostninger": (1300, 1499),
    "andreEksterneOmkostninger": (1500, 1999),
    "afskrivninger": (2000, 2199),
}


def ore(value: float) -> int:
    return round(value * 100)


def credit_positive_by_number(company: Any, low: str, high: str) -> Counter[int]:
    numbers = {a["id"]: a["accountNo"] for a in company.table("accounts")}
    sums: Counter[int] = Counter()
    for p in company.table("postings"):
        if not p["isVoided"] and low <= p["entryDate"] <= high:
            value = p["baseAmount"] if p["currencyId"] != "DKK" else p["amount"]
            sums[numbers[p["accountId"]]] += ore(value) * (-1 if p["side"] == "debit" else 1)
    return sums


@pytest.mark.parametrize(("index", "period"), [(0, ("2025-01-01", "2025-12-31")), (1, ("2025-01-01", "2026-06-30"))])
def test_the_income_statement_in_the_statutory_layout(
    demo_key: str, second_key: str, index: int, period: tuple[str, str]
) -> None:
    company = demo_companies()[index]
    key = (demo_key, second_key)[index]
    data = call_tool(key, "get-profit-and-loss-tool", {"from_date": period[0], "to_date": period[1]})[
        "structuredContent"
    ]
    lines = {line["key"]: ore(line["amount"]) for line in data["statutory"]}
    sums = credit_positive_by_number(company, *period)
    for name, (low, high) in RANGES.items():
        assert lines[name] == sum(v for number, v in sums.items() if low <= number <= high), name
    financial = sum(v for number, v in sums.items() if 2200 <= number <= 2399)
    assert lines["finansielleIndtaegter"] + lines["finansielleOmkostninger"] == financial
    assert lines["bruttofortjeneste"] == (
        lines["nettoomsaetning"]
        + lines["andreDriftsindtaegter"]
        + lines["vareforbrug"]
        + lines["andreEksterneOmkostninger"]
    )
    assert lines["aaretsResultat"] == ore(data["result"]) and data["verified"] is True


@pytest.mark.parametrize("index", [0, 1])
def test_the_balance_sheet_in_the_statutory_layout_balances(demo_key: str, second_key: str, index: int) -> None:
    key = (demo_key, second_key)[index]
    data = call_tool(key, "get-balance-sheet-tool", {"as_of": "2026-11-20"})["structuredContent"]
    statutory = data["statutory"]
    assert statutory["aktiverIAlt"] == statutory["passiverIAlt"] == data["assets"]["amount"]
    sections = {k: v for k, v in statutory.items() if isinstance(v, dict)}
    for section in sections.values():
        assert ore(section["amount"]) == sum(ore(line["amount"]) for line in section["lines"])
    bank = next(line for line in sections["omsaetningsaktiver"]["lines"] if line["key"] == "likvideBeholdninger")
    assert [account["accountNo"] for account in bank["accounts"]] == [5710]
    assert data["verified"] is True


def test_trial_balance_group_subtotals_add_up_to_the_accounts(demo_key: str) -> None:
    data = call_tool(demo_key, "get-trial-balance-tool", {"from_date": "2026-01-01", "to_date": "2026-11-20"})
    data = data["structuredContent"]
    listed = [row for row in data["accounts"] if row["accountId"] is not None]
    for field in ("debit", "credit", "closing"):
        assert sum(ore(g[field]) for g in data["groups"]) == sum(ore(row[field]) for row in listed)
    assert data["verified"] is True and all(check["ok"] for check in data["checks"])
    revenue = next(g for g in data["groups"] if g["accountNo"] == 1100)
    assert ore(revenue["credit"]) == sum(ore(r["credit"]) for r in listed if r["group"] == revenue["name"])
