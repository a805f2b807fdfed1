"""What billy-mcp sends to Billy: only documented (or, for undocumented lists, widely used and re-checked)
query parameters, the include syntax, and exactly one Billy request per get/list call."""

from __future__ import annotations

from typing import Any

import pytest

from billy_mcp.catalog import TOOLS
from billy_mcp.reports import TOOLS as REPORTS
from billy_mcp.tools import TOOLS as BILLY_READS
from local.sandbox import SandboxApi
from tests.support import call_tool

PAGING = {"page", "pageSize"}
SORTING = {"sortProperty", "sortDirection"}
# From shared/reference/billy-api.md: the documented filters (§4.5, §4.6, §4.11) and, where Billy documents
# none, the filters the reference lists as used by clients (§4.3, §4.4, §4.8, §4.9).
ALLOWED = {
    "/v2/invoices": PAGING
    | SORTING
    | {
        "organizationId",
        "contactId",
        "creditedInvoiceId",
        "state",
        "invoiceNo",
        "externalId",
        "minEntryDate",
        "maxEntryDate",
        "entryDatePeriod",
        "minApprovedTime",
        "maxApprovedTime",
        "approvedTimePeriod",
        "minDueDate",
        "maxDueDate",
        "isPaid",
        "currencyId",
        "recurringInvoiceId",
        "amount",
        "quoteId",
        "q",
    },
    "/v2/bills": PAGING
    | SORTING
    | {
        "organizationId",
        "contactId",
        "creditedBillId",
        "minEntryDate",
        "maxEntryDate",
        "minDueDate",
        "maxDueDate",
        "isPaid",
        "hasAttachments",
        "state",
        "currencyId",
        "suppliersInvoiceNo",
        "isBare",
        "amount",
        "q",
    },
    "/v2/daybookTransactions": PAGING
    | SORTING
    | {"organizationId", "daybookId", "apiType", "state", "minEntryDate", "maxEntryDate", "q"},
    "/v2/contacts": PAGING | SORTING | {"organizationId", "q", "isCustomer", "isSupplier", "isArchived"},
    "/v2/products": PAGING | SORTING | {"organizationId", "q", "isArchived"},
    "/v2/accounts": PAGING | {"organizationId", "q", "natureId", "isArchived", "isPaymentEnabled", "include"},
    "/v2/transactions": PAGING | {"organizationId", "minEntryDate", "maxEntryDate", "voucherNo", "isVoided"},
    "/v2/daybooks": PAGING | {"organizationId"},
    "/v2/bankPayments": PAGING | {"organizationId", "contactId", "minEntryDate", "maxEntryDate", "isVoided", "include"},
    "/v2/taxRates": PAGING | {"organizationId", "isActive"},
    "/v2/salesTaxReturns": PAGING | {"organizationId", "isSettled"},
    "/v2/postings": PAGING
    | {"organizationId", "accountId", "transactionId", "minEntryDate", "maxEntryDate", "isVoided"},
    "/v2/organizations": set(),
    "/v2/organization": set(),
}
INCLUDES = {
    "/v2/invoices/": {
        "invoice.lines:embed",
        "invoice.contact:embed",
        "invoice.lateFees:embed",
        "invoice.balanceModifiers:embed",
    },
    "/v2/bills/": {"bill.lines:embed", "bill.contact:embed", "bill.balanceModifiers:embed"},
    "/v2/contacts/": {"contact.contactPersons:embed"},
    "/v2/products/": {"product.prices:embed"},
    "/v2/daybookTransactions/": {"daybookTransaction.lines:embed"},
    "/v2/transactions/": {"transaction.postings:embed"},
}
LIST_INCLUDES = {
    "/v2/accounts": {"account.group", "account.nature"},
    "/v2/bankPayments": {"bankPayment.associations:embed"},
}


def every_argument(tool_name: str, company: Any) -> dict[str, Any]:
    """An argument set that uses every argument the tool accepts, with values valid for the demo company."""
    tool = next(t for t in TOOLS if t.name == tool_name)
    props = tool.input_schema["properties"]
    ids = {
        "contact_id": company.table("contacts")[0]["id"],
        "invoice_id": company.table("invoices")[0]["id"],
        "product_id": company.table("products")[0]["id"],
        "bill_id": company.table("bills")[0]["id"],
        "account_id": company.table("accounts")[0]["id"],
        "daybook_id": company.table("daybooks")[0]["id"],
        "daybook_transaction_id": company.table("daybookTransactions")[0]["id"],
        "transaction_id": company.table("transactions")[0]["id"],
        "sales_tax_return_id": company.table("salesTaxReturns")[0]["id"],
        "organization_id": company.organization["id"],
    }
    arguments: dict[str, Any] = {}
    for name, schema in props.items():
        if name == "account_no" and "account_id" in props:
            continue  # an alternative to account_id (two requests: the chart, then the list); tested on its own
        if name in ids:
            arguments[name] = ids[name]
        elif name == "account_no":
            arguments[name] = 5710
        elif name == "company":  # the demo key's one company, named as a caller with several would
            arguments[name] = "nordlys"
        elif name == "include":
            arguments[name] = schema["items"]["enum"]
        elif name == "fields":
            arguments[name] = ["name", "amount"]  # output-side only: never sent to Billy
        elif "enum" in schema:
            arguments[name] = schema["enum"][0]
        elif schema.get("type") == "boolean":
            arguments[name] = name != "is_voided"
        elif schema.get("format") == "date":
            arguments[name] = "2025-06-01" if name.startswith("min") else "2026-06-30"
        elif name == "currency_id":
            arguments[name] = "DKK"
        elif schema.get("type") == "integer":
            arguments[name] = 1 if name == "page" else 25
        else:
            arguments[name] = "a"
    return arguments


READ_TOOLS = [t.name for t in BILLY_READS]
REPORT_TOOLS = [t.name for t in REPORTS]
REPORT_ALLOWED = {
    "/v2/organization": set(),
    "/v2/accounts": PAGING,
    "/v2/accountGroups": PAGING,
    "/v2/accountNatures": PAGING,
    "/v2/salesTaxReturns": PAGING,
    "/v2/postings": ALLOWED["/v2/postings"],
    "/v2/invoices": ALLOWED["/v2/invoices"] | {"include"},
    "/v2/bills": ALLOWED["/v2/bills"] | {"include"},
    "/v2/daybookTransactions": ALLOWED["/v2/daybookTransactions"] | {"include"},
    "/v2/transactions": ALLOWED["/v2/transactions"],
    "/v2/salesTaxAccounts": PAGING,
    "/v2/taxRates": PAGING | {"include"},
    "/v2/contactBalancePostings": PAGING | {"include"},
}
AGED_INCLUDES = {
    "/v2/invoices": {"invoice.balanceModifiers:embed", "invoice.lateFees:embed", "invoice.contact"},
    "/v2/bills": {"bill.balanceModifiers:embed", "bill.contact"},
    "/v2/contactBalancePostings": {"contactBalancePosting.contact"},
}
VAT_INCLUDES = {
    "/v2/invoices": {"invoice.lines:embed"},
    "/v2/bills": {"bill.lines:embed"},
    "/v2/daybookTransactions": {"daybookTransaction.lines:embed"},
    "/v2/taxRates": {"taxRate.netAmountMetaField", "taxRate.deductionComponents"},
}


@pytest.mark.parametrize("tool", READ_TOOLS)
def test_only_documented_parameters_and_one_request_per_call(
    tool: str, demo_key: str, sandbox: SandboxApi, company: Any
) -> None:
    result = call_tool(demo_key, tool, every_argument(tool, company))
    assert result["isError"] is False, result
    assert len(sandbox.requests) == 1, sandbox.requests
    method, path, query = sandbox.requests[0]
    assert method == "GET"
    keys = [key for key, _ in query]
    assert len(keys) == len(set(keys)), "a parameter was sent twice"
    if path in ALLOWED:
        assert set(keys) <= ALLOWED[path], set(keys) - ALLOWED[path]
        sent = dict(query).get("include")
        assert (set(sent.split(",")) if sent else set()) == LIST_INCLUDES.get(path, set())
    else:  # a single record: /v2/<collection>/<id>, with every include the tool offers
        collection = path.rsplit("/", 1)[0] + "/"
        assert set(keys) <= {"include"}
        sent = dict(query).get("include")
        assert (set(sent.split(",")) if sent else set()) == INCLUDES.get(collection, set())


def test_booleans_and_dates_are_sent_in_billys_form(demo_key: str, sandbox: SandboxApi) -> None:
    call_tool(demo_key, "list-invoices-tool", {"is_paid": False, "min_entry_date": "2026-01-01", "page_size": 7})
    query = dict(sandbox.requests[0][2])
    assert (
        query["isPaid"] == "false"
        and query["minEntryDate"] == "2026-01-01"
        and query["pageSize"] == "7"
        and query["page"] == "1"
    )


@pytest.mark.parametrize("tool", REPORT_TOOLS)
def test_reports_send_only_documented_parameters_at_the_largest_page_size(
    tool: str, demo_key: str, sandbox: SandboxApi, company: Any
) -> None:
    arguments = every_argument(tool, company)
    if tool == "get-vat-summary-tool":
        arguments = {"period": "2026-Q2"}
    result = call_tool(demo_key, tool, arguments)
    assert result["isError"] is False, result
    assert sandbox.requests
    for method, path, query in sandbox.requests:
        keys = [key for key, _ in query]
        assert method == "GET" and path in REPORT_ALLOWED, path
        assert len(keys) == len(set(keys)) and set(keys) <= REPORT_ALLOWED[path], (path, keys)
        sent = dict(query)
        if path != "/v2/organization":
            assert sent["pageSize"] == "1000"
        includes = VAT_INCLUDES if tool == "get-vat-summary-tool" else AGED_INCLUDES
        assert (set(sent["include"].split(",")) if "include" in sent else set()) == includes.get(path, set()), path
