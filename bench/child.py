"""One measured process: `python -m bench.child IMPL cold|warm [--paths DIR ...]` prints one JSON line last.

cold: from the first line of this process to the first authenticated tools/list answered (the tenant secret is
read from the local Secrets Manager): import + first request, as a Lambda cold start spends it.
warm: after warm-up, the time inside the handler for tools/list and for a tools/call whose Billy answer comes
from memory (bench.fake_billy), plus Billy requests per call and Secrets Manager reads per 100 calls.
"""

import time

STARTED = time.perf_counter()

import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from typing import Any  # noqa: E402

IMPL, MODE = sys.argv[1], sys.argv[2]
EXTRA_PATHS = sys.argv[sys.argv.index("--paths") + 1 :] if "--paths" in sys.argv else []
KEY = os.environ["BENCH_KEY"]
LIST = {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}
CALL = {
    "jsonrpc": "2.0",
    "id": 2,
    "method": "tools/call",
    "params": {"name": "list-invoices-tool", "arguments": {"state": "approved", "page_size": 5}},
}


class Context:
    function_name = "bench"
    memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:eu-west-1:000000000000:function:bench"
    aws_request_id = "bench"

    @staticmethod
    def get_remaining_time_in_millis() -> int:
        return 25_000


def v2_event(body: dict[str, object]) -> dict[str, object]:
    return {
        "version": "2.0",
        "rawPath": "/mcp",
        "body": json.dumps(body),
        "isBase64Encoded": False,
        "headers": {
            "content-type": "application/json",
            "accept": "application/json, text/event-stream",
            "authorization": f"Bearer {KEY}",
            "mcp-protocol-version": "2025-11-25",
            "host": "127.0.0.1:3000",
        },
        "requestContext": {"http": {"method": "POST", "path": "/mcp"}, "requestId": "bench"},
    }


def v1_event(body: dict[str, object]) -> dict[str, object]:
    return {
        "httpMethod": "POST",
        "path": "/mcp",
        "body": json.dumps(body),
        "isBase64Encoded": False,
        "headers": {
            "content-type": "application/json",
            "accept": "application/json, text/event-stream",
            "authorization": f"Bearer {KEY}",
        },
        "requestContext": {"requestId": "bench"},
    }


def load() -> tuple[Any, Any, Any]:
    """(handler, event builder, secret-read counter) of the implementation under test."""
    if IMPL == "billy_mcp":
        for path in reversed(EXTRA_PATHS or [os.path.join(os.getcwd(), "functions", "mcp")]):
            sys.path.insert(0, path)
        from app import lambda_handler

        def reads() -> int:
            from billy_mcp.handler import tenant_resolver

            return tenant_resolver().secret_reads

        return lambda_handler, v2_event, reads
    if IMPL == "sdk":
        from bench import impl_sdk

        return impl_sdk.handler, v2_event, impl_sdk.secret_reads
    from bench import impl_awslabs

    return impl_awslabs.handler, v1_event, impl_awslabs.secret_reads


def peak_rss_mib() -> float:
    """VmHWM: this process's peak resident memory (ru_maxrss would include the parent's peak before exec)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    handler, make_event, reads = load()
    imported = time.perf_counter()
    first = handler(make_event(LIST), Context())
    answered = time.perf_counter()
    assert first["statusCode"] == 200 and "get-organization-tool" in first["body"], first
    result: dict[str, object] = {
        "impl": IMPL,
        "import_ms": (imported - STARTED) * 1000,
        "cold_ms": (answered - STARTED) * 1000,
        "rss_mib": peak_rss_mib(),
    }
    if MODE == "warm":
        from bench import fake_billy

        fake_billy.install()
        list_event, call_event = make_event(LIST), make_event(CALL)
        for _ in range(200):
            handler(list_event, Context())
            answer = handler(call_event, Context())
        assert "isError" not in answer["body"] or '"isError":true' not in answer["body"].replace(" ", ""), answer
        runs = int(os.environ.get("BENCH_WARM_RUNS", "2000"))
        reads_before, billy_before = reads(), fake_billy.CALLS["count"]
        timings: dict[str, list[float]] = {"list": [], "call": []}
        for _ in range(runs):
            for kind, event in (("list", list_event), ("call", call_event)):
                started = time.perf_counter()
                handler(event, Context())
                timings[kind].append((time.perf_counter() - started) * 1000)
        for kind, values in timings.items():
            values.sort()
            result[f"{kind}_p50_ms"] = values[len(values) // 2]
            result[f"{kind}_p99_ms"] = values[int(len(values) * 0.99)]
        result["billy_requests_per_call"] = (fake_billy.CALLS["count"] - billy_before) / runs
        result["secret_reads_per_100"] = (reads() - reads_before) * 100 / (2 * runs)
        result["rss_mib"] = peak_rss_mib()
    sys.stdout.flush()
    print("\nBENCH " + json.dumps(result), flush=True)


main()
