"""The ledger arithmetic of the reports, as pure functions over accounts and postings (all money in øre).

The accounting rules, in one place:
- A posting counts debit-positive: +amount on the debit side, -amount on the credit side, in the base currency.
  Voided postings never reach these functions.
- Balance-sheet accounts carry their balance from the first posting ever: opening = every posting before the
  period.
- Income-statement accounts start every fiscal year at zero: opening = postings from the start of the fiscal
  year containing the period's first day up to the day before. Billy's `currentEarnings` account
  (7110 "Dette års resultat") is this year's result by definition and resets the same way.
- What those resetting accounts held before the fiscal year began is the result of earlier fiscal years. When
  Billy (or the bookkeeper) has transferred it into equity with postings on the `currentEarnings` account, it
  nets to zero; whatever is left is shown as one computed equity line, so every statement still balances.
- The balance sheet shows the current fiscal year's result (income-statement postings from the fiscal year's
  start to the date) inside equity.
- An account ledger (kontokort) is one account's trial-balance row written out: the same opening, then each posting
  of the period in date order (then voucher number, then Billy's posting priority) with the running balance, ending
  on the row's closing balance.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from .periods import Period

INCOME_STATEMENT = "incomeStatement"
BALANCE_SHEET = "balanceSheet"
CURRENT_EARNINGS = "currentEarnings"


class Account(NamedTuple):
    id: str
    number: int | None
    name: str
    nature: str
    """Billy's nature id: asset, liability, equity, revenue, expense (or an organization's own)."""
    statement: str
    """incomeStatement or balanceSheet (the nature's reportType)."""
    normal: str
    """debit or credit (the nature's normalBalance): the side on which the account is shown positive."""
    group_id: str | None
    group_number: int | None
    group_name: str | None
    system_role: str | None


class Posting(NamedTuple):
    day: str
    """YYYY-MM-DD; ISO dates compare correctly as text."""
    account: str
    ore: int
    """Signed, debit-positive, in the base currency."""
    transaction: str
    unpriced: str | None = None
    """The posting's currency when it differs from the base currency and Billy sent no baseAmount."""
    vat_return: str | None = None
    """The sales-tax return the posting was settled with (Billy's salesTaxReturnId), if any."""


class LedgerPosting(NamedTuple):
    """A posting as an account ledger shows it: with its own id, text and Billy's order within the transaction."""

    posting: Posting
    id: str
    text: str
    priority: int


class Voucher(NamedTuple):
    """A transaction (bilag): its numbers and the document it was booked from."""

    id: str
    number: int | None
    """Billy's transactionNo."""
    voucher_no: str | None
    document_type: str | None
    """invoice, bill, daybookTransaction, bankPayment, salesTaxReturn, ... (from originatorReference)."""
    document_id: str | None
    document_name: str | None


def resets_each_year(account: Account) -> bool:
    return account.statement == INCOME_STATEMENT or account.system_role == CURRENT_EARNINGS


def shown(account: Account, ore: int) -> int:
    """A debit-positive amount in the account's normal direction (revenue and liabilities credit-positive)."""
    return ore if account.normal == "debit" else -ore


# ---- trial balance ------------------------------------------------------------------------------------------
@dataclass(slots=True)
class Movement:
    opening: int = 0
    debit: int = 0
    credit: int = 0

    @property
    def closing(self) -> int:
        return self.opening + self.debit - self.credit


@dataclass(slots=True)
class TrialBalance:
    rows: dict[str, Movement]
    earlier_results: Movement
    """The computed equity line: resetting accounts' balances from before the fiscal year (debit-positive)."""
    counted: int

    @property
    def debit(self) -> int:
        return sum(row.debit for row in self.rows.values())

    @property
    def credit(self) -> int:
        return sum(row.credit for row in self.rows.values())

    @property
    def opening(self) -> int:
        return sum(row.opening for row in self.rows.values()) + self.earlier_results.opening

    @property
    def closing(self) -> int:
        return sum(row.closing for row in self.rows.values()) + self.earlier_results.closing

    @property
    def balanced(self) -> bool:
        return self.debit == self.credit and self.opening == 0 and self.closing == 0


def trial_balance(
    chart: Mapping[str, Account], postings: Iterable[Posting], period: Period, fiscal_start: str
) -> TrialBalance:
    """Opening, debits, credits and closing per account for `period` (postings after it are ignored)."""
    start, end = period.start.isoformat(), period.end.isoformat()
    rows: dict[str, Movement] = {}
    earlier = Movement()
    counted = 0
    for posting in postings:
        if posting.day > end:
            continue
        counted += 1
        row = rows.get(posting.account)
        if row is None:
            row = rows[posting.account] = Movement()
        if posting.day >= start:
            if posting.ore >= 0:
                row.debit += posting.ore
            else:
                row.credit -= posting.ore
        elif posting.day < fiscal_start and resets_each_year(chart[posting.account]):
            earlier.opening += posting.ore
        else:
            row.opening += posting.ore
    return TrialBalance(rows, earlier, counted)


# ---- profit and loss ------------------------------------------------------------------------------------------
def income_statement(
    chart: Mapping[str, Account], postings: Iterable[Posting], columns: Sequence[Period]
) -> tuple[dict[str, list[int]], int]:
    """Per income-statement account, its debit-positive movement in each column; and the postings counted."""
    bounds = [(c.start.isoformat(), c.end.isoformat()) for c in columns]
    sums: dict[str, list[int]] = {}
    counted = 0
    for posting in postings:
        account = chart[posting.account]
        if account.statement != INCOME_STATEMENT:
            continue
        hit = False
        for index, (low, high) in enumerate(bounds):
            if low <= posting.day <= high:
                row = sums.get(posting.account)
                if row is None:
                    row = sums[posting.account] = [0] * len(bounds)
                row[index] += posting.ore
                hit = True
        counted += hit
    return sums, counted


def result_of(sums: Mapping[str, Sequence[int]], column: int) -> int:
    """Profit (positive) or loss (negative) of one column: credits minus debits of income-statement accounts."""
    return -sum(row[column] for row in sums.values())


# ---- balance sheet -------------------------------------------------------------------------------------------------
@dataclass(slots=True)
class BalanceSheet:
    balances: dict[str, int] = field(default_factory=dict)
    """Balance-sheet accounts' balances at the date, debit-positive (currentEarnings: this fiscal year only)."""
    current_result: int = 0
    """The fiscal year's result to the date, credit-positive (profit > 0)."""
    earlier_results: int = 0
    """Earlier fiscal years' results not transferred to equity, credit-positive."""
    counted: int = 0


def balance_sheet(
    chart: Mapping[str, Account], postings: Iterable[Posting], as_of: str, fiscal_start: str
) -> BalanceSheet:
    sheet = BalanceSheet()
    for posting in postings:
        if posting.day > as_of:
            continue
        sheet.counted += 1
        account = chart[posting.account]
        earlier = posting.day < fiscal_start
        if account.statement == INCOME_STATEMENT:
            if earlier:
                sheet.earlier_results -= posting.ore
            else:
                sheet.current_result -= posting.ore
        elif earlier and account.system_role == CURRENT_EARNINGS:
            sheet.earlier_results -= posting.ore
        else:
            sheet.balances[posting.account] = sheet.balances.get(posting.account, 0) + posting.ore
    return sheet


def side_totals(chart: Mapping[str, Account], sheet: BalanceSheet) -> tuple[int, int]:
    """(debit-normal accounts, credit-normal accounts + results), each in its normal direction: equal when balanced."""
    debit_side = sum(ore for account, ore in sheet.balances.items() if chart[account].normal == "debit")
    credit_side = -sum(ore for account, ore in sheet.balances.items() if chart[account].normal != "debit")
    return debit_side, credit_side + sheet.current_result + sheet.earlier_results


# ---- account ledger (kontokort) -----------------------------------------------------------------------------------
@dataclass(slots=True)
class LedgerLine:
    entry: LedgerPosting
    voucher: Voucher | None
    balance: int
    """The running balance after this posting (debit-positive)."""


@dataclass(slots=True)
class AccountLedger:
    movement: Movement
    lines: list[LedgerLine]
    counted: int


def account_ledger(
    account: Account,
    entries: Iterable[LedgerPosting],
    vouchers: Mapping[str, Voucher],
    period: Period,
    fiscal_start: str,
) -> AccountLedger:
    """One account's opening (the trial-balance rule), the period's postings in order with a running balance."""
    entries = [entry for entry in entries if entry.posting.account == account.id]
    result = trial_balance({account.id: account}, (entry.posting for entry in entries), period, fiscal_start)
    movement = result.rows.get(account.id, Movement())
    start, end = period.start.isoformat(), period.end.isoformat()
    in_period = [entry for entry in entries if start <= entry.posting.day <= end]

    def order(entry: LedgerPosting) -> tuple[str, int, int, str]:
        voucher = vouchers.get(entry.posting.transaction)
        number = voucher.number if voucher is not None and voucher.number is not None else 10**12
        return (entry.posting.day, number, entry.priority, entry.id)

    balance = movement.opening
    lines = []
    for entry in sorted(in_period, key=order):
        balance += entry.posting.ore
        lines.append(LedgerLine(entry, vouchers.get(entry.posting.transaction), balance))
    return AccountLedger(movement, lines, result.counted)
