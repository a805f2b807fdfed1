"""list-bills-tool and get-bill-tool (purchase bills from suppliers)."""

from __future__ import annotations

from ..schema import boolean, enum, identifier, record_schema, string
from .specs import GetSpec, ListSpec, Param, date_range

BILL = record_schema(
    "A purchase bill (regning / købsfaktura) from a supplier.",
    {
        "id": {"type": "string"},
        "type": {"type": "string", "description": "bill, or creditNote for a supplier credit note."},
        "state": {"type": "string", "enum": ["draft", "approved", "voided"]},
        "contactId": {"type": "string", "description": "The supplier's contact id."},
        "contactName": {"type": "string", "description": "The supplier's name."},
        "entryDate": {"type": "string", "description": "Bill date."},
        "dueDate": {"type": "string", "description": "Payment due date."},
        "voucherNo": {"type": "string", "description": "Voucher number (bilagsnummer)."},
        "suppliersInvoiceNo": {"type": "string", "description": "The supplier's own invoice number."},
        "currencyId": {"type": "string"},
        "amount": {"type": "number", "description": "Net amount excluding VAT."},
        "tax": {"type": "number", "description": "Deductible VAT (købsmoms)."},
        "grossAmount": {"type": "number", "description": "Amount including VAT."},
        "balance": {"type": "number", "description": "Amount still to be paid to the supplier."},
        "isPaid": {"type": "boolean"},
        "lines": {
            "type": "array",
            "items": {"type": "object"},
            "description": "Bill lines with expense accountId (when included).",
        },
    },
)

SORT = (
    "entryDate",
    "dueDate",
    "createdTime",
    "lineDescription",
    "amount",
    "grossAmount",
    "balance",
    "contact.name",
    "voucherNo",
    "suppliersInvoiceNo",
)

PARAMS = (
    Param("state", "state", enum(("draft", "approved", "voided"), "draft, approved (booked) or voided.")),
    Param("contact_id", "contactId", identifier("Only bills from this supplier (a contact id).")),
    Param("is_paid", "isPaid", boolean("true: paid bills only; false: unpaid bills only.")),
    *date_range("entry_date", "EntryDate", "Bill date"),
    *date_range("due_date", "DueDate", "Due date"),
    Param(
        "query",
        "q",
        string("Free-text search in supplier name, line descriptions, voucher and supplier invoice numbers, amounts."),
    ),
)


TOOLS = (
    ListSpec(
        name="list-bills-tool",
        title="List purchase bills",
        description=(
            "List purchase bills (regninger). tax is deductible VAT (købsmoms); balance is what is unpaid. Spending "
            'per expense account: get-profit-and-loss-tool, or get-bill-tool include=["lines"].'
        ),
        path="bills",
        root="bills",
        item=BILL,
        params=PARAMS,
        sort=SORT,
    ).tool(),
    GetSpec(
        name="get-bill-tool",
        title="Get purchase bill",
        description=(
            "One purchase bill by id, optionally with lines (expense account per line), supplier contact and "
            "balance modifiers (payments applied)."
        ),
        path="bills",
        root="bill",
        id_argument="bill_id",
        item=BILL,
        includes={
            "lines": "bill.lines:embed",
            "contact": "bill.contact:embed",
            "balanceModifiers": "bill.balanceModifiers:embed",
        },
    ).tool(),
)
