"""The momsangivelse of a period, as pure functions over Billy's VAT setup, postings and document lines (in øre).

The rules, in one place, each with its source:
- Which accounts are VAT accounts is Billy's configuration, `salesTaxAccounts` (account, type, priority; Billy's API
  docs, billy.dk/api). A company that deducts energy taxes adds its own account to the VAT group and registers it
  there as a deduction (billy.dk/support/article/fradrag-for-afgift/). Without any registered account the standard
  chart's VAT accounts 7220-7250 stand in, and the result says so.
- Each VAT account is placed in a field of the return: Billy's system role `salesTax` (7250) → salgsmoms; the
  standard chart's 7220 → købsmoms, 7230 → moms af varekøb i udlandet, 7240 → moms af ydelseskøb i udlandet; a
  registered account whose type names a deduction ("deduction", "fradrag") → an energy-tax deduction, the tax named
  by the account's name (elafgift, olie- og flaskegas-, naturgas- og bygas-, kul-, CO2-, vandafgift) or
  "unspecified". Billy does not publish the `type` values, so an account placed by none of these is reported as
  unplaced: it still counts in the payable, and the result is not verified.
- Output VAT and VAT on purchases abroad are credits - debits; input VAT and deductions debits - credits. The payable
  (afgiftstilsvar) = salgsmoms + moms af varekøb i udlandet + moms af ydelseskøb i udlandet - købsmoms - energy
  deductions (skat.dk, momsangivelsens felter), which is the VAT accounts' net credit movement in the period.
- A transaction whose originator is a sales-tax return (Billy's settlement, "Afregn periode") or a sales-tax payment
  ("Registrer betaling") moves VAT balances to Afregnet moms or the bank: it is not VAT of the period and is left out
  (billy.dk/support/article/bogfoering-af-moms/).
- Rubrik A, B and C come from the tax rate on each document line: the rate's `netAmountMetaField` names the box its
  net amount goes to (billy.dk/support/article/regninger-fra-udlandet/), so a sale on 1110 with an EU rate is in
  rubrik B. A box is matched to a meta field by its name and description (company data); a meta field that matches
  no box is named and the result is not verified. Credit notes count negative; foreign-currency documents at their
  exchange rate, per document.
- Filed amounts are whole kroner, øre disregarded (momsloven § 57, stk. 1): each field truncated toward zero, the
  payable computed from the truncated fields; the exact amounts stand beside them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from ._ledger import Account, Posting

FIELDS = ("output", "input", "goods_abroad", "services_abroad")
CREDIT_POSITIVE = frozenset({"output", "goods_abroad", "services_abroad"})
STANDARD_NUMBERS = {7250: "output", 7220: "input", 7230: "goods_abroad", 7240: "services_abroad"}
ENERGY_TAXES = (
    ("oil_and_bottled_gas", re.compile(r"olie|flaskegas|oil|bottled", re.IGNORECASE)),
    ("natural_gas_and_town_gas", re.compile(r"naturgas|bygas|natural gas|town gas", re.IGNORECASE)),
    ("electricity", re.compile(r"\bel\b|elafgift|electric", re.IGNORECASE)),
    ("coal", re.compile(r"\bkul|coal", re.IGNORECASE)),
    ("co2", re.compile(r"co2|co₂", re.IGNORECASE)),
    ("water", re.compile(r"vand|water", re.IGNORECASE)),
)
"""The energy taxes the momsangivelse has a deduction field for (skat.dk: fradrag for energiafgifter)."""
DEDUCTION_TYPE = re.compile(r"deduct|fradrag", re.IGNORECASE)
BOXES = ("A_goods", "A_services", "B_goods", "B_goods_not_listed", "B_services", "C")
SETTLING_ORIGINATORS = ("salesTaxReturn:", "salesTaxPayment:")


class VatAccount(NamedTuple):
    account: str
    type: str | None
    """Billy's salesTaxAccounts.type (None where the standard chart stands in)."""


class RubrikLine(NamedTuple):
    """What one document contributes to the boxes through one tax rate: øre in the base currency."""

    document: str
    tax_rate: str
    ore: int
    side: str | None = None
    """A daybook line's side: a sale (rubrik B, C) counts when credited, a purchase (rubrik A) when debited."""


def is_settling(originator: str | None) -> bool:
    return originator is not None and originator.startswith(SETTLING_ORIGINATORS)


def standard_vat_accounts(chart: Mapping[str, Account]) -> list[VatAccount]:
    """The standard chart's VAT accounts (7220-7250), for a company whose salesTaxAccounts Billy did not list."""
    return [VatAccount(a.id, None) for a in chart.values() if a.number in STANDARD_NUMBERS]


def place(account: Account, vat_type: str | None) -> str | None:
    """The return field of a VAT account (output, input, goods_abroad, services_abroad, deduction:<tax>), or None."""
    if account.system_role == "salesTax":
        return "output"
    if account.number in STANDARD_NUMBERS:
        return STANDARD_NUMBERS[account.number]
    if vat_type is not None and DEDUCTION_TYPE.search(vat_type):
        for tax, pattern in ENERGY_TAXES:
            if pattern.search(account.name):
                return f"deduction:{tax}"
        return "deduction:unspecified"
    return None


def meta_box(name: str, description: str) -> str | None:
    """The box a salesTaxMetaField stands for, from its name (and description): None when it matches none."""
    label = f"{name} {description}".casefold() if not name.strip() else name.casefold()
    goods = "var" in label or "goods" in label
    services = "ydels" in label or "service" in label
    if re.search(r"\brubrik\s*a\b|\bbox\s*a\b", label):
        return "A_goods" if goods else "A_services" if services else None
    if re.search(r"\brubrik\s*b\b|\bbox\s*b\b", label):
        if services:
            return "B_services"
        if goods:
            return "B_goods_not_listed" if re.search(r"\bikke\b|not reported|not listed", label) else "B_goods"
        return None
    if re.search(r"\brubrik\s*c\b|\bbox\s*c\b", label):
        return "C"
    return None


@dataclass(slots=True)
class AccountLine:
    account: str
    type: str | None
    field: str | None
    ore: int = 0
    """In the field's own positive direction (credit - debit for output and purchases abroad, else debit - credit)."""


@dataclass(slots=True)
class VatReturn:
    fields: dict[str, int] = field(default_factory=dict)
    """output, input, goods_abroad, services_abroad: each positive in its own direction."""
    deductions: dict[str, int] = field(default_factory=dict)
    """Energy tax → øre deducted."""
    unplaced: int = 0
    """Net credit movement of VAT accounts placed in no field (counted in the payable)."""
    payable: int = 0
    net_credit: int = 0
    """The VAT accounts' net credit movement, summed posting by posting: what the payable must equal."""
    accounts: list[AccountLine] = field(default_factory=list)
    counted: int = 0
    settlement_postings: int = 0
    by_return: dict[str | None, int] = field(default_factory=dict)
    """Payable contributed by the period's postings per salesTaxReturnId they carry (None: none)."""


def vat_return(
    chart: Mapping[str, Account],
    vat_accounts: Sequence[VatAccount],
    postings: Iterable[Posting],
    settling: set[str],
    start: str,
    end: str,
) -> VatReturn:
    """The VAT fields of the period from the postings on the VAT accounts, leaving out settling transactions."""
    lines = {
        entry.account: AccountLine(entry.account, entry.type, place(chart[entry.account], entry.type))
        for entry in vat_accounts
        if entry.account in chart
    }
    result = VatReturn(fields=dict.fromkeys(FIELDS, 0), accounts=list(lines.values()))
    for posting in postings:
        line = lines.get(posting.account)
        if line is None or not start <= posting.day <= end:
            continue
        if posting.transaction in settling:
            result.settlement_postings += 1
            continue
        result.counted += 1
        result.net_credit -= posting.ore
        credit_positive = line.field in CREDIT_POSITIVE or line.field is None
        line.ore += -posting.ore if credit_positive else posting.ore
        result.by_return[posting.vat_return] = result.by_return.get(posting.vat_return, 0) - posting.ore
    for line in lines.values():
        if line.field is None:
            result.unplaced += line.ore
        elif line.field.startswith("deduction:"):
            tax = line.field.split(":", 1)[1]
            result.deductions[tax] = result.deductions.get(tax, 0) + line.ore
        else:
            result.fields[line.field] += line.ore
    result.payable = payable(result.fields, result.deductions) + result.unplaced
    return result


def payable(fields: Mapping[str, int], deductions: Mapping[str, int]) -> int:
    return (
        fields["output"]
        + fields["goods_abroad"]
        + fields["services_abroad"]
        - fields["input"]
        - sum(deductions.values())
    )


def settled_payable(postings: Iterable[Posting], vat_account_ids: set[str], settlement: set[str]) -> int:
    """What a settlement moved off the VAT accounts: the payable it settled (its VAT legs, debit-positive)."""
    return sum(p.ore for p in postings if p.transaction in settlement and p.account in vat_account_ids)


def rubrik(lines: Iterable[RubrikLine], box_of_rate: Mapping[str, str | None]) -> dict[str, int]:
    """Each box's net amount: the lines whose tax rate's meta field is that box."""
    boxes = dict.fromkeys(BOXES, 0)
    for line in lines:
        box = box_of_rate.get(line.tax_rate)
        if box is None:
            continue
        ore = line.ore
        if line.side is not None:
            positive = "debit" if box.startswith("A_") else "credit"
            ore = ore if line.side == positive else -ore
        boxes[box] += ore
    return boxes


def kroner_filed(ore: int) -> int:
    """Whole kroner as filed: øre disregarded, toward zero (momsloven § 57, stk. 1)."""
    return -(-ore // 100) if ore < 0 else ore // 100
