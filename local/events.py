"""The sample API Gateway events in events/ (payload 2.0), generated so they stay in step with the code.

`python -m local.events` rewrites events/*.json; a test fails when the files differ from what this makes.
Events carry LOCAL_EVENT_KEY, the key `make invoke` registers for the sandbox company; for
`sam local invoke` against real AWS, replace it with a key created by `make tenant-add`.
"""

from __future__ import annotations

import json
from typing import Any

from .paths import ROOT

LOCAL_EVENT_KEY = "bmcp_LOCAL-EVENTS-ONLY-not-a-secret-0000000000006kgfmf"
EVENTS_DIR = ROOT / "events"
ACCEPT = "application/json, text/event-stream"
GATEWAY_PATH = "/mcp/billy"
"""The path hosted MCP gateways give Billy (the template routes it to the same function as /mcp)."""


def _event(method: str, body: Any | None, headers: dict[str, str], name: str, path: str = "/mcp") -> dict[str, Any]:
    text = "" if body is None else json.dumps(body, ensure_ascii=False)
    return {
        "version": "2.0",
        "routeKey": f"ANY {path}",
        "rawPath": path,
        "rawQueryString": "",
        "headers": {"host": "abc123.execute-api.eu-west-1.amazonaws.com", "user-agent": "sample-event", **headers},
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "abc123",
            "domainName": "abc123.execute-api.eu-west-1.amazonaws.com",
            "domainPrefix": "abc123",
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "192.0.2.10",
                "userAgent": "sample-event",
            },
            "requestId": f"sample-{name}",
            "routeKey": f"ANY {path}",
            "stage": "$default",
            "time": "24/Nov/2026:06:00:00 +0000",
            "timeEpoch": 1795500000000,
        },
        "body": text,
        "isBase64Encoded": False,
    }


def _post(
    name: str, body: Any, extra: dict[str, str] | None = None, key: str | None = LOCAL_EVENT_KEY, path: str = "/mcp"
) -> dict[str, Any]:
    headers = {"content-type": "application/json", "accept": ACCEPT}
    if key:
        headers["authorization"] = f"Bearer {key}"
    return _event("POST", body, headers | (extra or {}), name, path)


def _call(name: str, tool: str, arguments: dict[str, Any]) -> dict[str, Any]:
    body = {"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": tool, "arguments": arguments}}
    return _post(name, body, {"mcp-protocol-version": "2025-11-25"})


def all_events() -> dict[str, tuple[dict[str, Any], int]]:
    """File name → (event, the status code lambda_handler answers it with)."""
    initialize = {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "initialize",
        "params": {
            "protocolVersion": "2025-11-25",
            "capabilities": {},
            "clientInfo": {"name": "sample", "version": "1.0"},
        },
    }
    modern_meta = {
        "io.modelcontextprotocol/protocolVersion": "2026-07-28",
        "io.modelcontextprotocol/clientCapabilities": {},
        "io.modelcontextprotocol/clientInfo": {"name": "sample", "version": "1.0"},
    }
    events: dict[str, tuple[dict[str, Any], int]] = {
        "initialize.json": (_post("initialize", initialize), 200),
        "notification-initialized.json": (
            _post(
                "notification",
                {"jsonrpc": "2.0", "method": "notifications/initialized"},
                {"mcp-protocol-version": "2025-11-25"},
            ),
            202,
        ),
        "ping.json": (
            _post("ping", {"jsonrpc": "2.0", "id": 2, "method": "ping"}, {"mcp-protocol-version": "2025-11-25"}),
            200,
        ),
        "tools-list.json": (
            _post(
                "tools-list",
                {"jsonrpc": "2.0", "id": 2, "method": "tools/list"},
                {"mcp-protocol-version": "2025-11-25"},
            ),
            200,
        ),
        "gateway-tools-list.json": (
            _post(
                "gateway-tools-list",
                {"jsonrpc": "2.0", "id": 2, "method": "tools/list"},
                {"mcp-protocol-version": "2025-11-25"},
                path=GATEWAY_PATH,
            ),
            200,
        ),
        "prompts-list.json": (
            _post(
                "prompts-list",
                {"jsonrpc": "2.0", "id": 2, "method": "prompts/list"},
                {"mcp-protocol-version": "2025-11-25"},
            ),
            200,
        ),
        "prompts-get-month-end-review.json": (
            _post(
                "prompts-get",
                {
                    "jsonrpc": "2.0",
                    "id": 2,
                    "method": "prompts/get",
                    "params": {"name": "month-end-review", "arguments": {"month": "2026-10"}},
                },
                {"mcp-protocol-version": "2025-11-25"},
            ),
            200,
        ),
        # OAuth discovery: 404 while the stack's OAuth parameter is disabled (the default), the RFC 9728 document
        # once it is cognito.
        "oauth-protected-resource.json": (
            _event(
                "GET", None, {"accept": "application/json"}, "well-known", "/.well-known/oauth-protected-resource/mcp"
            ),
            404,
        ),
        "server-discover.json": (
            _post(
                "discover",
                {"jsonrpc": "2.0", "id": 1, "method": "server/discover", "params": {"_meta": modern_meta}},
                {"mcp-protocol-version": "2026-07-28", "mcp-method": "server/discover"},
            ),
            200,
        ),
        "get-405.json": (
            _event("GET", None, {"accept": "text/event-stream", "authorization": f"Bearer {LOCAL_EVENT_KEY}"}, "get"),
            405,
        ),
        "unauthorized.json": (
            _post("unauthorized", {"jsonrpc": "2.0", "id": 2, "method": "tools/list"}, key=None),
            401,
        ),
    }
    events |= {
        "delete-405.json": (_event("DELETE", None, {"authorization": f"Bearer {LOCAL_EVENT_KEY}"}, "delete"), 405),
        "origin-403.json": (
            _post("origin", {"jsonrpc": "2.0", "id": 2, "method": "tools/list"}, {"origin": "https://evil.example"}),
            403,
        ),
        "parse-error-400.json": (
            _event(
                "POST",
                None,
                {"content-type": "application/json", "authorization": f"Bearer {LOCAL_EVENT_KEY}"},
                "parse",
            )
            | {"body": "{not json"},
            400,
        ),
        "batch-2025-03-26.json": (
            _post(
                "batch",
                [{"jsonrpc": "2.0", "id": 1, "method": "ping"}, {"jsonrpc": "2.0", "id": 2, "method": "tools/list"}],
            ),
            200,
        ),
        "modern-tools-call.json": (
            _post(
                "modern-call",
                {
                    "jsonrpc": "2.0",
                    "id": 4,
                    "method": "tools/call",
                    "params": {"name": "list-products-tool", "arguments": {"page_size": 3}, "_meta": modern_meta},
                },
                {"mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call", "mcp-name": "list-products-tool"},
            ),
            200,
        ),
    }
    for tool, arguments in tool_arguments().items():
        events[f"tools-call-{tool.removesuffix('-tool')}.json"] = (_call(f"call-{tool}", tool, arguments), 200)
    return events


def tool_arguments() -> dict[str, dict[str, Any]]:
    """A typical call of every tool, with ids from the sandbox's demo company (deterministic)."""
    from .sandbox import demo_companies

    company = demo_companies()[0]
    first = {name: company.table(name)[0]["id"] for name in ("contacts", "products", "bills", "daybookTransactions")}
    invoice = next(i for i in company.table("invoices") if i["state"] == "approved" and i["_lateFees"])
    bank = next(a for a in company.table("accounts") if a["accountNo"] == 5710)
    return {
        "get-organization-tool": {},
        "list-organizations-tool": {},
        "list-contacts-tool": {"is_customer": True, "page_size": 10},
        "get-contact-tool": {"contact_id": first["contacts"], "include": ["contactPersons"]},
        "list-invoices-tool": {"state": "approved", "is_paid": False, "max_due_date": "2026-11-19", "page_size": 10},
        "get-invoice-tool": {"invoice_id": invoice["id"], "include": ["lines", "lateFees"]},
        "list-products-tool": {"page_size": 10},
        "get-product-tool": {"product_id": first["products"], "include": ["prices"]},
        "list-bills-tool": {"state": "approved", "is_paid": False, "page_size": 10},
        "get-bill-tool": {"bill_id": first["bills"], "include": ["lines"]},
        "list-accounts-tool": {"nature": "expense", "page_size": 100},
        "get-account-tool": {"account_id": bank["id"]},
        "list-postings-tool": {
            "min_entry_date": "2026-03-01",
            "max_entry_date": "2026-03-31",
            "account_no": 5710,
            "page_size": 100,
        },
        "list-transactions-tool": {"min_entry_date": "2026-03-01", "max_entry_date": "2026-03-31", "page_size": 20},
        "get-transaction-tool": {"transaction_id": company.table("transactions")[0]["id"], "include": ["postings"]},
        "list-daybooks-tool": {},
        "list-daybook-transactions-tool": {"state": "approved", "page_size": 10},
        "get-daybook-transaction-tool": {"daybook_transaction_id": first["daybookTransactions"], "include": ["lines"]},
        "list-bank-payments-tool": {
            "min_entry_date": "2026-10-01",
            "max_entry_date": "2026-10-31",
            "include": ["associations"],
            "page_size": 20,
        },
        "list-tax-rates-tool": {"is_active": True},
        "list-sales-tax-returns-tool": {"is_settled": False},
        "get-sales-tax-return-tool": {"sales_tax_return_id": company.table("salesTaxReturns")[0]["id"]},
        "get-trial-balance-tool": {"from_date": "2026-01-01", "to_date": "2026-10-31"},
        "get-account-ledger-tool": {
            "account_no": 5710,
            "from_date": "2026-03-01",
            "to_date": "2026-03-31",
            "page_size": 50,
        },
        "get-profit-and-loss-tool": {"from_date": "2026-01-01", "to_date": "2026-09-30", "compare": "previous_year"},
        "get-balance-sheet-tool": {"as_of": "2026-09-30"},
        "get-vat-summary-tool": {"period": "2026-Q2"},
        "get-aged-receivables-tool": {"as_of": "2026-09-30"},
        "get-aged-payables-tool": {"as_of": "2026-09-30"},
    }


def render(event: dict[str, Any]) -> str:
    return json.dumps(event, ensure_ascii=False, indent=2) + "\n"


def main() -> None:
    EVENTS_DIR.mkdir(exist_ok=True)
    for name, (event, _status) in all_events().items():
        (EVENTS_DIR / name).write_text(render(event), encoding="utf-8")
    print(f"wrote {len(all_events())} events to {EVENTS_DIR}")


if __name__ == "__main__":
    main()
