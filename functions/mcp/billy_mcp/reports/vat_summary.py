"""get-vat-summary-tool (momsopgørelse): output and input VAT of a period, what is payable, and Billy's return."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..registry import ToolCall, ToolError
from ._common import Books, check_order, day_argument, money, read_books, today, verdict
from ._read import ListRead, Reader
from ._sources import (
    line_reads,
    partly_deductible,
    postings_read,
    rate_boxes,
    settling_read,
    vat_accounts_of,
    vat_setup_reads,
)
from ._vat import (
    AccountLine,
    VatAccount,
    VatReturn,
    kroner_filed,
    payable,
    rubrik,
    settled_payable,
    standard_vat_accounts,
    vat_return,
)
from .periods import Period, PeriodError, named_period

BASIS = (
    "The momsangivelse of the period from Billy's own VAT setup, in the base currency. The VAT fields come from the "
    "postings dated in the period on the company's VAT accounts (Billy's salesTaxAccounts; the standard 7220-7250 when "
    "Billy lists none): salgsmoms on the salesTax account (7250), købsmoms on 7220, VAT on goods and services bought "
    "abroad on 7230 and 7240, and each energy-tax deduction on an account registered as a deduction (vatAccounts "
    "shows each account's field and amount). Transactions whose originator is a sales-tax return or payment (Billy's "
    "settlement and payment of a return) are left out. payable (afgiftstilsvar) = salgsmoms + VAT on purchases abroad "
    "- købsmoms - energy deductions, negative when refundable. Rubrik A, B and C are the net amounts of the "
    "approved invoice, bill and daybook lines dated in the period, by the box their tax rate's netAmountMetaField "
    "names (credit notes negative, foreign documents at their exchange rate). filed: whole kroner as reported "
    "(øre disregarded, momsloven § 57, stk. 1), the payable from the filed fields. For a settled period, settlement "
    "compares what was settled with the ledger now and lists the postings that make the difference."
)
ENERGY_LABELS = {
    "oil_and_bottled_gas": "olie- og flaskegasafgift",
    "electricity": "elafgift",
    "natural_gas_and_town_gas": "naturgas- og bygasafgift",
    "coal": "kulafgift",
    "co2": "CO2-afgift",
    "water": "vandafgift",
    "unspecified": "energiafgifter, ikke specificeret",
}


def _period(arguments: dict[str, Any]) -> Period:
    named = arguments.get("period")
    start, end = day_argument(arguments, "from_date"), day_argument(arguments, "to_date")
    if named is not None:
        if start or end:
            raise ToolError("Invalid arguments: give either period or from_date and to_date, not both.")
        try:
            return named_period(str(named))
        except PeriodError as exc:
            raise ToolError(f"Invalid arguments: {exc}.") from None
    if start is None or end is None:
        raise ToolError(
            "Invalid arguments: give period (e.g. 2026-Q1, 2026-03, 2026-H1 or 2026) or both from_date and to_date."
        )
    check_order(start, end, "from_date", "to_date")
    return Period(start, end)


def _matching_return(call: ToolCall, period: Period) -> tuple[dict[str, Any] | None, str | None]:
    """Billy's return for exactly this period (one more request); a failure here is a note, not an error."""
    read = ListRead("salesTaxReturns", "salesTaxReturns", {}, "sales-tax returns", "nothing to narrow")
    try:
        [listing], _ = Reader(call).read([read])
    except ToolError as exc:
        return None, f"Billy's sales-tax returns could not be read, so none is shown: {exc}"
    wanted = (period.start.isoformat(), period.end.isoformat())
    matches = [r for r in listing.records if (str(r.get("startDate"))[:10], str(r.get("endDate"))[:10]) == wanted]
    if not matches:
        return None, None
    chosen = max(matches, key=lambda r: r.get("correctionNo") if isinstance(r.get("correctionNo"), int) else 0)
    keys = ("id", "period", "periodText", "startDate", "endDate", "reportDeadline", "isSettled", "isPaid")
    return {key: chosen.get(key) for key in keys if key in chosen}, None


def run(call: ToolCall) -> dict[str, Any]:
    period = _period(call.arguments)
    start, end = period.start.isoformat(), period.end.isoformat()
    books = read_books(
        call,
        postings_read(start, end, "a shorter period"),
        extra=[*vat_setup_reads(), settling_read(start, end), *line_reads(start, end)],
    )
    vat_listing, rates_listing, settling_listing, *documents = books.extra
    vat_accounts = vat_accounts_of(vat_listing, books.chart)
    notes = []
    if not vat_accounts:
        vat_accounts = standard_vat_accounts(books.chart)
        notes.append(
            "Billy lists no VAT accounts (salesTaxAccounts) for this company; the standard 7220-7250 were used."
        )
    settling = {transaction: originator for transaction, originator in settling_listing.records if originator}
    figures = vat_return(books.chart, vat_accounts, books.postings, set(settling), start, end)
    boxes_of_rate, unplaced_fields = rate_boxes(rates_listing)
    partial = partly_deductible(rates_listing)
    if partial:
        named = ", ".join(f"{name} ({share:.0%} deducted)" for name, share in partial)
        notes.append(
            f"Tax rates whose VAT is deducted only in part (the VAT accounts hold the deducted part): {named}."
        )
    lines = [line for listing in documents for record in listing.records for line in record]
    boxes = rubrik(lines, boxes_of_rate)
    returned, return_note = _matching_return(call, period)
    if return_note:
        notes.append(return_note)
    if returned is not None:
        late = _days_overdue(returned, today())
        returned["overdue"] = late is not None
        if late is not None:
            returned["daysOverdue"] = late
            notes.append(
                f"Overdue: the return for this period was due by {returned['reportDeadline']} and is not settled in "
                f"Billy ({late} days). If it was not reported to SKAT either, SKAT sets the VAT provisionally, with "
                "an 800 kr. fee and interest (skat.dk 'Indberet til tiden og undgå foreløbig fastsættelser'; "
                "opkrævningsloven § 4, stk. 2). If it was reported outside Billy, settle it in Billy."
            )
    settlement = _settlement(books, figures, vat_accounts, settling, returned, start, end)
    result: dict[str, Any] = {
        "complete": True,
        "postingsCounted": figures.counted,
        "period": period.wire(),
        "fiscalYear": books.calendar.year_of(period.end).wire(),
        "baseCurrency": books.base_currency,
        "outputVat": money(figures.fields["output"]),
        "inputVat": money(figures.fields["input"]),
        "vatOnGoodsAbroad": money(figures.fields["goods_abroad"]),
        "vatOnServicesAbroad": money(figures.fields["services_abroad"]),
        "energyTaxDeductions": {ENERGY_LABELS[tax]: money(ore) for tax, ore in sorted(figures.deductions.items())},
        "payable": money(figures.payable),
        "position": "payable" if figures.payable > 0 else "refundable" if figures.payable < 0 else "zero",
        "rubrik": {box: money(ore) for box, ore in boxes.items()},
        "filed": _filed(figures, boxes),
        "vatAccounts": [_account_line(books, line) for line in figures.accounts],
        "documentsCounted": sum(len(listing.records) for listing in documents),
        "settlementPostingsExcluded": figures.settlement_postings,
        "salesTaxReturn": returned,
        "settlement": settlement,
        "basis": BASIS,
    }
    checks = _checks(books, figures, unplaced_fields, settlement)
    result["verified"], note = verdict(checks, *notes)
    result["checks"] = checks
    if note:
        result["note"] = note
    return result


def _days_overdue(returned: dict[str, Any], now: dt.date) -> int | None:
    """Days past Billy's reportDeadline of a return that is not settled; None when it is settled or not yet due."""
    deadline = returned.get("reportDeadline")
    if returned.get("isSettled") is True or not isinstance(deadline, str):
        return None
    try:
        due = dt.date.fromisoformat(deadline[:10])
    except ValueError:
        return None
    return (now - due).days if now > due else None


def _filed(figures: VatReturn, boxes: dict[str, int]) -> dict[str, Any]:
    """The return as filed: each field in whole kroner (øre disregarded), the payable from those fields."""
    fields = {name: kroner_filed(ore) for name, ore in figures.fields.items()}
    deductions = {tax: kroner_filed(ore) for tax, ore in figures.deductions.items()}
    filed_payable = payable(fields, deductions) + kroner_filed(figures.unplaced)
    return {
        "outputVat": fields["output"],
        "inputVat": fields["input"],
        "vatOnGoodsAbroad": fields["goods_abroad"],
        "vatOnServicesAbroad": fields["services_abroad"],
        "energyTaxDeductions": {ENERGY_LABELS[tax]: kr for tax, kr in sorted(deductions.items())},
        "payable": filed_payable,
        "rubrik": {box: kroner_filed(ore) for box, ore in boxes.items()},
    }


def _account_line(books: Books, line: AccountLine) -> dict[str, Any]:
    account = books.chart[line.account]
    return {
        "accountId": account.id,
        "accountNo": account.number,
        "name": account.name,
        "type": line.type,
        "field": line.field,
        "amount": money(line.ore),
    }


def _settlement(
    books: Books,
    figures: VatReturn,
    vat_accounts: list[VatAccount],
    settling: dict[str, str],
    returned: dict[str, Any] | None,
    start: str,
    end: str,
) -> dict[str, Any] | None:
    """For a settled return of exactly this period: what its settlement moved off the VAT accounts, the ledger now,
    and the postings dated in the period that the return did not settle (those not tagged with its id)."""
    if returned is None or returned.get("isSettled") is not True:
        return None
    return_id = returned["id"]
    ids = {entry.account for entry in vat_accounts}
    settlement = {t for t, originator in settling.items() if originator == f"salesTaxReturn:{return_id}"}
    settled = settled_payable(books.postings, ids, settlement)
    period = [p for p in books.postings if p.account in ids and start <= p.day <= end and p.transaction not in settling]
    tagged = any(p.vat_return == return_id for p in period)
    outside = sorted((p for p in period if p.vat_return != return_id), key=lambda p: (p.day, p.transaction))
    return {
        "salesTaxReturnId": return_id,
        "settled": money(settled),
        "ledgerNow": money(figures.payable),
        "difference": money(figures.payable - settled),
        "postingsTagged": tagged,
        "notInSettlement": [
            {
                "transactionId": p.transaction,
                "entryDate": p.day,
                "accountNo": books.chart[p.account].number,
                "amount": money(-p.ore),
            }
            for p in outside
        ]
        if tagged
        else [],
    }


def _checks(
    books: Books, figures: VatReturn, unplaced_fields: list[str], settlement: dict[str, Any] | None
) -> list[dict[str, Any]]:
    unplaced = [books.chart[line.account] for line in figures.accounts if line.field is None]
    net_credit = figures.net_credit
    checks = [
        {
            "name": "vat accounts placed",
            "ok": not unplaced,
            "detail": "every VAT account is a field of the return"
            if not unplaced
            else "VAT accounts in no field of the return (counted in the payable): "
            + ", ".join(f"{a.number} {a.name}" for a in unplaced),
        },
        {
            "name": "payable equals the VAT accounts",
            "ok": figures.payable == net_credit,
            "detail": f"the fields give {money(figures.payable)}, the VAT accounts' movement {money(net_credit)}",
        },
        {
            "name": "rubrik boxes placed",
            "ok": not unplaced_fields,
            "detail": "every tax rate with a meta field names a box of the return"
            if not unplaced_fields
            else "meta fields that name no box (their lines are in no rubrik): " + ", ".join(unplaced_fields),
        },
    ]
    if settlement is not None and settlement["postingsTagged"]:
        tagged = figures.by_return.get(settlement["salesTaxReturnId"], 0)
        checks.append(
            {
                "name": "settlement equals its postings",
                "ok": money(tagged) == settlement["settled"],
                "detail": f"settled {settlement['settled']}, the postings tagged with the return {money(tagged)}",
            }
        )
    return checks
