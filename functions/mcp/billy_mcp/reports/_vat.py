"""VAT (moms) of a period from the postings on Billy's VAT accounts (group 7200 "Skyldig moms").

Which account is which: by Billy's system role where Billy has one (salesTax = 7250 Salgsmoms, salesTaxPayable =
7210 Afregnet moms), else by the standard chart's number (7220 Købsmoms, 7230 Moms af varer købt i udlandet,
7240 Moms af ydelser købt i udlandet); Billy localises names, so names are never used.

A transaction that posts to the settlement account (7210) settles or pays a VAT return: its postings move the
period's VAT balances, they are not VAT of the period, so they are left out. Everything else on the VAT
accounts in the period counts:
  output VAT (salgsmoms)          = credits - debits on 7250
  input VAT (købsmoms)            = debits - credits on 7220
  VAT on goods bought abroad      = credits - debits on 7230
  VAT on services bought abroad   = credits - debits on 7240
  payable (momstilsvar)           = output + goods abroad + services abroad - input (negative: refundable)
Rubrik A/B/C bases come from the standard chart's EU and abroad accounts (net movement in the period):
A goods 1220, A services 1230, B goods 1140, B services 1150, C 1120 + 1130.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ._ledger import Account, Posting

ROLES = {"salesTax": "output", "salesTaxPayable": "settlement"}
NUMBERS = {7250: "output", 7210: "settlement", 7220: "input", 7230: "goods_abroad", 7240: "services_abroad"}
RUBRIK_ACCOUNTS: dict[str, tuple[int, ...]] = {
    "rubrikA_goods": (1220,),
    "rubrikA_services": (1230,),
    "rubrikB_goods": (1140,),
    "rubrikB_services": (1150,),
    "rubrikC": (1120, 1130),
}
CREDIT_POSITIVE = {"output", "goods_abroad", "services_abroad", "rubrikB_goods", "rubrikB_services", "rubrikC"}


def vat_accounts(chart: Mapping[str, Account]) -> dict[str, str]:
    """Account id → its VAT kind (output, input, goods_abroad, services_abroad, settlement)."""
    kinds: dict[str, str] = {}
    taken: set[str] = set()
    for account in chart.values():
        kind = ROLES.get(account.system_role or "")
        if kind:
            kinds[account.id] = kind
            taken.add(kind)
    for account in chart.values():
        kind = NUMBERS.get(account.number or 0)
        if kind and kind not in taken and account.id not in kinds:
            kinds[account.id] = kind
    return kinds


@dataclass(slots=True)
class VatSummary:
    amounts: dict[str, int] = field(default_factory=dict)
    """output, input, goods_abroad, services_abroad (each in its own positive direction), payable."""
    rubrik: dict[str, int | None] = field(default_factory=dict)
    counted: int = 0
    settlement_postings: int = 0
    """VAT-account postings left out because their transaction settles a return."""
    missing: list[str] = field(default_factory=list)
    """VAT kinds for which the chart has no account."""


def vat_summary(chart: Mapping[str, Account], postings: Iterable[Posting], start: str, end: str) -> VatSummary:
    kinds = vat_accounts(chart)
    settlement = {account for account, kind in kinds.items() if kind == "settlement"}
    rubrik_of = {
        account.id: name
        for name, numbers in RUBRIK_ACCOUNTS.items()
        for account in chart.values()
        if account.number in numbers
    }
    in_period = [p for p in postings if start <= p.day <= end]
    settling = {p.transaction for p in in_period if p.account in settlement}
    summary = VatSummary()
    sums = dict.fromkeys(("output", "input", "goods_abroad", "services_abroad"), 0)
    rubrik: dict[str, int | None] = {name: (0 if name in rubrik_of.values() else None) for name in RUBRIK_ACCOUNTS}
    for posting in in_period:
        kind = kinds.get(posting.account)
        if kind is not None and kind != "settlement":
            if posting.transaction in settling:
                summary.settlement_postings += 1
                continue
            sums[kind] += -posting.ore if kind in CREDIT_POSITIVE else posting.ore
            summary.counted += 1
            continue
        name = rubrik_of.get(posting.account)
        if name is not None:
            current = rubrik[name] or 0
            rubrik[name] = current + (-posting.ore if name in CREDIT_POSITIVE else posting.ore)
            summary.counted += 1
    sums["payable"] = sums["output"] + sums["goods_abroad"] + sums["services_abroad"] - sums["input"]
    summary.amounts = sums
    summary.rubrik = rubrik
    summary.missing = sorted({"output", "input", "goods_abroad", "services_abroad"} - set(kinds.values()))
    return summary
