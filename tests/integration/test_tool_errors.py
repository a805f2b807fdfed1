"""Every error class a user can meet, as isError results with a message that says what to do."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from local.sandbox import DEMO_TOKEN, Fault, SandboxApi
from tests.conftest import Tenants
from tests.support import call_tool, error_text


def test_token_rejected_tells_how_to_make_a_new_one(tenants: Tenants, sandbox: SandboxApi) -> None:
    key = tenants.add("stale", "0000000000000000000000000000000000000000")
    text = error_text(call_tool(key, "list-invoices-tool"))
    assert "rejected the access token of tenant 'stale'" in text and "mit.billy.dk → Settings → Access tokens" in text
    assert "0000000000" not in text


def test_integration_not_configured(tenants: Tenants, sandbox: SandboxApi) -> None:
    key = tenants.add("half-done", None)
    text = error_text(call_tool(key, "get-organization-tool"))
    assert "not configured for tenant 'half-done'" in text and "billy_access_token" in text
    assert not sandbox.requests  # no Billy call without a token


def test_not_found_names_the_id(demo_key: str) -> None:
    text = error_text(call_tool(demo_key, "get-invoice-tool", {"invoice_id": "NoSuchInvoice123"}))
    assert "Not found" in text and "NoSuchInvoice123" in text


def test_no_access(demo_key: str, sandbox: SandboxApi) -> None:
    sandbox.add_fault(Fault(status=403, path_prefix="/v2/bills"))
    text = error_text(call_tool(demo_key, "list-bills-tool"))
    assert "refused access" in text and "HTTP 403" in text


def test_locked_organization_reports_billys_reason(demo_key: str, sandbox: SandboxApi) -> None:
    sandbox.lock(DEMO_TOKEN, "Abonnementet er udløbet.")
    text = error_text(call_tool(demo_key, "list-invoices-tool"))
    assert "locked" in text and "Abonnementet er udløbet." in text
    org = call_tool(demo_key, "get-organization-tool")["structuredContent"]["organization"]
    assert org["isLocked"] is True and org["lockedReason"] == "Abonnementet er udløbet."


@pytest.mark.parametrize("status", [400, 422])
def test_invalid_request(demo_key: str, sandbox: SandboxApi, status: int) -> None:
    sandbox.add_fault(Fault(status=status, times=1))
    text = error_text(call_tool(demo_key, "list-contacts-tool"))
    assert "rejected the request" in text and f"HTTP {status}" in text


def test_rate_limited_after_retries(demo_key: str, sandbox: SandboxApi) -> None:
    sandbox.add_fault(Fault(status=429, retry_after="0", times=100))
    text = error_text(call_tool(demo_key, "list-products-tool"))
    assert "rate limiting" in text
    assert len(sandbox.requests) == 4  # first try + 3 retries


def test_rate_limit_recovers_within_retries(demo_key: str, sandbox: SandboxApi) -> None:
    sandbox.add_fault(Fault(status=429, retry_after="0", times=2))
    result = call_tool(demo_key, "list-products-tool")
    assert result["isError"] is False and len(sandbox.requests) == 3


@pytest.mark.parametrize(
    "fault",
    [
        Fault(status=500),
        Fault(status=503, times=100),
        Fault(status=502, body="<html>Bad gateway</html>", times=100),
        Fault(status=200, body="<html>maintenance</html>"),
        Fault(status=200, body=""),
        Fault(status=200, body='{"meta": {"success": tr'),
    ],
    ids=["500", "503", "502-html", "200-html", "200-empty", "200-truncated"],
)
def test_billy_unavailable(demo_key: str, sandbox: SandboxApi, fault: Fault) -> None:
    sandbox.add_fault(fault)
    text = error_text(call_tool(demo_key, "list-accounts-tool"))
    assert "Billy is unavailable" in text


def test_slow_billy_times_out_within_the_lambda_deadline(demo_key: str, sandbox: SandboxApi) -> None:
    sandbox.add_fault(Fault(status=200, delay=3.0, times=1))
    started = time.monotonic()
    text = error_text(call_tool(demo_key, "list-accounts-tool", timeout=2.5))
    assert "did not answer" in text and time.monotonic() - started < 2.5


@pytest.mark.parametrize(
    "tool, arguments, fragment",
    [
        ("list-invoices-tool", {"min_entry_date": "2026-02-01", "max_entry_date": "2026-01-01"}, "is after"),
        ("list-invoices-tool", {"min_due_date": "01-02-2026"}, "argument 'min_due_date'"),
        ("list-bills-tool", {"page_size": 1001}, "argument 'page_size'"),
        ("list-bills-tool", {"page_size": 0}, "argument 'page_size'"),
        ("list-invoices-tool", {"state": "paid"}, "argument 'state'"),
        ("list-accounts-tool", {"nature": "income"}, "argument 'nature'"),
        ("list-contacts-tool", {"name": "x"}, "must not contain"),
        ("list-postings-tool", {"min_entry_date": "2026-01-01"}, "max_entry_date"),
        ("list-postings-tool", {"min_entry_date": "2026-03-01", "max_entry_date": "2026-02-01"}, "is after"),
        ("get-invoice-tool", {"invoice_id": "../organization"}, "argument 'invoice_id'"),
        ("get-invoice-tool", {"invoice_id": "x", "include": ["payments"]}, "argument 'include"),
        ("list-daybook-transactions-tool", {"min_entry_date": "2026-02-30"}, "argument 'min_entry_date'"),
    ],
)
def test_bad_input_is_refused_without_calling_billy(
    demo_key: str, sandbox: SandboxApi, tool: str, arguments: dict[str, Any], fragment: str
) -> None:
    text = error_text(call_tool(demo_key, tool, arguments))
    assert fragment in text
    assert not sandbox.requests


@pytest.mark.parametrize("status", [400, 403, 404, 422, 500])
def test_billy_echoing_the_access_token_never_puts_it_in_a_response_or_a_log_line(
    demo_key: str, sandbox: SandboxApi, status: int, captured: Any
) -> None:
    """Billy's errorMessage is copied into tool errors: the tenant's token, and anything shaped like one, is scrubbed."""
    other = "f" * 40
    body = json.dumps(
        {
            "meta": {"statusCode": status, "success": False},
            "errorCode": "E",
            "errorMessage": f"Bad token {DEMO_TOKEN} (also {other}) for you",
        }
    )
    sandbox.add_fault(Fault(status=status, body=body, path_prefix="/v2/invoices"))
    text = error_text(call_tool(demo_key, "list-invoices-tool"))
    assert DEMO_TOKEN not in text and other not in text and "[redacted]" in text
    assert DEMO_TOKEN not in captured.getvalue()
