"""Aged receivables and payables: what each open document owed on a date, in buckets of days past due.

A document's open amount on a date is its gross amount plus its late fees (rykkergebyrer) entered up to that
date, minus the payments and credit notes applied to it up to that date (Billy's balance modifiers). Asked for
today or later, Billy's own `balance` is used instead, which is the same figure when the history is complete.
Days past due = date - due date; not yet due when that is zero or less.

A document whose open amount is negative (a credit note not yet applied, an overpaid document) is money the company
owes back or may set off, not a debt that can be late: it is an unapplied credit of its contact, outside the buckets.
What a contact paid on account (a prepayment, Billy's contact balance) is set against the contact too. The net
exposure of a contact = its bucketed open amounts - unapplied credits - prepayments, which per currency must equal
the control accounts: receivables 5810 - 7310 (accountsReceivable - prepaymentLiability), payables 7320 - 5820
(accountsPayable - prepaymentAsset).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from .specs import BUCKETS


class OpenItem(NamedTuple):
    id: str
    number: str | None
    contact: str
    currency: str
    entry: dt.date
    due: dt.date
    gross: int
    """øre in the document's currency; negative for credit notes."""
    changes: tuple[tuple[dt.date, int], ...]
    """(date, øre) added to the open amount: late fees positive, payments and credits negative."""
    balance_now: int
    """Billy's current balance (øre)."""
    rate: float = 1.0
    """The document's exchange rate to the base currency."""


def open_amount(item: OpenItem, as_of: dt.date, today: dt.date) -> int:
    if as_of >= today:
        return item.balance_now
    return item.gross + sum(ore for day, ore in item.changes if day <= as_of)


def bucket_of(due: dt.date, as_of: dt.date) -> str:
    late = (as_of - due).days
    if late <= 0:
        return "notDue"
    if late <= 30:
        return "days1to30"
    if late <= 60:
        return "days31to60"
    if late <= 90:
        return "days61to90"
    return "over90"


@dataclass(slots=True)
class Line:
    """One contact in one currency: the open amount per bucket and the documents in each bucket."""

    contact: str
    currency: str
    amounts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BUCKETS, 0))
    documents: dict[str, list[tuple[OpenItem, int]]] = field(default_factory=lambda: {b: [] for b in BUCKETS})
    """Per bucket, each document with its open amount (øre, in the line's currency)."""
    credits: int = 0
    """Unapplied credits (positive øre): credit notes not yet used, overpayments."""
    credit_documents: list[tuple[OpenItem, int]] = field(default_factory=list)
    prepayments: int = 0
    """Paid on account (positive øre), from the contact's balance."""
    base: int = 0
    """The net exposure in the base currency, each document at its own exchange rate (øre, rounded per document)."""

    @property
    def total(self) -> int:
        return sum(self.amounts.values())

    @property
    def net(self) -> int:
        return self.total - self.credits - self.prepayments


def age(items: Iterable[OpenItem], as_of: dt.date, today: dt.date) -> tuple[list[Line], int]:
    """Lines per (contact, currency) with a non-zero open amount, and how many documents were examined."""
    lines: dict[tuple[str, str], Line] = {}
    examined = 0
    for item in items:
        if item.entry > as_of:
            continue
        examined += 1
        amount = open_amount(item, as_of, today)
        if amount == 0:
            continue
        key = (item.contact, item.currency)
        line = lines.get(key)
        if line is None:
            line = lines[key] = Line(item.contact, item.currency)
        line.base += round(amount * item.rate)
        if amount < 0:
            line.credits -= amount
            line.credit_documents.append((item, -amount))
            continue
        bucket = bucket_of(item.due, as_of)
        line.amounts[bucket] += amount
        line.documents[bucket].append((item, amount))
    return list(lines.values()), examined


def add_prepayments(lines: list[Line], prepayments: dict[tuple[str, str], int], rates: dict[str, float]) -> None:
    """Each contact's prepayment (contact, currency → positive øre) on its line, a new line where it has none."""
    by_key = {(line.contact, line.currency): line for line in lines}
    for key, ore in prepayments.items():
        if ore <= 0:
            continue
        line = by_key.get(key)
        if line is None:
            line = by_key[key] = Line(*key)
            lines.append(line)
        line.prepayments += ore
        line.base -= round(ore * rates.get(key[1], 1.0))


def currency_totals(lines: Iterable[Line]) -> dict[str, dict[str, int]]:
    totals: dict[str, dict[str, int]] = {}
    for line in lines:
        bucket_sums = totals.setdefault(
            line.currency, {**dict.fromkeys(BUCKETS, 0), "unappliedCredits": 0, "prepayments": 0}
        )
        for bucket, amount in line.amounts.items():
            bucket_sums[bucket] += amount
        bucket_sums["unappliedCredits"] += line.credits
        bucket_sums["prepayments"] += line.prepayments
    for bucket_sums in totals.values():
        bucket_sums["total"] = sum(bucket_sums[b] for b in BUCKETS)
        bucket_sums["net"] = bucket_sums["total"] - bucket_sums["unappliedCredits"] - bucket_sums["prepayments"]
    return totals
