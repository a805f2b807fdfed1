"""get-aged-receivables-tool and get-aged-payables-tool: open invoices / bills by contact in buckets of days late."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..tools._billy import identifier, string
from ..tools._registry import Tool, ToolCall
from ._aging import BUCKETS, age, currency_totals
from ._common import AS_OF, MONEY, day_argument, money, report_tool, today
from ._read import Reader
from ._sources import base_currency_of, contact_names, documents_read, open_items, organization_of

BUCKET_TEXT = "notDue (not yet due), days1to30, days31to60, days61to90 and over90 days past due"


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


BUCKET_AMOUNTS = dict.fromkeys(BUCKETS, MONEY)
LINE = {
    "type": "object",
    "properties": {
        "contactId": {"type": "string"},
        "name": {"type": ["string", "null"]},
        "currencyId": {"type": "string"},
        **BUCKET_AMOUNTS,
        "total": MONEY,
        "documents": {
            "type": "object",
            "description": "Ids of the documents in each bucket.",
            "properties": {bucket: {"type": "array", "items": {"type": "string"}} for bucket in BUCKETS},
        },
    },
    "required": ["contactId", "currencyId", *BUCKETS, "total", "documents"],
}


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


def _tool(kind: str, name: str, title: str, description: str) -> Tool:
    who = "customer" if kind == "invoice" else "supplier"
    return report_tool(
        name,
        title,
        description,
        {
            "as_of": AS_OF,
            "contact_id": identifier(f"Only this {who} (a contact id)."),
            "currency_id": string(
                "Only documents in this currency, e.g. DKK or EUR.", maxLength=3, pattern="^[A-Z]{3}$"
            ),
        },
        {
            "asOf": {"type": "string", "format": "date"},
            "documentsCounted": {"type": "integer", "description": "Approved documents examined."},
            "contacts": {"type": "array", "items": LINE},
            "totals": {
                "type": "object",
                "description": "Per currency: each bucket and the total.",
                "additionalProperties": {"type": "object", "properties": {**BUCKET_AMOUNTS, "total": MONEY}},
            },
        },
        ["asOf", "contacts", "totals", "documentsCounted"],
        _runner(kind),
    )


TOOLS = (
    _tool(
        "invoice",
        "get-aged-receivables-tool",
        "Aged receivables",
        "Aged receivables (debitorer): who owes the company money and how late, as of a date. Open approved invoices "
        f"(balance including late fees) by customer in buckets {BUCKET_TEXT}, totals per currency and the invoice ids "
        "in each bucket. A past as_of uses the payments and credit notes applied up to that date. Use it for 'who owes "
        "us money', 'which invoices are overdue' and dunning instead of paging through invoices.",
    ),
    _tool(
        "bill",
        "get-aged-payables-tool",
        "Aged payables",
        "Aged payables (kreditorer): what the company owes its suppliers and how late, as of a date. Open approved bills "
        f"by supplier in buckets {BUCKET_TEXT}, totals per currency and the bill ids in each bucket. A past as_of uses "
        "the payments applied up to that date. Use it for 'which suppliers have we not paid' instead of paging "
        "through bills.",
    ),
)
