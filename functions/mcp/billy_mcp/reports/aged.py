"""get-aged-receivables-tool and get-aged-payables-tool: open invoices / bills by contact in buckets of days late."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..registry import ToolCall
from ._aging import age, currency_totals
from ._common import day_argument, money, today
from ._read import Reader
from ._sources import base_currency_of, contact_names, documents_read, open_items, organization_of
from .specs import BUCKET_TEXT


def _basis(kind: str) -> str:
    documents = "invoices (and credit notes)" if kind == "invoice" else "bills (and supplier credit notes)"
    fees = " plus late fees (rykkergebyrer) entered up to as_of" if kind == "invoice" else ""
    return (
        f"Approved {documents} entered up to as_of, never drafts or voided ones. Open amount on as_of = gross "
        f"amount{fees}, minus the payments and credit notes applied up to as_of (Billy's balance modifiers); for "
        "as_of today or later Billy's own balance. Amounts are in each document's own currency, totalled per "
        f"currency (never converted). Buckets by days past the due date on as_of: {BUCKET_TEXT}. Credit notes "
        "not yet used count negative."
    )


def _runner(kind: str) -> Callable[[ToolCall], dict[str, Any]]:
    def run(call: ToolCall) -> dict[str, Any]:
        arguments = call.arguments
        now = today()
        as_of = day_argument(arguments, "as_of") or now
        read = documents_read(
            kind, as_of.isoformat(), now.isoformat(), arguments.get("contact_id"), arguments.get("currency_id")
        )
        [listing], [organization] = Reader(call).read([read], singles=[("organization", "the organization")])
        items = open_items(kind, listing)
        lines, examined = age(items, as_of, now)
        names = contact_names(listing)
        lines.sort(key=lambda line: (-line.total, names.get(line.contact, ""), line.currency))
        wire_lines = [
            {
                "contactId": line.contact,
                "name": names.get(line.contact),
                "currencyId": line.currency,
                **{bucket: money(amount) for bucket, amount in line.amounts.items()},
                "total": money(line.total),
                "documents": {bucket: ids for bucket, ids in line.documents.items() if ids},
            }
            for line in lines
        ]
        totals = {
            currency: {key: money(value) for key, value in sums.items()}
            for currency, sums in sorted(currency_totals(lines).items())
        }
        return {
            "complete": True,
            "documentsCounted": examined,
            "asOf": as_of.isoformat(),
            "baseCurrency": base_currency_of(organization_of(organization)),
            "contacts": wire_lines,
            "totals": totals,
            "basis": _basis(kind),
        }

    return run


run_receivables = _runner("invoice")
run_payables = _runner("bill")
