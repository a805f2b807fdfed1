"""Report benchmark: a trial balance over a fiscal year of 20,000+ postings, Billy answering with 100 ms of
simulated latency per request, read concurrently (REPORT_CONCURRENCY=4) beside the same report read
sequentially (REPORT_CONCURRENCY=1) in the same run. `python -m bench.reports`, or as part of `make bench`.

Prints the wall time of each against the concurrency limit (ceil(pages / in flight) × latency, plus the fixed
requests), the Billy requests made, the computation per 10,000 postings (the same call with no latency, and
the ledger arithmetic alone), and the bytes of the result against the bytes of the postings it summarises.
"""

from __future__ import annotations

import json
import math
import os
import statistics
import threading
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from local.paths import add_function_to_path
from local.sandbox import DEMO_TOKEN, SandboxApi, build_company

LATENCY = 0.1
ORDERS = int(os.environ.get("BENCH_WEBSHOP_ORDERS", "6300"))
"""Webshop orders in 2026: 6,300 give the demo company's fiscal year 2026 just over 20,000 postings."""
PERIOD = {"from_date": "2026-01-01", "to_date": "2026-11-20"}
FIXED_REQUESTS = 4
"""organization, accounts, accountGroups, accountNatures."""


class SlowBilly:
    """The sandbox behind billy-mcp's Transport protocol: answers computed once, replayed after `latency` seconds."""

    def __init__(self, api: SandboxApi, latency: float) -> None:
        self.api, self.latency = api, latency
        self.cache: dict[str, Any] = {}
        self.requests = 0
        self.postings_bytes = 0
        self.lock = threading.Lock()

    def get(self, target: str, headers: Mapping[str, str], timeout: float, max_bytes: int) -> Any:
        from billy_mcp.http_transport import Answer

        with self.lock:
            self.requests += 1
        answer = self.cache.get(target)
        if answer is None:
            parts = urlsplit(target)
            reply = self.api.handle("GET", "/v2/" + parts.path, parse_qsl(parts.query), {"x-access-token": DEMO_TOKEN})
            answer = self.cache[target] = Answer(reply.status, {"content-type": "application/json"}, reply.body)
        if target.startswith("postings"):
            with self.lock:
                self.postings_bytes += len(answer.body or b"")
        time.sleep(self.latency)
        return answer


def _call(transport: SlowBilly, concurrency: int) -> tuple[float, dict[str, Any]]:
    from billy_mcp import billy
    from billy_mcp.catalog import REGISTRY
    from billy_mcp.config import settings
    from billy_mcp.registry import ToolCall
    from billy_mcp.session import BillySession
    from billy_mcp.tenants import Tenant

    os.environ["REPORT_CONCURRENCY"] = str(concurrency)
    settings.cache_clear()
    billy.use_transport(transport)
    tool = REGISTRY.get("get-trial-balance-tool")
    assert tool is not None
    started = time.perf_counter()
    data = tool.function(ToolCall(dict(PERIOD), BillySession(Tenant("bench", DEMO_TOKEN), time.monotonic() + 60)))
    return time.perf_counter() - started, data


def run() -> dict[str, Any]:
    add_function_to_path()
    company = build_company(20250101, "Nordlys Design ApS", DEMO_TOKEN, "nordlys", webshop_orders=ORDERS)
    api = SandboxApi([company])
    postings = [p for p in company.table("postings") if p["entryDate"] <= PERIOD["to_date"] and not p["isVoided"]]
    in_year = sum(1 for p in postings if p["entryDate"] >= PERIOD["from_date"])
    pages = math.ceil(sum(1 for p in company.table("postings") if p["entryDate"] <= PERIOD["to_date"]) / 1000)

    warm = SlowBilly(api, 0.0)
    _call(warm, 4)  # fills the answer cache and warms imports
    figures: dict[str, Any] = {"postings_in_fiscal_year": in_year, "postings_read": len(postings), "pages": pages}
    for concurrency in (4, 1):
        slow = SlowBilly(api, LATENCY)
        slow.cache = warm.cache
        wall, data = _call(slow, concurrency)
        assert data["balanced"] and data["postingsCounted"] == len(postings)
        figures[f"wall_ms_{concurrency}"] = wall * 1000
        figures[f"requests_{concurrency}"] = slow.requests
        figures["result_bytes"] = len(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())
        figures["postings_bytes"] = slow.postings_bytes
    zero = []
    for _ in range(5):
        instant = SlowBilly(api, 0.0)
        instant.cache = warm.cache
        zero.append(_call(instant, 4)[0] * 1000)
    figures["zero_latency_ms"] = statistics.median(zero)
    figures["requests_by_report"] = _requests_by_report(warm.cache, api)
    figures["ledger_ms"] = _ledger_only(company, postings)
    figures["limit_ms"] = (math.ceil(pages / 4) + FIXED_REQUESTS) * LATENCY * 1000
    return figures


CONFIGURATION = {"salesTaxAccounts", "taxRates", "salesTaxMetaFields"}
"""Billy's VAT setup, read by the VAT return beside the ledger (the issue's "at most 2 extra requests per report")."""
REPORT_CALLS: dict[str, dict[str, Any]] = {
    "get-trial-balance-tool": dict(PERIOD),
    "get-account-ledger-tool": {"account_no": 5710, "from_date": "2026-03-01", "to_date": "2026-03-31"},
    "get-profit-and-loss-tool": {**PERIOD, "compare": "previous_year"},
    "get-balance-sheet-tool": {"as_of": PERIOD["to_date"]},
    "get-vat-summary-tool": {"period": "2026-Q2"},
    "get-aged-receivables-tool": {"as_of": PERIOD["to_date"]},
    "get-aged-payables-tool": {"as_of": PERIOD["to_date"]},
}


def _requests_by_report(cache: dict[str, Any], api: SandboxApi) -> dict[str, dict[str, int]]:
    """Billy requests of one call of every report, by Billy path."""
    from collections import Counter

    from billy_mcp import billy
    from billy_mcp.catalog import REGISTRY
    from billy_mcp.registry import ToolCall
    from billy_mcp.session import BillySession
    from billy_mcp.tenants import Tenant

    out = {}
    for name, arguments in REPORT_CALLS.items():
        counting = SlowBilly(api, 0.0)
        counting.cache = cache
        seen: Counter[str] = Counter()
        original = counting.get

        def get(
            target: str,
            headers: Mapping[str, str],
            timeout: float,
            max_bytes: int,
            original: Any = original,
            seen: Counter[str] = seen,
        ) -> Any:
            seen[urlsplit(target).path] += 1
            return original(target, headers, timeout, max_bytes)

        counting.get = get  # type: ignore[method-assign]
        billy.use_transport(counting)
        tool = REGISTRY.get(name)
        assert tool is not None
        data = tool.function(
            ToolCall(dict(arguments), BillySession(Tenant("bench", DEMO_TOKEN), time.monotonic() + 60))
        )
        assert data.get("verified") is True, (name, data.get("note"))
        out[name] = dict(seen)
    return out


def _ledger_only(company: Any, postings: list[dict[str, Any]]) -> float:
    """The pure arithmetic of the trial balance over the converted postings (median of 5)."""
    import datetime as dt

    from billy_mcp.reports._ledger import trial_balance
    from billy_mcp.reports._read import Listing
    from billy_mcp.reports._sources import chart_of, posting_converter
    from billy_mcp.reports.periods import Period

    convert = posting_converter(None, PERIOD["to_date"])
    converted = [c for c in (convert(p) for p in postings) if c is not None]
    chart = chart_of(
        *(Listing(records=company.table(name)) for name in ("accounts", "accountGroups", "accountNatures"))
    )
    period = Period(dt.date(2026, 1, 1), dt.date(2026, 11, 20))
    times = []
    for _ in range(5):
        started = time.perf_counter()
        trial_balance(chart, converted, period, "2026-01-01")
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def report(figures: dict[str, Any]) -> None:
    pages, limit = figures["pages"], figures["limit_ms"]
    per_10k = 10_000 / figures["postings_read"]
    print(
        f"\nreports: get-trial-balance-tool over fiscal year 2026 ({figures['postings_in_fiscal_year']:,} postings in the "
        f"year, {figures['postings_read']:,} read, {pages} pages), {LATENCY * 1000:.0f} ms simulated Billy latency"
    )
    concurrent, sequential = figures["wall_ms_4"], figures["wall_ms_1"]
    print(
        f"  concurrent (4 in flight) {concurrent:7.0f} ms, {figures['requests_4']} Billy requests | sequential "
        f"{sequential:7.0f} ms, {figures['requests_1']} requests | sequential / concurrent {sequential / concurrent:.2f}x"
    )
    print(
        f"  limit ceil({pages}/4) x {LATENCY * 1000:.0f} ms + {FIXED_REQUESTS} fixed requests = {limit:.0f} ms: "
        f"concurrent is {concurrent / limit:.2f}x of it (target <= 1.3)"
    )
    allowed = math.ceil(figures["postings_read"] / 1000) + 5
    print(f"  Billy requests {figures['requests_4']} (target <= ceil(postings / 1000) + 5 = {allowed})")
    print(
        f"  computation per 10,000 postings: {figures['zero_latency_ms'] * per_10k:.1f} ms for the whole call with no "
        f"latency (JSON decoding included), {figures['ledger_ms'] * per_10k:.1f} ms for the ledger arithmetic (target < 50 ms)"
    )
    print("  Billy requests of one call of each report (configuration: Billy's VAT setup):")
    for name, paths in figures["requests_by_report"].items():
        configuration = sum(n for path, n in paths.items() if path in CONFIGURATION)
        listed = ", ".join(f"{path} {n}" for path, n in sorted(paths.items()))
        print(f"    {name:28} {sum(paths.values()):3} requests, {configuration} configuration (target <= 2): {listed}")
    ratio = figures["result_bytes"] / figures["postings_bytes"]
    print(
        f"  result {figures['result_bytes']:,} B vs the postings it summarises {figures['postings_bytes']:,} B: "
        f"{ratio * 100:.2f} % (target <= 1 %)"
    )


def main() -> int:
    report(run())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
