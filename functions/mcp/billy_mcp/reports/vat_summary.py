"""get-vat-summary-tool (momsopgørelse): output and input VAT of a period, what is payable, and Billy's return."""

from __future__ import annotations

from typing import Any

from ..registry import ToolCall, ToolError
from ._common import check_order, day_argument, money, read_books
from ._read import ListRead, Reader
from ._sources import postings_read
from ._vat import vat_summary
from .periods import Period, PeriodError, named_period

BASIS = (
    "From every valid (non-voided) posting dated in the period, in the base currency. Output VAT (salgsmoms) = "
    "credits - debits on 7250 (systemRole salesTax); input VAT (købsmoms) = debits - credits on 7220; VAT on goods "
    "and on services bought abroad (reverse charge) = credits - debits on 7230 and 7240; payable (momstilsvar) = "
    "output + goods abroad + services abroad - input, negative when refundable. Postings of transactions that touch "
    "7210 Afregnet moms (systemRole salesTaxPayable) settle or pay a return and are left out. Rubrik A (EU purchases: "
    "goods 1220, services 1230), B (EU sales: goods 1140, services 1150) and C (other VAT-free sales abroad: 1120 + "
    "1130) are the net movements on those standard accounts; purchases or sales booked on other accounts are not in "
    "them (null where the chart lacks the account)."
)


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
    books = read_books(call, postings_read(start, end, "a shorter period"))
    summary = vat_summary(books.chart, books.postings, start, end)
    returned, note = _matching_return(call, period)
    amounts = summary.amounts
    result: dict[str, Any] = {
        "complete": True,
        "postingsCounted": summary.counted,
        "period": period.wire(),
        "fiscalYear": books.calendar.year_of(period.end).wire(),
        "baseCurrency": books.base_currency,
        "outputVat": money(amounts["output"]),
        "inputVat": money(amounts["input"]),
        "vatOnGoodsAbroad": money(amounts["goods_abroad"]),
        "vatOnServicesAbroad": money(amounts["services_abroad"]),
        "payable": money(amounts["payable"]),
        "position": "payable" if amounts["payable"] > 0 else "refundable" if amounts["payable"] < 0 else "zero",
        "rubrik": {
            "A_goods": _nullable(summary.rubrik["rubrikA_goods"]),
            "A_services": _nullable(summary.rubrik["rubrikA_services"]),
            "B_goods": _nullable(summary.rubrik["rubrikB_goods"]),
            "B_services": _nullable(summary.rubrik["rubrikB_services"]),
            "C": _nullable(summary.rubrik["rubrikC"]),
        },
        "settlementPostingsExcluded": summary.settlement_postings,
        "salesTaxReturn": returned,
        "basis": BASIS,
    }
    notes = [note] if note else []
    if summary.missing:
        notes.append(f"The chart of accounts has no account for: {', '.join(summary.missing)}; those count as zero.")
    if notes:
        result["note"] = " ".join(notes)
    return result


def _nullable(ore: int | None) -> float | None:
    return None if ore is None else money(ore)
