"""`make load`: 50 concurrent clients, 10,000 requests (tools/list and tools/call on the sandbox) against the
local endpoint; prints errors (must be 0), latency percentiles, throughput and the serving process's memory.

Memory bound: the serving process may grow by at most MEMORY_BOUND_MIB across the run (after a warm-up that
fills the connection pool, tenant cache and compiled validators); growth beyond it means something leaks.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import threading
import time
from urllib.parse import urlsplit

from local.process import Server, rss_kib, served_sandbox

MEMORY_BOUND_MIB = 40
MIX = [
    ("tools/list", None),
    (
        "tools/call",
        {"name": "list-invoices-tool", "arguments": {"state": "approved", "is_paid": False, "page_size": 5}},
    ),
    ("tools/call", {"name": "get-organization-tool", "arguments": {}}),
    ("tools/call", {"name": "list-accounts-tool", "arguments": {"query": "5710"}}),
]


def worker(server: Server, count: int, offset: int, latencies: list[float], errors: list[str]) -> None:
    parts = urlsplit(server.url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
    headers = {
        "Authorization": f"Bearer {server.key}",
        "Content-Type": "application/json",
        "Accept": "application/json, text/event-stream",
        "MCP-Protocol-Version": "2025-11-25",
    }
    for number in range(count):
        method, params = MIX[(offset + number) % len(MIX)]
        body = json.dumps({"jsonrpc": "2.0", "id": number, "method": method, **({"params": params} if params else {})})
        started = time.perf_counter()
        try:
            connection.request("POST", parts.path, body, headers)
            response = connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
            connection.close()
            connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
            continue
        latencies.append((time.perf_counter() - started) * 1000)
        if response.status != 200:
            errors.append(f"HTTP {response.status}")
            continue
        answer = json.loads(data)
        if "error" in answer or answer["result"].get("isError"):
            errors.append(json.dumps(answer)[:200])
    connection.close()


def run(server: Server, clients: int, total: int) -> tuple[list[float], list[str], float]:
    latencies: list[float] = []
    errors: list[str] = []
    per_client = total // clients
    threads = [threading.Thread(target=worker, args=(server, per_client, i, latencies, errors)) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    return latencies, errors, time.perf_counter() - started


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.load", description=__doc__.splitlines()[0] if __doc__ else None
    )
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=10_000)
    args = parser.parse_args(argv)
    with served_sandbox() as server:
        rss_start = rss_kib(server.pid)
        run(server, min(args.clients, 10), 400)  # warm-up: pools, caches, validators
        rss_before = rss_kib(server.pid)
        latencies, errors, seconds = run(server, args.clients, args.requests)
        rss_after = rss_kib(server.pid)
    growth_mib = (rss_after - rss_before) / 1024
    print(
        f"load: {len(latencies)} requests from {args.clients} concurrent clients in {seconds:.1f} s "
        f"({len(latencies) / seconds:.0f} req/s)"
    )
    print(f"errors: {len(errors)}" + (f"  first: {errors[0]}" if errors else ""))
    print(
        f"latency ms: p50 {statistics.median(latencies):.1f}  p90 {percentile(latencies, 0.9):.1f}  "
        f"p99 {percentile(latencies, 0.99):.1f}  max {max(latencies):.1f}"
    )
    print(
        f"serving process RSS: {rss_start / 1024:.1f} MiB at start, {rss_before / 1024:.1f} MiB after warm-up, "
        f"{rss_after / 1024:.1f} MiB after the run (growth {growth_mib:+.1f} MiB, bound {MEMORY_BOUND_MIB} MiB)"
    )
    ok = (
        not errors
        and len(latencies) == (args.requests // args.clients) * args.clients
        and growth_mib <= MEMORY_BOUND_MIB
    )
    print("load: OK" if ok else "load: FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
