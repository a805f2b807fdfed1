"""list-invoices-tool and get-invoice-tool (sales invoices and credit notes)."""

from __future__ import annotations

from ..schema import boolean, enum, identifier, record_schema, string
from .specs import GetSpec, ListSpec, Param, date_range

MONEY_NOTE = "in the invoice's currency (currencyId)"

INVOICE = record_schema(
    "A sales invoice or credit note.",
    {
        "id": {"type": "string"},
        "type": {"type": "string", "description": "invoice, or creditNote (kreditnota) for a credit note."},
        "invoiceNo": {"type": "string", "description": "Invoice number; drafts have none until approved."},
        "state": {
            "type": "string",
            "enum": ["draft", "approved", "voided"],
            "description": "draft, approved (booked) or voided (annulleret).",
        },
        "contactId": {"type": "string", "description": "The customer's contact id."},
        "entryDate": {"type": "string", "description": "Invoice date (fakturadato)."},
        "dueDate": {"type": "string", "description": "Payment due date (forfaldsdato); absent on voided invoices."},
        "currencyId": {"type": "string"},
        "amount": {"type": "number", "description": f"Net amount excluding VAT, {MONEY_NOTE}."},
        "tax": {"type": "number", "description": f"VAT (moms), {MONEY_NOTE}."},
        "grossAmount": {"type": "number", "description": f"Amount including VAT, {MONEY_NOTE}."},
        "balance": {
            "type": "number",
            "description": "Amount still outstanding, including late fees (rykkergebyrer), after payments and credit notes.",
        },
        "isPaid": {"type": "boolean", "description": "True when the balance is fully paid."},
        "creditedInvoiceId": {"type": "string", "description": "For a credit note: the invoice it credits."},
        "lines": {
            "type": "array",
            "items": {"type": "object"},
            "description": "Invoice lines (when included): amount is net when taxMode is excl.",
        },
        "lateFees": {
            "type": "array",
            "items": {"type": "object"},
            "description": "Late fees (rykkergebyrer), when included.",
        },
        "balanceModifiers": {
            "type": "array",
            "items": {"type": "object"},
            "description": "Payments and credit notes applied (when included).",
        },
    },
)

SORT = (
    "entryDate",
    "dueDate",
    "createdTime",
    "invoiceNo",
    "lineDescription",
    "amount",
    "grossAmount",
    "balance",
    "contact.name",
    "approvedTime",
)

PARAMS = (
    Param("state", "state", enum(("draft", "approved", "voided"), "draft (not booked), approved (booked) or voided.")),
    Param("contact_id", "contactId", identifier("Only invoices to this customer (a contact id).")),
    Param("is_paid", "isPaid", boolean("true: fully paid only; false: with an outstanding balance only.")),
    *date_range("entry_date", "EntryDate", "Invoice date"),
    *date_range("due_date", "DueDate", "Due date"),
    Param(
        "currency_id",
        "currencyId",
        {"type": "string", "pattern": "^[A-Z]{3}$", "description": "ISO currency code, e.g. DKK or EUR."},
    ),
    Param("invoice_no", "invoiceNo", string("Exact invoice number.", maxLength=40)),
    Param("query", "q", string("Free-text search in invoice number, customer name, line descriptions and amounts.")),
)


TOOLS = (
    ListSpec(
        name="list-invoices-tool",
        title="List sales invoices",
        description=(
            "List sales invoices and credit notes (type creditNote). balance is what is still owed, late fees "
            "included. Overdue: state=approved, is_paid=false, max_due_date=yesterday. Voided invoices are not "
            "sales: state=approved leaves them out."
        ),
        path="invoices",
        root="invoices",
        item=INVOICE,
        params=PARAMS,
        sort=SORT,
    ).tool(),
    GetSpec(
        name="get-invoice-tool",
        title="Get sales invoice",
        description=(
            "One sales invoice or credit note by id, optionally with lines, customer contact, late fees "
            "(rykkergebyrer) and balance modifiers (payments and credit notes applied)."
        ),
        path="invoices",
        root="invoice",
        id_argument="invoice_id",
        item=INVOICE,
        includes={
            "lines": "invoice.lines:embed",
            "contact": "invoice.contact:embed",
            "lateFees": "invoice.lateFees:embed",
            "balanceModifiers": "invoice.balanceModifiers:embed",
        },
    ).tool(),
)
