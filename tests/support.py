"""Helpers shared by the tests: building events, calling the handler, and the mcp_types oracle."""

from __future__ import annotations

import base64
import json
from typing import Any

from billy_mcp.reports._ledger import Account, Posting
from local.adapter import build_event
from local.lambda_context import LocalContext

MODERN = "2026-07-28"


def event(
    body: Any = None,
    *,
    method: str = "POST",
    headers: dict[str, str] | None = None,
    raw: bytes | None = None,
    key: str | None = None,
    path: str = "/mcp",
) -> dict[str, Any]:
    data = raw if raw is not None else (b"" if body is None else json.dumps(body).encode())
    all_headers = {"content-type": "application/json", "accept": "application/json, text/event-stream"}
    if key is not None:
        all_headers["authorization"] = f"Bearer {key}"
    all_headers.update({k.lower(): v for k, v in (headers or {}).items()})
    return build_event(method, path, all_headers, data)


def invoke(evt: dict[str, Any], timeout: float = 25.0) -> tuple[int, dict[str, str], Any]:
    """Run one event through the real `lambda_handler`; returns status, headers and the decoded JSON body."""
    from app import lambda_handler

    result = lambda_handler(evt, LocalContext(timeout_seconds=timeout))
    text = result["body"]
    body = json.loads(text) if text else None
    if isinstance(body, list) or (isinstance(body, dict) and "jsonrpc" in body):  # the well-known documents are not
        check_exchange(evt, body)
    return result["statusCode"], result["headers"], body


def request(method: str, params: dict[str, Any] | None = None, request_id: int | str = 1) -> dict[str, Any]:
    message: dict[str, Any] = {"jsonrpc": "2.0", "id": request_id, "method": method}
    if params is not None:
        message["params"] = params
    return message


def modern_request(method: str, params: dict[str, Any] | None = None, request_id: int | str = 1) -> dict[str, Any]:
    meta = {
        "io.modelcontextprotocol/protocolVersion": MODERN,
        "io.modelcontextprotocol/clientCapabilities": {},
        "io.modelcontextprotocol/clientInfo": {"name": "tests", "version": "1"},
    }
    return request(method, {**(params or {}), "_meta": meta}, request_id)


def modern_headers(method: str, name: str | None = None) -> dict[str, str]:
    headers = {"MCP-Protocol-Version": MODERN, "Mcp-Method": method}
    if name is not None:
        headers["Mcp-Name"] = name
    return headers


def check_exchange(evt: dict[str, Any], body: Any) -> None:
    """Validate every answer the handler gives against mcp_types, for the version the request spoke."""
    raw = evt.get("body") or "null"
    if evt.get("isBase64Encoded"):
        raw = base64.b64decode(raw).decode("utf-8", "replace")
    try:
        sent = json.loads(raw)
    except ValueError:
        sent = None
    headers = {k.lower(): v for k, v in (evt.get("headers") or {}).items()}
    validate_answer(sent, body, headers.get("mcp-protocol-version"))


def validate_answer(sent: Any, body: Any, header_version: str | None) -> None:
    """`body` answered `sent` (a message or a batch): check each response with the models of its version."""
    messages = sent if isinstance(sent, list) else [sent]
    methods = {m.get("id"): m.get("method") for m in messages if isinstance(m, dict) and "id" in m}
    for item in body if isinstance(body, list) else [body]:
        method = methods.get(item.get("id")) if "result" in item else None
        version = (
            header_version if header_version in ("2025-03-26", "2025-06-18", "2025-11-25", MODERN) else "2025-03-26"
        )
        if method == "initialize":
            version = item["result"]["protocolVersion"]
        check_jsonrpc(item, method, version)


def check_jsonrpc(body: Any, method: str | None, version: str) -> None:
    """Validate a JSON-RPC response against the mcp_types models of `version` (the oracle for every response)."""
    from mcp_types import methods
    from mcp_types.jsonrpc import JSONRPCError, JSONRPCResponse

    if "error" in body:
        JSONRPCError.model_validate(body)
        return
    JSONRPCResponse.model_validate(body)
    assert method is not None
    methods.validate_server_result(method, version, body["result"])


def call_tool(
    key: str, name: str, arguments: dict[str, Any] | None = None, version: str = "2025-11-25", timeout: float = 25.0
) -> dict[str, Any]:
    """tools/call through lambda_handler; validates the response (mcp_types) and structuredContent (outputSchema)."""
    import jsonschema

    from billy_mcp.catalog import REGISTRY

    message = request("tools/call", {"name": name, "arguments": arguments or {}})
    headers = {"MCP-Protocol-Version": version}
    if version == MODERN:
        message = modern_request("tools/call", {"name": name, "arguments": arguments or {}})
        headers = modern_headers("tools/call", name)
    status, _, body = invoke(event(message, key=key, headers=headers), timeout)
    assert status == 200, body
    check_jsonrpc(body, "tools/call", version)
    result: dict[str, Any] = body["result"]
    if not result.get("isError"):
        tool = REGISTRY.get(name)
        assert tool is not None
        jsonschema.validate(result["structuredContent"], dict(tool.output_schema))
        assert json.loads(result["content"][0]["text"]) == result["structuredContent"]
    return result


def error_text(result: dict[str, Any]) -> str:
    assert result["isError"] is True, result
    text: str = result["content"][0]["text"]
    return text


def all_pages(
    key: str, name: str, root: str, arguments: dict[str, Any], page_size: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every record across pages, and each page's paging block."""
    items: list[dict[str, Any]] = []
    pagings: list[dict[str, Any]] = []
    page = 1
    while True:
        data = call_tool(key, name, {**arguments, "page": page, "page_size": page_size})["structuredContent"]
        items += data[root]
        pagings.append(data["paging"])
        if page >= data["paging"]["pageCount"]:
            return items, pagings
        page += 1


# ---- hand-made books for the ledger rules -----------------------------------------------------------------------
def ledger_account(id_: str, number: int, nature: str, role: str | None = None) -> Account:
    statement = "incomeStatement" if nature in ("revenue", "expense") else "balanceSheet"
    normal = "debit" if nature in ("asset", "expense") else "credit"
    return Account(id_, number, id_, nature, statement, normal, None, None, None, role)


HAND_MADE_CHART = {
    a.id: a
    for a in (
        ledger_account("bank", 5710, "asset"),
        ledger_account("sales", 1110, "revenue"),
        ledger_account("rent", 1510, "expense"),
        ledger_account("current", 7110, "equity", "currentEarnings"),
        ledger_account("retained", 7120, "equity", "retainedEarnings"),
        ledger_account("capital", 7140, "equity"),
        ledger_account("vat_out", 7250, "liability", "salesTax"),
        ledger_account("vat_in", 7220, "liability"),
        ledger_account("vat_services", 7240, "liability"),
        ledger_account("vat_settled", 7210, "liability", "salesTaxPayable"),
        ledger_account("eu_sales", 1150, "revenue"),
    )
}


def txn(day: str, name: str, *legs: tuple[str, int]) -> list[Posting]:
    assert sum(ore for _, ore in legs) == 0
    return [Posting(day, account_id, ore, name) for account_id, ore in legs]


HAND_MADE_BOOKS = [
    *txn("2025-01-01", "t1", ("bank", 100_00), ("capital", -100_00)),
    *txn("2025-05-01", "t2", ("bank", 125_00), ("sales", -100_00), ("vat_out", -25_00)),
    *txn("2025-06-01", "t3", ("rent", 40_00), ("bank", -40_00)),
    # 2025 made 60.00; closed by moving it from 7110 to 7120 on the last day.
    *txn("2025-12-31", "close", ("current", 60_00), ("retained", -60_00)),
    *txn("2026-02-01", "t4", ("bank", 250_00), ("sales", -200_00), ("vat_out", -50_00)),
    *txn("2026-03-01", "t5", ("rent", 30_00), ("bank", -30_00)),
]


# ---- an in-memory Billy for the tool and session units ---------------------------------------------------------
class MemoryBilly:
    """A Billy transport answering each path (without its query) from `answers` (status, document); it records
    every target it was asked for. Install it with `billy.use_transport`."""

    def __init__(self, answers: dict[str, tuple[int, dict[str, Any]]]) -> None:
        self.answers = answers
        self.targets: list[str] = []

    def get(self, target: str, headers: Any, timeout: float, max_bytes: int) -> Any:
        from billy_mcp.http_transport import Answer

        self.targets.append(target)
        status, document = self.answers.get(target.split("?", 1)[0], (404, {"errorMessage": "no such path"}))
        return Answer(status, {}, json.dumps(document).encode())


def session_call(arguments: dict[str, Any], token: str | None = "tok", tenant: str = "acme") -> Any:
    """A ToolCall with a fresh Billy session for tenant `tenant` (a None token: no Billy integration)."""
    import time

    from billy_mcp.registry import ToolCall
    from billy_mcp.session import BillySession
    from billy_mcp.tenants import Tenant

    return ToolCall(arguments, BillySession(Tenant(tenant, token), time.monotonic() + 10))
