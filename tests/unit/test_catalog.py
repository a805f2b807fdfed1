"""What a container loads to list its tools: schemas only; a report's modules load on that report's first call."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import cast

ROOT = Path(__file__).resolve().parents[2]
REPORT_IMPLEMENTATIONS = (
    "billy_mcp.reports.trial_balance",
    "billy_mcp.reports.profit_and_loss",
    "billy_mcp.reports.balance_sheet",
    "billy_mcp.reports.vat_summary",
    "billy_mcp.reports.aged",
    "billy_mcp.reports._common",
    "billy_mcp.reports._read",
    "billy_mcp.reports._sources",
    "billy_mcp.reports._ledger",
    "billy_mcp.reports._vat",
    "billy_mcp.reports._aging",
    "billy_mcp.reports._money",
)

PROBE = """
import json, sys, time
from billy_mcp.handler import mcp_server
from billy_mcp.protocol import Outcome, RequestContext
from billy_mcp.registry import ToolCall, ToolError
from billy_mcp.session import BillySession
from billy_mcp.tenants import Tenant

session = BillySession(Tenant("probe", None), time.monotonic() + 10)
context = RequestContext(headers={"mcp-protocol-version": "2025-11-25"}, billy=session, request_id="probe")
body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}).encode()
listed = mcp_server().serve(body, context, Outcome()).status
after_list = sorted(name for name in sys.modules if name.startswith("billy_mcp.reports"))
tool = mcp_server().registry.get("get-trial-balance-tool")
try:
    tool.function(ToolCall({}, session))
except ToolError:
    pass  # the probe's tenant has no Billy token: the report module loads, then refuses
after_call = sorted(name for name in sys.modules if name.startswith("billy_mcp.reports"))
print(json.dumps({"status": listed, "after_list": after_list, "after_call": after_call}))
"""


def _probe() -> dict[str, object]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "functions" / "mcp"),
        "TENANT_SECRET_PREFIX": "probe/",
        "POWERTOOLS_METRICS_DISABLED": "true",
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=60, check=True
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_tools_list_loads_no_report_implementation_and_a_report_loads_on_its_first_call() -> None:
    probe = _probe()
    assert probe["status"] == 200
    after_list = set(cast(list[str], probe["after_list"]))
    assert not after_list & set(REPORT_IMPLEMENTATIONS), after_list
    assert {"billy_mcp.reports", "billy_mcp.reports.specs"} <= after_list
    after_call = set(cast(list[str], probe["after_call"]))
    assert {"billy_mcp.reports.trial_balance", "billy_mcp.reports._read", "billy_mcp.reports._ledger"} <= after_call
    assert "billy_mcp.reports.aged" not in after_call
