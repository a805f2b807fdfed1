"""Two tenants calling concurrently into one warm container always get their own company's data."""

from __future__ import annotations

import random
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from billy_mcp import config
from local.sandbox import DEMO_TOKEN, SECOND_TOKEN, SandboxApi, demo_companies
from tests.conftest import Tenants
from tests.support import event, invoke, request

CALLS = 2000
THREADS = 16


def tool_call(key: str, tool: str, arguments: dict[str, Any]) -> dict[str, Any]:
    status, _, body = invoke(
        event(
            request("tools/call", {"name": tool, "arguments": arguments}),
            key=key,
            headers={"MCP-Protocol-Version": "2025-11-25"},
        )
    )
    assert status == 200 and body["result"]["isError"] is False, body
    structured: dict[str, Any] = body["result"]["structuredContent"]
    return structured


def test_thousands_of_interleaved_calls_never_cross_tenants(tenants: Tenants, sandbox: SandboxApi) -> None:
    companies = demo_companies()
    keys = {"nordlys": tenants.add("nordlys", DEMO_TOKEN), "havoern": tenants.add("havoern", SECOND_TOKEN)}
    own_org = {"nordlys": companies[0].organization["id"], "havoern": companies[1].organization["id"]}
    own_invoices = {
        "nordlys": {i["id"] for i in companies[0].table("invoices")},
        "havoern": {i["id"] for i in companies[1].table("invoices")},
    }
    rng = random.Random(7)
    plan = [
        (rng.choice(["nordlys", "havoern"]), rng.choice(["org", "invoices"]), rng.randint(1, 6)) for _ in range(CALLS)
    ]

    def one(step: tuple[str, str, int]) -> bool:
        tenant, kind, page = step
        if kind == "org":
            return bool(tool_call(keys[tenant], "get-organization-tool", {})["organization"]["id"] == own_org[tenant])
        invoices = tool_call(keys[tenant], "list-invoices-tool", {"page": page, "page_size": 5})["invoices"]
        return bool(invoices) and all(i["id"] in own_invoices[tenant] for i in invoices)

    with ThreadPoolExecutor(THREADS) as pool:
        outcomes = list(pool.map(one, plan))
    assert len(outcomes) == CALLS and all(outcomes), f"{outcomes.count(False)} calls crossed tenants"


def test_revocation_takes_effect_within_the_cache_ttl(
    tenants: Tenants, sm_client: Any, sandbox: SandboxApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    from billy_mcp.tenants import key_hash

    monkeypatch.setenv("TENANT_CACHE_TTL", "1")
    config.settings.cache_clear()
    key = tenants.add("leaving", DEMO_TOKEN)
    assert tool_call(key, "get-organization-tool", {})["organization"]["name"] == "Nordlys Design ApS"
    sm_client.delete_secret(SecretId="billy-mcp/tenants/" + key_hash(key), RecoveryWindowInDays=7)
    assert invoke(event(request("tools/list"), key=key))[0] == 200  # still cached: within the TTL
    time.sleep(1.1)
    assert invoke(event(request("tools/list"), key=key))[0] == 401
