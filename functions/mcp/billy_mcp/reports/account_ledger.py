"""get-account-ledger-tool (kontokort): one account's opening balance, its postings with a running balance, and
its closing balance for a period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ..registry import ToolCall, ToolError
from ..schema import one_account
from ._common import account_fields, check_order, day_argument, money, today, verdict
from ._ledger import Account, LedgerLine, account_ledger, resets_each_year
from ._read import Reader
from ._sources import (
    account_postings_read,
    base_currency_of,
    chart_of,
    chart_reads,
    check_priced,
    organization_of,
    vouchers_read,
)
from .periods import FiscalCalendar, Period

DEFAULT_LINES = 100
BASIS = (
    "Every valid (non-voided) posting on the account, in the base currency (foreign-currency postings at Billy's "
    "baseAmount). opening, balance and closing are debit-positive (credit balances are negative). Opening of a "
    "balance-sheet account: all its postings before from_date; of an income-statement account (and of Billy's "
    "currentEarnings account 7110): its postings from the start of the fiscal year containing from_date up to the "
    "day before, as in get-trial-balance-tool, whose row for the account has the same opening, debit, credit and "
    "closing. Lines are in date order, then transaction number, then Billy's order within the transaction."
)


def run(call: ToolCall) -> dict[str, Any]:
    arguments = call.arguments
    end = day_argument(arguments, "to_date") or today()
    asked_start = day_argument(arguments, "from_date")
    if asked_start is not None:
        check_order(asked_start, end, "from_date", "to_date")
    account_no = one_account(arguments)
    account_id = arguments.get("account_id")
    if account_no is None and account_id is None:
        raise ToolError("Invalid arguments: give the account as account_no (e.g. 5710) or account_id.")
    reader = Reader(call)
    # Given an id, the account's postings are read in the same wave as the chart: one wait for Billy instead of two.
    early = [account_postings_read(str(account_id), end.isoformat())] if account_id is not None else []
    (accounts, groups, natures, *early_postings), [document] = reader.read(
        [*chart_reads(), *early], singles=[("organization", "the organization")]
    )
    organization = organization_of(document)
    chart = chart_of(accounts, groups, natures)
    account = _account(chart, account_no, account_id)
    calendar = FiscalCalendar.of(organization)
    fiscal = calendar.year_of(asked_start or end)
    start = asked_start or fiscal.start
    if resets_each_year(account) and end > fiscal.end:
        raise ToolError(
            f"Account {account.number or account.id} is an income-statement account, which starts every fiscal year at "
            f"zero, so one ledger cannot run across the end of the fiscal year {fiscal.start} to {fiscal.end}. Ask "
            f"for {start} to {fiscal.end} and {fiscal.end + dt.timedelta(days=1)} to {end} separately."
        )
    period = Period(start, end)
    later = [] if early_postings else [account_postings_read(account.id, end.isoformat())]
    (*late_postings, transactions), _ = reader.read([*later, vouchers_read(start.isoformat(), end.isoformat())])
    [posted] = early_postings or late_postings
    entries = [entry for entry in posted.records if entry is not None]
    base_currency = base_currency_of(organization)
    for entry in entries:
        check_priced(entry.posting, base_currency)
    vouchers = {voucher.id: voucher for voucher in transactions.records}
    ledger = account_ledger(account, entries, vouchers, period, fiscal.start.isoformat())
    movement = ledger.movement
    size = int(arguments.get("page_size") or DEFAULT_LINES)
    page = int(arguments.get("page") or 1)
    page_count = max(1, -(-len(ledger.lines) // size))
    if page > page_count:
        raise ToolError(f"page {page} is past the last page ({page_count}) of {len(ledger.lines)} lines.")
    shown = ledger.lines[(page - 1) * size : page * size]
    before = movement.opening if page == 1 else ledger.lines[(page - 1) * size - 1].balance
    running_end = ledger.lines[-1].balance if ledger.lines else movement.opening
    missing = sum(1 for line in ledger.lines if line.voucher is None)
    checks: list[dict[str, Any]] = [
        {
            "name": "running balance ends at the closing balance",
            "ok": running_end == movement.closing,
            "detail": f"opening {money(movement.opening)} + debit {money(movement.debit)} - credit "
            f"{money(movement.credit)} = {money(movement.closing)}; the last line's balance is {money(running_end)}",
        },
        {
            "name": "every posting's transaction was read",
            "ok": missing == 0,
            "detail": f"{missing} of {len(ledger.lines)} postings name a transaction that Billy's transactions of the "
            "period do not list"
            if missing
            else f"all {len(ledger.lines)} postings have their voucher",
        },
    ]
    verified, note = verdict(checks)
    outcome: dict[str, Any] = {
        "complete": True,
        "postingsCounted": ledger.counted,
        "account": account_fields(account),
        "period": period.wire(),
        "fiscalYear": fiscal.wire(),
        "baseCurrency": base_currency,
        "opening": money(movement.opening),
        "debit": money(movement.debit),
        "credit": money(movement.credit),
        "closing": money(movement.closing),
        "lines": [_line(line) for line in shown],
        "balanceBeforePage": money(before),
        "paging": {"page": page, "pageSize": size, "pageCount": page_count, "total": len(ledger.lines)},
        "basis": BASIS,
        "checks": checks,
        "verified": verified,
    }
    if note:
        outcome["note"] = note
    return outcome


def _account(chart: Mapping[str, Account], number: int | None, account_id: str | None) -> Account:
    """The account by its number or by Billy's id, from the chart of accounts."""
    if account_id is not None:
        if account_id in chart:
            return chart[account_id]
        raise ToolError(
            f"No account has the id {account_id!r}. list-accounts-tool lists the chart of accounts (number, name and "
            "id of each); account_no takes the number instead."
        )
    for account in chart.values():
        if account.number == number:
            return account
    raise ToolError(
        f"No account has the number {number}. list-accounts-tool lists the chart of accounts (number, name and id "
        "of each)."
    )


def _line(line: LedgerLine) -> dict[str, Any]:
    ore = line.entry.posting.ore
    voucher = line.voucher
    document = None
    if voucher is not None and voucher.document_type is not None:
        document = {"type": voucher.document_type, "id": voucher.document_id, "name": voucher.document_name}
    return {
        "date": line.entry.posting.day,
        "transactionNo": voucher.number if voucher else None,
        "voucherNo": voucher.voucher_no if voucher else None,
        "text": line.entry.text,
        "document": document,
        "debit": money(ore) if ore > 0 else 0.0,
        "credit": money(-ore) if ore < 0 else 0.0,
        "balance": money(line.balance),
        "transactionId": line.entry.posting.transaction or None,
    }
