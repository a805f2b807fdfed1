"""Billy's records turned into the reports' pure types, checked on the way in (everything Billy sends is untrusted).

Postings: voided ones and any outside the asked dates are dropped here (Billy may ignore postings filters);
foreign-currency postings count at `baseAmount`, the amount in the organization's base currency, and one
without it stops the report rather than be counted at the wrong value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

from ..records import account_number
from ..registry import ToolError
from ._aging import OpenItem
from ._ledger import Account, LedgerPosting, Posting, Voucher
from ._money import BadAmount, to_ore
from ._read import BadRecord, Listing, ListRead
from ._vat import RubrikLine, VatAccount, is_settling, meta_box

STANDARD_NATURES = {
    "asset": ("balanceSheet", "debit"),
    "liability": ("balanceSheet", "credit"),
    "equity": ("balanceSheet", "credit"),
    "revenue": ("incomeStatement", "credit"),
    "expense": ("incomeStatement", "debit"),
}
"""Billy's five natures, used when /accountNatures does not describe one (same values Billy documents)."""

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


def day_of(value: Any, field: str) -> str:
    if not isinstance(value, str) or not _DAY.match(value):
        raise BadRecord(f"{field} is not a date")
    return value[:10]


def _ore(value: Any, field: str) -> int:
    try:
        return to_ore(value)
    except BadAmount:
        raise BadRecord(f"{field} is not an amount") from None


def _text(value: Any) -> str | None:
    return value[:200] if isinstance(value, str) else None


# ---- reads -------------------------------------------------------------------------------------------------------
def chart_reads() -> list[ListRead]:
    narrow = "nothing to narrow; the chart of accounts is read whole"
    return [
        ListRead("accounts", "accounts", {}, "accounts", narrow),
        ListRead("accountGroups", "accountGroups", {}, "account groups", narrow),
        ListRead("accountNatures", "accountNatures", {}, "account natures", narrow),
    ]


def postings_read(low: str | None, high: str, narrow: str) -> ListRead:
    """All valid postings from `low` (None: the beginning) to `high`, converted to Posting (None when dropped)."""
    query = {"maxEntryDate": high, "isVoided": "false"}
    if low:
        query["minEntryDate"] = low
    what = f"postings from {low} to {high}" if low else f"postings up to {high}"
    return ListRead("postings", "postings", query, what, narrow, convert=posting_converter(low, high))


def posting_converter(low: str | None, high: str) -> Callable[[dict[str, Any]], Posting | None]:
    """Billy posting → Posting at its base-currency value (`baseAmount` when sent, else `amount`), or None."""

    def convert(record: dict[str, Any]) -> Posting | None:
        if record.get("isVoided") is True:
            return None
        day = day_of(record.get("entryDate"), "entryDate")
        if day > high or (low is not None and day < low):
            return None
        account = record.get("accountId")
        if not isinstance(account, str) or not account:
            raise BadRecord("accountId is missing")
        side = record.get("side")
        if side not in ("debit", "credit"):
            raise BadRecord("side is neither debit nor credit")
        base = record.get("baseAmount")
        ore = _ore(base, "baseAmount") if base is not None else _ore(record.get("amount"), "amount")
        currency = record.get("currencyId")
        transaction = record.get("transactionId")
        vat_return = record.get("salesTaxReturnId")
        return Posting(
            day,
            account,
            ore if side == "debit" else -ore,
            transaction if isinstance(transaction, str) else "",
            str(currency)[:8] if base is None and isinstance(currency, str) else None,
            vat_return if isinstance(vat_return, str) else None,
        )

    return convert


def postings_of(listing: Listing, chart: Mapping[str, Account], base_currency: str) -> list[Posting]:
    """The valid postings of a read, each on a known account and valued in the base currency."""
    postings = [p for p in listing.records if p is not None]
    for posting in postings:
        if posting.account not in chart:
            raise ToolError(
                f"A posting is on account {posting.account[:64]}, which Billy's chart of accounts does not list; "
                "the report was not computed."
            )
        check_priced(posting, base_currency)
    return postings


def check_priced(posting: Posting, base_currency: str) -> None:
    """A posting in another currency that Billy sent without baseAmount has no value in the base currency."""
    if posting.unpriced is not None and posting.unpriced != base_currency:
        raise ToolError(
            f"Billy sent a {posting.unpriced} posting (transaction {posting.transaction[:64]}) without baseAmount, "
            f"so its value in {base_currency} is unknown; the report was not computed."
        )


# ---- organization and chart ------------------------------------------------------------------------------------------
def organization_of(document: Mapping[str, Any]) -> dict[str, Any]:
    organization = document.get("organization")
    if not isinstance(organization, dict):
        raise ToolError("Billy's answer had no 'organization' record; Billy may be misbehaving, try again later.")
    return organization


def base_currency_of(organization: Mapping[str, Any]) -> str:
    value = organization.get("baseCurrencyId")
    return value if isinstance(value, str) and value else "DKK"


def chart_of(accounts: Listing, groups: Listing, natures: Listing) -> dict[str, Account]:
    nature_kinds = dict(STANDARD_NATURES)
    for nature in natures.records:
        report, normal = nature.get("reportType"), nature.get("normalBalance")
        if report in ("balanceSheet", "incomeStatement") and normal in ("debit", "credit"):
            nature_kinds[nature["id"]] = (report, normal)
    group_of = {g["id"]: g for g in groups.records}
    chart: dict[str, Account] = {}
    for record in accounts.records:
        nature = record.get("natureId")
        if nature not in nature_kinds:
            raise ToolError(
                f"Account {record['id'][:64]} has nature {str(nature)[:40]!r}, which Billy's account natures do not "
                "describe; the report was not computed."
            )
        statement, normal = nature_kinds[nature]
        group = group_of.get(record.get("groupId") or "") or {}
        number = account_number(record.get("accountNo"))
        group_number = account_number(group.get("accountNo"))
        chart[record["id"]] = Account(
            id=record["id"],
            number=number,
            name=_text(record.get("name")) or "",
            nature=nature,
            statement=statement,
            normal=normal,
            group_id=group.get("id") if isinstance(group.get("id"), str) else None,
            group_number=group_number,
            group_name=_text(group.get("name")),
            system_role=_text(record.get("systemRole")),
        )
    return chart


# ---- documents for aging ---------------------------------------------------------------------------------------------
def documents_read(kind: str, as_of: str, today: str, contact_id: str | None, currency_id: str | None) -> ListRead:
    """Approved invoices or bills entered up to `as_of`, with their payments, credits (and late fees) embedded."""
    query = {"state": "approved", "maxEntryDate": as_of}
    if as_of >= today:
        query["isPaid"] = "false"
    if contact_id:
        query["contactId"] = contact_id
    if currency_id:
        query["currencyId"] = currency_id
    includes = [f"{kind}.balanceModifiers:embed", f"{kind}.contact"]
    if kind == "invoice":
        includes.insert(1, "invoice.lateFees:embed")
    query["include"] = ",".join(includes)
    plural = kind + "s"
    return ListRead(
        plural,
        plural,
        query,
        f"approved {plural} up to {as_of}",
        "one contact (contact_id) or one currency (currency_id)",
        convert=_document_converter(kind),
        sideload=("contacts",),
    )


def _document_converter(kind: str) -> Callable[[dict[str, Any]], tuple[OpenItem, list[tuple[str, dt.date, int]]]]:
    """An OpenItem, plus the (modifier reference, date, øre) of credits this document applied (to credit notes)."""

    def convert(record: dict[str, Any]) -> tuple[OpenItem, list[tuple[str, dt.date, int]]]:
        entry = dt.date.fromisoformat(day_of(record.get("entryDate"), "entryDate"))
        due_raw = record.get("dueDate")
        due = dt.date.fromisoformat(day_of(due_raw, "dueDate")) if due_raw is not None else entry
        if record.get("grossAmount") is not None:
            gross = _ore(record.get("grossAmount"), "grossAmount")
        else:
            gross = _ore(record.get("amount"), "amount") + _ore(record.get("tax") or 0, "tax")
        credit_note = record.get("type") in ("creditNote", "credit_note")
        sign = -1 if credit_note else 1
        changes: list[tuple[dt.date, int]] = []
        for fee in _embedded(record, "lateFees"):
            if fee.get("isVoided") is not True:
                changes.append(
                    (
                        dt.date.fromisoformat(day_of(fee.get("entryDate"), "lateFees.entryDate")),
                        sign * _ore(fee.get("amount"), "lateFees.amount"),
                    )
                )
        applied: list[tuple[str, dt.date, int]] = []
        for modifier in _embedded(record, "balanceModifiers"):
            if modifier.get("isVoided") is True:
                continue
            day = dt.date.fromisoformat(day_of(modifier.get("entryDate"), "balanceModifiers.entryDate"))
            ore = _ore(modifier.get("amount"), "balanceModifiers.amount")
            changes.append((day, -sign * ore))
            reference = modifier.get("modifierReference")
            if isinstance(reference, str):
                applied.append((reference, day, ore))
        balance = record.get("balance")
        contact = record.get("contactId")
        currency = record.get("currencyId")
        number = record.get("invoiceNo") if kind == "invoice" else record.get("voucherNo")
        item = OpenItem(
            id=record["id"],
            number=str(number)[:40] if isinstance(number, (str, int)) and not isinstance(number, bool) else None,
            contact=contact if isinstance(contact, str) else "",
            currency=currency if isinstance(currency, str) and currency else "?",
            entry=entry,
            due=due,
            gross=sign * gross,
            changes=tuple(changes),
            balance_now=sign * _ore(balance, "balance") if balance is not None else sign * gross,
            rate=_rate(record.get("exchangeRate")),
        )
        return item, applied

    return convert


def _embedded(record: Mapping[str, Any], name: str) -> list[dict[str, Any]]:
    value = record.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        raise BadRecord(f"{name} is not a list")
    return [item for item in value if isinstance(item, dict)]


def open_items(kind: str, listing: Listing) -> list[OpenItem]:
    """The documents, with each credit note's own open amount reduced by what it was applied to (by date)."""
    entries: list[tuple[OpenItem, list[tuple[str, dt.date, int]]]] = listing.records
    used: dict[str, list[tuple[dt.date, int]]] = {}
    for _item, applied in entries:
        for reference, day, ore in applied:
            prefix, _, target = reference.partition(":")
            if prefix == kind:
                used.setdefault(target, []).append((day, ore))
    items = []
    for item, _applied in entries:
        if item.gross < 0 and item.id in used:
            item = item._replace(changes=item.changes + tuple(used[item.id]))
        items.append(item)
    return items


def contact_names(listing: Listing) -> dict[str, str]:
    return {
        contact_id: name
        for contact_id, contact in listing.sideloaded.get("contacts", {}).items()
        if isinstance(name := contact.get("name"), str)
    }


# ---- VAT setup and document lines for the momsangivelse --------------------------------------------------------------
def vat_setup_reads() -> list[ListRead]:
    """The company's VAT accounts, and its tax rates with the momsangivelse boxes they point at (sideloaded): two
    requests in the report's first wave."""
    narrow = "nothing to narrow; the VAT setup is read whole"
    return [
        ListRead("salesTaxAccounts", "salesTaxAccounts", {}, "VAT accounts (salesTaxAccounts)", narrow),
        ListRead(
            "taxRates",
            "taxRates",
            {"include": "taxRate.netAmountMetaField,taxRate.deductionComponents"},
            "tax rates",
            narrow,
            sideload=("salesTaxMetaFields", "taxRateDeductionComponents"),
        ),
    ]


def vat_accounts_of(listing: Listing, chart: Mapping[str, Account]) -> list[VatAccount]:
    """The registered VAT accounts on known accounts, in Billy's priority order."""
    rows = []
    for record in listing.records:
        account = record.get("accountId")
        if not isinstance(account, str) or account not in chart:
            raise ToolError(
                f"Billy lists a VAT account (salesTaxAccount {record['id'][:64]}) on an account the chart does not "
                "hold; the report was not computed."
            )
        priority = record.get("priority")
        rows.append((priority if isinstance(priority, int) else 0, account, _text(record.get("type"))))
    return [VatAccount(account, vat_type) for _, account, vat_type in sorted(rows, key=lambda row: row[0])]


def rate_boxes(listing: Listing) -> tuple[dict[str, str | None], list[str]]:
    """Tax rate id → the box its meta field stands for (None: no meta field), and the meta fields that match no box."""
    meta = listing.sideloaded.get("salesTaxMetaFields", {})
    boxes: dict[str, str | None] = {}
    unplaced: set[str] = set()
    for rate in listing.records:
        field_id = rate.get("netAmountMetaFieldId")
        if not isinstance(field_id, str):
            boxes[rate["id"]] = None
            continue
        field = meta.get(field_id) or {}
        name, description = _text(field.get("name")) or "", _text(field.get("description")) or ""
        box = meta_box(name, description)
        if box is None:
            unplaced.add(name or field_id[:64])
        boxes[rate["id"]] = box
    return boxes, sorted(unplaced)


def settling_read(low: str, high: str) -> ListRead:
    """The period's transactions, kept only as (id, settles a return or pays one)."""
    return ListRead(
        "transactions",
        "transactions",
        {"minEntryDate": low, "maxEntryDate": high},
        f"transactions from {low} to {high}",
        "a shorter period",
        convert=_settling,
    )


def _settling(record: dict[str, Any]) -> tuple[str, str | None]:
    originator = record.get("originatorReference")
    return record["id"], originator if isinstance(originator, str) and is_settling(originator) else None


def line_reads(low: str, high: str) -> list[ListRead]:
    """Approved invoices, bills and daybook transactions of the period with their lines, as RubrikLines."""
    reads = []
    for path, root, kind in (
        ("invoices", "invoices", "invoice"),
        ("bills", "bills", "bill"),
        ("daybookTransactions", "daybookTransactions", "daybookTransaction"),
    ):
        reads.append(
            ListRead(
                path,
                root,
                {"state": "approved", "minEntryDate": low, "maxEntryDate": high, "include": f"{kind}.lines:embed"},
                f"approved {root} from {low} to {high}",
                "a shorter period",
                convert=_rubrik_converter(kind),
            )
        )
    return reads


def _rubrik_converter(kind: str) -> Callable[[dict[str, Any]], list[RubrikLine]]:
    """A document's net amounts per tax rate in the base currency: summed per rate in the document's currency, then
    converted once at its exchange rate (credit notes negative; a daybook line keeps its side for the box)."""

    def convert(record: dict[str, Any]) -> list[RubrikLine]:
        sums: dict[tuple[str, str | None], int] = {}
        sign = -1 if record.get("type") in ("creditNote", "credit_note") else 1
        for line in _embedded(record, "lines"):
            rate = line.get("taxRateId")
            if not isinstance(rate, str):
                continue
            net = _ore(line.get("amount"), "lines.amount")
            if kind == "invoice" and record.get("taxMode") == "incl":
                net -= _ore(line.get("tax") or 0, "lines.tax")
            side = line.get("side") if kind == "daybookTransaction" else None
            if kind == "daybookTransaction" and side not in ("debit", "credit"):
                raise BadRecord("lines.side is neither debit nor credit")
            sums[(rate, side)] = sums.get((rate, side), 0) + net
        exchange = record.get("exchangeRate")
        factor = float(exchange) if isinstance(exchange, (int, float)) and not isinstance(exchange, bool) else 1.0
        return [RubrikLine(record["id"], rate, sign * round(ore * factor), side) for (rate, side), ore in sums.items()]

    return convert


def _rate(value: Any) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0 else 1.0


# ---- contact balances and control accounts for aging ---------------------------------------------------------------
def contact_balances_read() -> ListRead:
    """What contacts have paid or been credited beyond documents (Billy's contactBalancePostings, whose filters are
    not documented: the whole list is read and kept as (contact, currency, day, credit-positive øre))."""
    return ListRead(
        "contactBalancePostings",
        "contactBalancePostings",
        {"include": "contactBalancePosting.contact"},
        "contact balance postings",
        "nothing to narrow; contact balances are read whole",
        convert=_contact_balance,
        sideload=("contacts",),
    )


def _contact_balance(record: dict[str, Any]) -> tuple[str, str, str, int] | None:
    if record.get("isVoided") is True:
        return None
    contact, currency = record.get("contactId"), record.get("currencyId")
    side = record.get("side")
    if not isinstance(contact, str) or side not in ("debit", "credit"):
        raise BadRecord("contactId or side is missing")
    ore = _ore(record.get("amount"), "amount")
    day = day_of(record.get("entryDate"), "entryDate")
    return contact, currency if isinstance(currency, str) and currency else "?", day, ore if side == "credit" else -ore


def control_postings_read(account: str, as_of: str) -> ListRead:
    """The valid postings on one control account up to `as_of`, as (currency, øre in it, øre in the base currency),
    debit-positive (Billy's accountId filter for postings is not documented: re-checked here)."""

    def convert(record: dict[str, Any]) -> tuple[str, int, int] | None:
        if record.get("isVoided") is True or record.get("accountId") != account:
            return None
        if day_of(record.get("entryDate"), "entryDate") > as_of:
            return None
        side = record.get("side")
        if side not in ("debit", "credit"):
            raise BadRecord("side is neither debit nor credit")
        sign = 1 if side == "debit" else -1
        amount = _ore(record.get("amount"), "amount")
        base = record.get("baseAmount")
        currency = record.get("currencyId")
        return (
            currency if isinstance(currency, str) and currency else "?",
            sign * amount,
            sign * (_ore(base, "baseAmount") if base is not None else amount),
        )

    return ListRead(
        "postings",
        "postings",
        {"accountId": account, "maxEntryDate": as_of, "isVoided": "false"},
        f"postings on a control account up to {as_of}",
        "an earlier as_of",
        convert=convert,
    )


def partly_deductible(listing: Listing) -> list[tuple[str, float]]:
    """Tax rates whose VAT is deducted only in part (Billy's taxRateDeductionComponents with shares below 1): the
    VAT accounts already hold what was deducted, but the setup is named so an accountant sees it."""
    shares: dict[str, float] = {}
    for component in listing.sideloaded.get("taxRateDeductionComponents", {}).values():
        rate, share = component.get("taxRateId"), component.get("share")
        if isinstance(rate, str) and isinstance(share, (int, float)) and not isinstance(share, bool):
            shares[rate] = shares.get(rate, 0.0) + float(share)
    names = {rate["id"]: _text(rate.get("name")) or rate["id"] for rate in listing.records}
    return sorted((names.get(rate, rate), share) for rate, share in shares.items() if share < 1)


# ---- the account ledger (kontokort) ---------------------------------------------------------------------------------
def account_postings_read(account_id: str, high: str) -> ListRead:
    """One account's valid postings up to `high`, with the text and order Billy gives each (LedgerPosting).

    `accountId` narrows the read at Billy; a posting on another account is still dropped here, since Billy ignores a
    filter it does not know (postings' list filters are undocumented)."""
    posting = posting_converter(None, high)

    def convert(record: dict[str, Any]) -> LedgerPosting | None:
        converted = posting(record)
        if converted is None or converted.account != account_id:
            return None
        priority = record.get("priority")
        return LedgerPosting(
            converted,
            record["id"],
            _text(record.get("text")) or "",
            priority if isinstance(priority, int) and not isinstance(priority, bool) else 0,
        )

    query = {"accountId": account_id, "maxEntryDate": high, "isVoided": "false"}
    narrow = "a to_date closer to the account's first posting"
    return ListRead("postings", "postings", query, f"postings on the account up to {high}", narrow, convert=convert)


def vouchers_read(low: str, high: str) -> ListRead:
    """The transactions (bilag) of a period: voucher numbers and the document behind each, by transaction id."""

    def convert(record: dict[str, Any]) -> Voucher:
        number = record.get("transactionNo")
        origin = _text(record.get("originatorReference"))
        kind, _, origin_id = (origin or "").partition(":")
        return Voucher(
            record["id"],
            number if isinstance(number, int) and not isinstance(number, bool) else None,
            _text(record.get("voucherNo")),
            kind[:40] or None,
            origin_id[:64] or None,
            _text(record.get("originatorName")),
        )

    query = {"minEntryDate": low, "maxEntryDate": high, "isVoided": "false"}
    return ListRead(
        "transactions", "transactions", query, f"transactions from {low} to {high}", "a shorter period", convert=convert
    )
