"""The fixed set of requests whose answers are recorded: list methods, prompts and tool and report calls.

Every report date is explicit (a default of "today" would change the answer from day to day); record ids come from
the sandbox's own tables by position, so the set stays the same as long as the demo company does.
"""

from __future__ import annotations

from typing import Any

from local.sandbox import Company

HANDSHAKE = "2025-11-25"
MODERN = "2026-07-28"


def _first(company: Company, table: str, **match: Any) -> str:
    for record in company.table(table):
        if all(record.get(key) == value for key, value in match.items()):
            return str(record["id"])
    raise LookupError(f"no {table} record with {match}")


def tool_calls(company: Company, second: Company) -> list[tuple[str, dict[str, Any]]]:
    """(tool, arguments) pairs, each recorded in both protocol eras."""
    invoice = _first(company, "invoices", state="approved")
    bill = _first(company, "bills", state="approved")
    contact = _first(company, "contacts", isCustomer=True)
    return [
        ("get-organization-tool", {}),
        ("get-organization-tool", {"fields": ["name", "registrationNo"]}),
        ("list-organizations-tool", {}),
        ("list-contacts-tool", {"is_customer": True, "page_size": 5}),
        ("list-contacts-tool", {"query": "Ø", "fields": ["name"], "page_size": 20}),
        ("get-contact-tool", {"contact_id": contact, "include": ["contactPersons"]}),
        ("get-contact-tool", {"contact_id": "doesNotExist"}),
        ("list-invoices-tool", {"state": "approved", "is_paid": False, "max_due_date": "2026-11-19", "page_size": 7}),
        ("list-invoices-tool", {"currency_id": "EUR", "fields": ["invoiceNo", "grossAmount", "nope"], "page": 2}),
        ("list-invoices-tool", {"min_entry_date": "2026-03-01", "max_entry_date": "2026-02-01"}),
        ("get-invoice-tool", {"invoice_id": invoice, "include": ["lines", "balanceModifiers", "lateFees"]}),
        ("list-products-tool", {"page_size": 4, "sort_property": "name", "sort_direction": "DESC"}),
        ("get-product-tool", {"product_id": _first(company, "products"), "include": ["prices"]}),
        ("list-bills-tool", {"state": "approved", "is_paid": False, "page_size": 6}),
        ("get-bill-tool", {"bill_id": bill, "include": ["lines"]}),
        ("list-accounts-tool", {"nature": "expense", "include": ["group", "nature"], "page_size": 12}),
        ("list-accounts-tool", {"query": "bank", "verbose": True}),
        ("get-account-tool", {"account_no": 5710}),
        ("get-account-tool", {"account_id": _first(company, "accounts", accountNo=1110)}),
        ("get-account-tool", {"account_no": 4}),
        ("get-account-tool", {}),
        ("list-postings-tool", {"min_entry_date": "2026-03-01", "max_entry_date": "2026-03-31", "account_no": 5710}),
        ("list-postings-tool", {"min_entry_date": "2026-03-01", "max_entry_date": "2026-03-03", "page_size": 30}),
        ("list-transactions-tool", {"min_entry_date": "2026-02-01", "max_entry_date": "2026-02-10", "page_size": 9}),
        ("get-transaction-tool", {"transaction_id": _first(company, "transactions"), "include": ["postings"]}),
        ("list-daybooks-tool", {}),
        ("list-daybook-transactions-tool", {"page_size": 5}),
        ("get-daybook-transaction-tool", {"daybook_transaction_id": _first(company, "daybookTransactions")}),
        ("list-bank-payments-tool", {"contact_id": contact, "include": ["associations"]}),
        ("list-tax-rates-tool", {"is_active": True}),
        ("list-sales-tax-returns-tool", {"is_settled": True}),
        ("get-sales-tax-return-tool", {"sales_tax_return_id": _first(company, "salesTaxReturns")}),
        ("get-trial-balance-tool", {"from_date": "2026-01-01", "to_date": "2026-11-20"}),
        ("get-trial-balance-tool", {"from_date": "2026-04-01", "to_date": "2026-06-30", "include_zero": True}),
        ("get-trial-balance-tool", {"from_date": "2026-06-30", "to_date": "2026-04-01"}),
        (
            "get-account-ledger-tool",
            {"account_no": 5710, "from_date": "2026-03-01", "to_date": "2026-03-31", "page": 4},
        ),
        ("get-account-ledger-tool", {"account_no": 1110, "from_date": "2025-06-01", "to_date": "2026-01-31"}),
        ("get-profit-and-loss-tool", {"from_date": "2026-01-01", "to_date": "2026-09-30", "compare": "previous_year"}),
        ("get-profit-and-loss-tool", {"from_date": "2025-01-01", "to_date": "2025-12-31", "breakdown": "quarter"}),
        (
            "get-profit-and-loss-tool",
            {"from_date": "2026-04-01", "to_date": "2026-06-30", "compare": "previous_period"},
        ),
        ("get-balance-sheet-tool", {"as_of": "2026-11-20"}),
        ("get-balance-sheet-tool", {"as_of": "2025-12-31"}),
        ("get-vat-summary-tool", {"period": "2026-Q2"}),
        ("get-vat-summary-tool", {"from_date": "2025-01-01", "to_date": "2025-12-31"}),
        ("get-aged-receivables-tool", {"as_of": "2026-11-20"}),
        ("get-aged-receivables-tool", {"as_of": "2026-06-30", "currency_id": "EUR"}),
        ("get-aged-payables-tool", {"as_of": "2026-11-20"}),
        ("get-aged-payables-tool", {"as_of": "2026-11-20", "contact_id": _first(second, "contacts")}),
        ("no-such-tool", {}),
        ("list-postings-tool", {"min_entry_date": "2026-02-30", "max_entry_date": "2026-03-01"}),
    ]


PROMPTS: list[tuple[str, dict[str, str]]] = [
    ("month-end-review", {"month": "2026-10"}),
    ("overdue-follow-up", {"as_of": "2026-11-20"}),
    ("vat-quarter-check", {"period": "2026-Q3"}),
    ("supplier-spend-analysis", {"period": "2026-H1", "top_n": "5"}),
    ("explain-posting", {"voucher_no": "12"}),
    ("explain-posting", {}),
    ("month-end-review", {"month": "2026-13"}),
    ("no-such-prompt", {}),
]

LISTS: list[tuple[str, str]] = [
    ("initialize", "2025-03-26"),
    ("initialize", "2025-06-18"),
    ("initialize", HANDSHAKE),
    ("server/discover", MODERN),
    ("ping", HANDSHAKE),
    ("tools/list", "2025-03-26"),
    ("tools/list", "2025-06-18"),
    ("tools/list", HANDSHAKE),
    ("tools/list", MODERN),
    ("prompts/list", "2025-03-26"),
    ("prompts/list", HANDSHAKE),
    ("prompts/list", MODERN),
    ("resources/list", HANDSHAKE),
    ("resources/list", MODERN),
]
