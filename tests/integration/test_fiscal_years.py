"""Fiscal years as Billy keeps them, through lambda_handler: Havørn Consult's July-June year with an 18-month first
year and no year-end entry, Nordlys Design's calendar year. Expected figures come from the sandbox's postings."""

from __future__ import annotations

from typing import Any

import pytest

from local.sandbox import SandboxApi, demo_companies
from tests.support import call_tool, error_text

FIRST_YEAR = ("2025-01-01", "2026-06-30")
SECOND_YEAR = ("2026-07-01", "2027-06-30")


def ore(value: float) -> int:
    return round(value * 100)


def result_between(company: Any, low: str, high: str) -> int:
    """Revenue - expenses from the company's own postings (credit-positive, at base amounts)."""
    natures = {a["id"]: a["natureId"] for a in company.table("accounts")}
    total = 0
    for p in company.table("postings"):
        if not p["isVoided"] and low <= p["entryDate"] <= high and natures[p["accountId"]] in ("revenue", "expense"):
            value = p["baseAmount"] if p["currencyId"] != "DKK" else p["amount"]
            total += ore(value) * (-1 if p["side"] == "debit" else 1)
    return total


@pytest.fixture(scope="module")
def havoern() -> Any:
    return demo_companies()[1]


def test_a_whole_fiscal_year_compares_with_the_whole_previous_one_of_18_months(second_key: str, havoern: Any) -> None:
    data = call_tool(
        second_key,
        "get-profit-and-loss-tool",
        {"from_date": SECOND_YEAR[0], "to_date": SECOND_YEAR[1], "compare": "previous_year"},
    )["structuredContent"]
    [previous] = [column for column in data["columns"] if column["key"] == "previous_year"]
    assert (previous["from"], previous["to"]) == FIRST_YEAR  # not 2025-07-01..2026-06-30
    assert ore(data["resultColumns"]["previous_year"]) == result_between(havoern, *FIRST_YEAR)
    assert ore(data["result"]) == result_between(havoern, *SECOND_YEAR)
    assert "ran 18 months against this year's 12" in data["note"] and data["verified"] is True


def test_the_first_fiscal_year_has_no_previous_year_and_says_so(second_key: str) -> None:
    data = call_tool(
        second_key,
        "get-profit-and-loss-tool",
        {"from_date": FIRST_YEAR[0], "to_date": FIRST_YEAR[1], "compare": "previous_year"},
    )["structuredContent"]
    assert [column["key"] for column in data["columns"]] == ["period"] and "resultColumns" not in data
    assert "first fiscal year" in data["note"]


def test_quarters_follow_the_fiscal_year_six_in_an_18_month_first_year(second_key: str, havoern: Any) -> None:
    data = call_tool(
        second_key,
        "get-profit-and-loss-tool",
        {"from_date": FIRST_YEAR[0], "to_date": FIRST_YEAR[1], "breakdown": "quarter"},
    )["structuredContent"]
    quarters = [column for column in data["columns"] if column["key"] != "period"]
    assert [q["key"] for q in quarters] == [f"2025/26-Q{n}" for n in range(1, 7)]
    assert (quarters[0]["from"], quarters[-1]["to"]) == FIRST_YEAR
    for quarter in quarters:
        assert ore(data["resultColumns"][quarter["key"]]) == result_between(havoern, quarter["from"], quarter["to"])
    current = call_tool(
        second_key,
        "get-profit-and-loss-tool",
        {"from_date": "2026-07-01", "to_date": "2026-11-20", "breakdown": "quarter"},
    )["structuredContent"]
    assert [(c["key"], c["from"], c["to"]) for c in current["columns"][1:]] == [
        ("2026/27-Q1", "2026-07-01", "2026-09-30"),
        ("2026/27-Q2", "2026-10-01", "2026-11-20"),
    ]
    assert current["verified"] is True


def test_equity_after_billys_own_year_end_reads_overfort_and_arets_resultat(second_key: str, havoern: Any) -> None:
    """No posting moves the 18-month first year's result into equity (Billy does it by itself): the balance sheet
    shows it as Overført resultat and the current year as Årets resultat, and balances."""
    data = call_tool(second_key, "get-balance-sheet-tool", {"as_of": "2026-11-20"})["structuredContent"]
    assert data["balanced"] is True and data["verified"] is True
    [computed] = [group for group in data["equity"]["groups"] if group["groupId"] is None]
    lines = {line["name"].split(":")[0]: ore(line["amount"]) for line in computed["accounts"]}
    assert lines == {
        "Årets resultat": result_between(havoern, "2026-07-01", "2026-11-20"),
        "Overført resultat": result_between(havoern, *FIRST_YEAR),
    }
    assert not any("not transferred" in line["name"] for line in computed["accounts"])


def test_a_trial_balance_may_not_cross_a_fiscal_year_end(demo_key: str, sandbox: SandboxApi) -> None:
    text = error_text(
        call_tool(demo_key, "get-trial-balance-tool", {"from_date": "2025-07-01", "to_date": "2026-06-30"})
    )
    assert "crosses the end of the fiscal year 2025-01-01 to 2025-12-31" in text
    assert "2025-07-01 to 2025-12-31 and 2026-01-01 to 2026-06-30" in text and "get-profit-and-loss-tool" in text
    assert [path for _, path, _ in sandbox.requests] == ["/v2/organization"]


def test_havoerns_trial_balance_of_its_second_year_balances_with_overfort_resultat(second_key: str) -> None:
    data = call_tool(second_key, "get-trial-balance-tool", {"from_date": "2026-07-01", "to_date": "2026-11-20"})
    data = data["structuredContent"]
    assert data["balanced"] is True and data["verified"] is True
    assert any(row["name"].startswith("Overført resultat") for row in data["accounts"] if row["accountId"] is None)


def test_dates_before_the_first_fiscal_year_are_explained(second_key: str) -> None:
    data = call_tool(second_key, "get-profit-and-loss-tool", {"from_date": "2024-07-01", "to_date": "2025-03-31"})
    data = data["structuredContent"]
    assert "before the company's first fiscal year in Billy (from 2025-01-01)" in data["note"]
    assert data["verified"] is True
