"""One request's Billy session: the missing-token message, every Billy failure explained, the locked organization
asked of Billy only on a 403, and the request's counters."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from billy_mcp import billy
from billy_mcp.registry import ToolError
from tests.support import MemoryBilly, session_call


@pytest.fixture
def memory(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryBilly]:
    monkeypatch.setattr(billy, "_backoff", lambda attempt: 0.001)
    fake = MemoryBilly({})
    billy.use_transport(fake)
    yield fake
    billy.use_transport(None)


def test_a_tenant_without_a_billy_token_is_told_how_to_add_one(memory: MemoryBilly) -> None:
    with pytest.raises(ToolError, match="make tenant-set-token NAME=acme"):
        session_call({}, token=None).billy.get("organization", {}, "the organization")
    assert memory.targets == []


@pytest.mark.parametrize(
    ("status", "fragment"),
    [
        (401, "Billy rejected the access token of tenant 'acme' (HTTP 401"),
        (404, "Not found: the invoice with id 'x' does not exist in this Billy company (HTTP 404"),
        (422, "Billy rejected the request for the invoice with id 'x' as invalid (HTTP 422"),
        (429, "Billy is rate limiting this company's requests (HTTP 429)"),
        (500, "Billy is unavailable right now"),
    ],
)
def test_billy_failures_say_what_happened_and_what_to_do(memory: MemoryBilly, status: int, fragment: str) -> None:
    memory.answers["invoices/x"] = (status, {"errorMessage": "nope"})
    session = session_call({}).billy
    with pytest.raises(ToolError) as refused:
        session.get("invoices/x", {}, "the invoice with id 'x'")
    assert fragment in str(refused.value) and "tok" not in str(refused.value).replace("token", "")
    assert session.counters.requests == len(memory.targets) >= 1 and session.counters.last_status == status


def test_a_403_asks_billy_whether_the_organization_is_locked(memory: MemoryBilly) -> None:
    memory.answers["invoices"] = (403, {"errorMessage": "forbidden"})
    memory.answers["organization"] = (200, {"organization": {"id": "o", "isLocked": True, "lockedReason": "unpaid"}})
    session = session_call({}).billy
    with pytest.raises(ToolError, match="The Billy organization is locked: unpaid"):
        session.get("invoices", {}, "invoices")
    assert [target.split("?")[0] for target in memory.targets] == ["invoices", "organization"]
    memory.answers["organization"] = (200, {"organization": {"id": "o", "isLocked": False}})
    with pytest.raises(ToolError, match="Billy refused access to invoices"):
        session.get("invoices", {}, "invoices")


def test_counters_add_up_across_threads() -> None:
    """A report's workers count into one request's counters at once: nothing is lost."""
    import threading

    from billy_mcp.session import Counters

    counters = Counters()

    def work() -> None:
        for _ in range(2_000):
            counters.answered(200, 0.5)
            counters.retried()

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert (counters.requests, counters.retries, counters.latency_ms) == (16_000, 16_000, 8_000.0)
