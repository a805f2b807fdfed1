"""Aged receivables and payables: what each open document owed on a date, in buckets of days past due.

A document's open amount on a date is its gross amount plus its late fees (rykkergebyrer) entered up to that
date, minus the payments and credit notes applied to it up to that date (Billy's balance modifiers). Asked for
today or later, Billy's own `balance` is used instead, which is the same figure when the history is complete.
Days past due = date - due date; not yet due when that is zero or less.
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
    documents: dict[str, list[str]] = field(default_factory=lambda: {b: [] for b in BUCKETS})

    @property
    def total(self) -> int:
        return sum(self.amounts.values())


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
        bucket = bucket_of(item.due, as_of)
        line.amounts[bucket] += amount
        line.documents[bucket].append(item.id)
    return list(lines.values()), examined


def currency_totals(lines: Iterable[Line]) -> dict[str, dict[str, int]]:
    totals: dict[str, dict[str, int]] = {}
    for line in lines:
        bucket_sums = totals.setdefault(line.currency, dict.fromkeys(BUCKETS, 0))
        for bucket, amount in line.amounts.items():
            bucket_sums[bucket] += amount
    for bucket_sums in totals.values():
        bucket_sums["total"] = sum(bucket_sums[b] for b in BUCKETS)
    return totals
