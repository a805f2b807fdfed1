"""The sample events in events/: in step with their generator, and answered with the expected status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from local.events import EVENTS_DIR, LOCAL_EVENT_KEY, all_events, render
from local.sandbox import DEMO_TOKEN
from tests.conftest import Tenants
from tests.support import check_jsonrpc, invoke

EVENTS = all_events()


def test_event_files_match_the_generator() -> None:
    on_disk = {path.name for path in EVENTS_DIR.glob("*.json")}
    assert on_disk == set(EVENTS), "run `python -m local.events` to regenerate events/"
    for name, (event, _status) in EVENTS.items():
        assert (EVENTS_DIR / name).read_text(encoding="utf-8") == render(event), name


@pytest.mark.parametrize("name", sorted(EVENTS))
def test_every_event_through_lambda_handler(name: str, tenants: Tenants, sandbox: object, sm_client: object) -> None:
    from local.secrets_standin import put_tenant

    put_tenant(sm_client, LOCAL_EVENT_KEY, "sandbox", DEMO_TOKEN)
    event = json.loads(Path(EVENTS_DIR / name).read_text(encoding="utf-8"))
    status, _, body = invoke(event)
    assert status == EVENTS[name][1], body
    if body is not None and "result" in body:
        method = json.loads(event["body"])["method"]
        version = event["headers"].get("mcp-protocol-version", "2025-03-26")
        check_jsonrpc(body, method, version)
        assert body["result"].get("isError") is not True


def test_there_is_an_event_per_tool() -> None:
    from billy_mcp.catalog import TOOLS

    for tool in TOOLS:
        name = f"tools-call-{tool.name.removesuffix('-tool')}.json"
        assert name in EVENTS, name
        assert json.loads(EVENTS[name][0]["body"])["params"]["name"] == tool.name
