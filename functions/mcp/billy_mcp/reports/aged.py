"""get-aged-receivables-tool and get-aged-payables-tool: open invoices / bills by contact in buckets of days late."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..registry import ToolCall
from ._aging import Line, OpenItem, add_prepayments, age, currency_totals
from ._common import day_argument, money, today, verdict
from ._read import Listing, Reader
from ._sources import (
    base_currency_of,
    chart_reads,
    contact_balances_read,
    contact_names,
    control_postings_read,
    documents_read,
    open_items,
    organization_of,
)
from .specs import BUCKET_TEXT


def _basis(kind: str) -> str:
    documents = "invoices (and credit notes)" if kind == "invoice" else "bills (and supplier credit notes)"
    fees = " plus late fees (rykkergebyrer) entered up to as_of" if kind == "invoice" else ""
    control = "5810 - 7310" if kind == "invoice" else "7320 - 5820"
    return (
        f"Approved {documents} entered up to as_of, never drafts or voided ones. Open amount on as_of = gross "
        f"amount{fees}, minus the payments and credit notes applied up to as_of (Billy's balance modifiers); for "
        "as_of today or later Billy's own balance. Amounts are in each document's own currency, totalled per "
        f"currency. Buckets by days past the due date on as_of: {BUCKET_TEXT}. A negative open amount (a credit note "
        "not yet applied, an overpayment) is an unapplied credit, outside the buckets; what a contact paid on account "
        "(its contact balance in Billy) is a prepayment. netExposure = total - unappliedCredits - prepayments; per "
        f"currency the net must equal the control accounts ({control}, ledger). inBaseCurrency: the net at the "
        "documents' own exchange rates against the control accounts in the base currency; the difference is the "
        "unrealised currency difference."
    )


CONTROL_ROLES = {
    "invoice": ("accountsReceivable", "prepaymentLiability"),
    "bill": ("accountsPayable", "prepaymentAsset"),
}
"""Billy's system roles of the control accounts: the documents' account, and the prepayments' account."""


def _runner(kind: str) -> Callable[[ToolCall], dict[str, Any]]:
    def run(call: ToolCall) -> dict[str, Any]:
        arguments = call.arguments
        now = today()
        as_of = day_argument(arguments, "as_of") or now
        contact_id, currency_id = arguments.get("contact_id"), arguments.get("currency_id")
        read = documents_read(kind, as_of.isoformat(), now.isoformat(), contact_id, currency_id)
        reader = Reader(call)
        [listing, accounts, balances], [organization] = reader.read(
            [read, chart_reads()[0], contact_balances_read()], singles=[("organization", "the organization")]
        )
        roles = {record.get("systemRole"): record["id"] for record in accounts.records}
        main_role, prepaid_role = CONTROL_ROLES[kind]
        control = [roles.get(main_role), roles.get(prepaid_role)]
        ledgers = reader.read([control_postings_read(a, as_of.isoformat()) for a in control if a])[0]
        ledger_of = dict(zip([a for a in control if a], ledgers, strict=True))
        items = open_items(kind, listing)
        lines, examined = age(items, as_of, now)
        prepaid = _prepayments(kind, balances, as_of.isoformat(), contact_id, currency_id)
        rates = {item.currency: item.rate for item in items}
        add_prepayments(lines, prepaid, rates)
        names = contact_names(balances) | contact_names(listing)
        lines.sort(key=lambda line: (-line.net, names.get(line.contact, ""), line.currency))
        wire_lines = [_line(line, names) for line in lines]
        totals = currency_totals(lines)
        sign = 1 if kind == "invoice" else -1
        ledger = _ledger(ledger_of, control, sign)
        base = base_currency_of(organization_of(organization))
        if currency_id:
            ledger = {currency: sums for currency, sums in ledger.items() if currency == currency_id}
        checks = _checks(kind, totals, ledger, contact_id)
        result: dict[str, Any] = {
            "complete": True,
            "documentsCounted": examined,
            "asOf": as_of.isoformat(),
            "baseCurrency": base,
            "contacts": wire_lines,
            "totals": {
                currency: {key: money(value) for key, value in sums.items()}
                | {"ledger": money(ledger.get(currency, (0, 0))[0])}
                for currency, sums in sorted(totals.items())
            },
            "basis": _basis(kind),
        }
        if contact_id is None:
            at_rates = sum(line.base for line in lines)
            in_ledger = sum(base_ore for _, base_ore in ledger.values())
            result["inBaseCurrency"] = {
                "atDocumentRates": money(at_rates),
                "ledger": money(in_ledger),
                "unrealizedCurrencyDifference": money(in_ledger - at_rates),
            }
        result["verified"], note = verdict(checks)
        result["checks"] = checks
        if note:
            result["note"] = note
        return result

    return run


def _prepayments(
    kind: str, balances: Listing, as_of: str, contact_id: str | None, currency_id: str | None
) -> dict[tuple[str, str], int]:
    """Each contact's balance on account at as_of: a customer's credit (receivables) or what the company paid a
    supplier ahead (payables); Billy does not document the side convention, so the control-account check tests it."""
    net: dict[tuple[str, str], int] = {}
    for entry in balances.records:
        if entry is None:
            continue
        contact, currency, day, credit = entry
        if day > as_of or (contact_id and contact != contact_id) or (currency_id and currency != currency_id):
            continue
        net[(contact, currency)] = net.get((contact, currency), 0) + (credit if kind == "invoice" else -credit)
    return {key: ore for key, ore in net.items() if ore > 0}


def _ledger(ledger_of: dict[str, Listing], control: list[str | None], sign: int) -> dict[str, tuple[int, int]]:
    """Per currency: the control accounts' net (documents' account - prepayments' account) in that currency and in
    the base currency, in the report's direction (receivables debit-positive, payables credit-positive)."""
    out: dict[str, tuple[int, int]] = {}
    for account in control:
        if account is None:
            continue
        for entry in ledger_of[account].records if account in ledger_of else []:
            if entry is None:
                continue
            currency, amount, base = entry
            current = out.get(currency, (0, 0))
            out[currency] = (current[0] + sign * amount, current[1] + sign * base)
    return out


def _document(item: OpenItem, open_ore: int) -> dict[str, Any]:
    """A document as a bookkeeper names it: its number (invoice number, bill voucher number), due date and what is open."""
    return {"id": item.id, "number": item.number, "dueDate": item.due.isoformat(), "open": money(open_ore)}


def _line(line: Line, names: dict[str, str]) -> dict[str, Any]:
    documents = {
        bucket: [_document(*entry) for entry in entries] for bucket, entries in line.documents.items() if entries
    }
    if line.credit_documents:
        documents["unappliedCredits"] = [_document(*entry) for entry in line.credit_documents]
    return {
        "contactId": line.contact,
        "name": names.get(line.contact),
        "currencyId": line.currency,
        **{bucket: money(amount) for bucket, amount in line.amounts.items()},
        "total": money(line.total),
        "unappliedCredits": money(line.credits),
        "prepayments": money(line.prepayments),
        "netExposure": money(line.net),
        "documents": documents,
    }


def _checks(
    kind: str, totals: dict[str, dict[str, int]], ledger: dict[str, tuple[int, int]], contact_id: str | None
) -> list[dict[str, Any]]:
    """Per currency, the net exposure against the control accounts (not for one contact: the ledger is everyone's)."""
    if contact_id is not None:
        return []
    accounts = "5810 - 7310" if kind == "invoice" else "7320 - 5820"
    checks = []
    for currency in sorted(set(totals) | set(ledger)):
        net = totals.get(currency, {}).get("net", 0)
        booked = ledger.get(currency, (0, 0))[0]
        checks.append(
            {
                "name": f"{currency} net equals the control accounts",
                "ok": net == booked,
                "detail": f"{currency}: open - unapplied credits - prepayments {money(net)}, control accounts "
                f"({accounts}) {money(booked)}",
            }
        )
    return checks


run_receivables = _runner("invoice")
run_payables = _runner("bill")
