"""list-bank-payments-tool: money received from customers and paid to suppliers, and what it settled."""

from __future__ import annotations

from ..schema import boolean, identifier, record_schema
from .specs import ListSpec, Param, date_range

BANK_PAYMENT = record_schema(
    "A bank payment: a customer's payment received (cashSide debit) or a payment to a supplier (cashSide credit).",
    {
        "id": {"type": "string"},
        "contactId": {"type": "string", "description": "The customer or supplier who paid or was paid."},
        "entryDate": {"type": "string", "description": "Payment date."},
        "cashAmount": {"type": "number", "description": "Amount that moved on the bank account, in DKK."},
        "cashSide": {
            "type": "string",
            "enum": ["debit", "credit"],
            "description": "debit: money in (customer payment); credit: money out (bill payment).",
        },
        "cashAccountId": {"type": "string", "description": "The bank or cash account used."},
        "cashExchangeRate": {"type": "number", "description": "Rate from the document currency to DKK."},
        "subjectCurrencyId": {"type": "string", "description": "Currency of the invoices or bills it settled."},
        "feeAmount": {"type": "number", "description": "Bank fee deducted, if any."},
        "isVoided": {"type": "boolean"},
        "associations": {
            "type": "array",
            "items": {"type": "object"},
            "description": "What the payment settled (with include associations): subjectReference invoice:<id> or "
            "bill:<id> and the amount in the document's currency.",
        },
    },
)


TOOLS = (
    ListSpec(
        name="list-bank-payments-tool",
        title="List bank payments",
        description=(
            "List bank payments in from customers and out to suppliers, and (include associations) the invoices and "
            "bills they settle. cashSide debit is money in, credit out; cashAmount is in DKK."
        ),
        path="bankPayments",
        root="bankPayments",
        item=BANK_PAYMENT,
        params=(
            Param("contact_id", "contactId", identifier("Only payments from or to this contact (a contact id).")),
            *date_range("entry_date", "EntryDate", "Payment date"),
            Param(
                "is_voided",
                "isVoided",
                boolean("true: voided ones only (default false)."),
            ),
        ),
        recheck={"contact_id": "contactId", "is_voided": "isVoided"},
        recheck_dates={"entry_date": "entryDate"},
        recheck_defaults={"is_voided": False},
        includes={"associations": "bankPayment.associations:embed"},
    ).tool(),
)
