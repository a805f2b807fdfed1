"""The official MCP conformance suite against the served endpoint, behind a header-adding proxy.

The suite cannot send an Authorization header, so a local proxy adds the API key; authentication stays on.
Scenarios that need fixture tools, resources, prompts, sampling, elicitation or logging are listed, each with
its reason, in the expected-failures baselines beside this file; the suite fails on anything else, and also
on a baseline entry that starts passing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import Served
from tests.e2e.header_proxy import running_proxy
from tests.e2e.node_tools import CONFORMANCE, CONFORMANCE_ALPHA, missing, run_node

pytestmark = [pytest.mark.e2e, pytest.mark.conformance]
BASELINES = Path(__file__).parent / "conformance"


@pytest.fixture(scope="module")
def proxied(served: Served) -> Iterator[str]:
    reason = missing()
    if reason:
        pytest.fail(reason)
    origin = served.url.rsplit("/mcp", 1)[0]
    with running_proxy(origin, {"Authorization": f"Bearer {served.key}"}) as url:
        yield f"{url}/mcp"


def results(output: Path) -> dict[str, dict[str, int]]:
    """Per scenario: how many checks succeeded and failed (from the suite's checks.json files)."""
    summary: dict[str, dict[str, int]] = {}
    for checks in output.glob("*/checks.json"):
        scenario = re.sub(r"^server-|-\d{4}-\d{2}-\d{2}T[\d-]+Z$", "", checks.parent.name)
        statuses = [c["status"] for c in json.loads(checks.read_text(encoding="utf-8"))]
        summary[scenario] = {"passed": statuses.count("SUCCESS"), "failed": statuses.count("FAILURE")}
    return summary


def run_suite(script: Path, url: str, baseline: str, output: Path, *extra: str) -> dict[str, dict[str, int]]:
    result = run_node(
        script, "server", "--url", url, "--expected-failures", str(BASELINES / baseline), "-o", str(output), *extra
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "Baseline check passed" in result.stdout
    return results(output)


def test_conformance_0_1_16(proxied: str, tmp_path: Path) -> None:
    summary = run_suite(CONFORMANCE, proxied, "expected-failures-0.1.16.yml", tmp_path)
    for scenario in ("server-initialize", "ping", "tools-list", "prompts-list", "dns-rebinding-protection"):
        assert summary[scenario]["failed"] == 0 and summary[scenario]["passed"] >= 1, (scenario, summary.get(scenario))


def test_conformance_alpha_requirements_2025_11_25(proxied: str, tmp_path: Path) -> None:
    summary = run_suite(
        CONFORMANCE_ALPHA, proxied, "expected-failures-2025-11-25.yml", tmp_path, "--requirements", "2025-11-25"
    )
    for scenario in ("server-initialize", "ping", "tools-list", "prompts-list", "dns-rebinding-protection"):
        assert summary[scenario]["failed"] == 0 and summary[scenario]["passed"] >= 1, (scenario, summary.get(scenario))


def test_conformance_alpha_requirements_2026_07_28(proxied: str, tmp_path: Path) -> None:
    summary = run_suite(
        CONFORMANCE_ALPHA, proxied, "expected-failures-2026-07-28.yml", tmp_path, "--requirements", "2026-07-28"
    )
    for scenario in ("tools-list", "prompts-list", "http-header-validation", "dns-rebinding-protection"):
        assert summary[scenario]["failed"] == 0 and summary[scenario]["passed"] >= 1, (scenario, summary.get(scenario))
    assert summary["server-stateless"]["passed"] >= 21
    assert summary["caching"]["passed"] >= 4
