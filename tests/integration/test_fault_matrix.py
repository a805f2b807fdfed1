"""The fault matrix (README "Failure behaviour"): every fault from Billy and from Secrets Manager has a defined
outcome, and canary keys and tokens never show up in any log line, metric, response body or header."""

from __future__ import annotations

import io
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from billy_mcp import api_keys
from local.sandbox import DEMO_TOKEN, Fault, SandboxApi
from tests.conftest import Tenants
from tests.support import event, invoke, request

WELL_FORMED = {name: api_keys.new_key() for name in ("canary", "slow", "reset", "any")}
"""Keys with a valid checksum, so they reach the Secrets Manager stand-in whose faults these tests switch on."""

CANARY_TOKEN = DEMO_TOKEN  # the Billy token the tenant holds; it must never be echoed anywhere


@dataclass
class Capture:
    logs: io.StringIO

    def everything(self, capsys: pytest.CaptureFixture[str], extra: str) -> str:
        return self.logs.getvalue() + capsys.readouterr().out + extra


@pytest.fixture
def capture(captured: io.StringIO) -> Capture:
    return Capture(captured)


def call(
    key: str, tool: str = "list-invoices-tool", arguments: dict[str, Any] | None = None, timeout: float = 25.0
) -> tuple[int, dict[str, str], Any, str]:
    status, headers, body = invoke(
        event(
            request("tools/call", {"name": tool, "arguments": arguments or {}}),
            key=key,
            headers={"MCP-Protocol-Version": "2025-11-25"},
        ),
        timeout,
    )
    return status, headers, body, json.dumps(body) + json.dumps(headers)


def assert_no_canaries(text: str, *canaries: str) -> None:
    for canary in canaries:
        assert canary not in text


BILLY_FAULTS = [
    # (id, fault, expected isError text, Billy requests made)
    ("400", Fault(status=400), "rejected the request", 1),
    ("401", Fault(status=401), "rejected the access token", 1),
    ("403", Fault(status=403), "refused access", 2),  # +1: the organization is checked for a lock
    ("404", Fault(status=404), "Not found", 1),
    ("405", Fault(status=405), "rejected the request", 1),
    ("422", Fault(status=422), "rejected the request", 1),
    ("429-retry-after", Fault(status=429, retry_after="0", times=99), "rate limiting", 4),
    ("429-no-retry-after", Fault(status=429, times=99), "rate limiting", 4),
    ("500", Fault(status=500), "Billy is unavailable", 1),
    ("502", Fault(status=502, times=99), "Billy is unavailable", 4),
    ("503", Fault(status=503, times=99), "Billy is unavailable", 4),
    ("504", Fault(status=504, times=99), "Billy is unavailable", 4),
    ("html", Fault(status=200, body="<html><body>Vedligeholdelse</body></html>"), "not a JSON object", 1),
    ("empty", Fault(status=200, body=""), "not a JSON object", 1),
    ("truncated", Fault(status=200, body='{"meta": {"statusCode": 200, "succ'), "not a JSON object", 1),
    ("50MB", Fault(status=200, body="x" * (50 * 1024 * 1024)), "larger than 16 MiB", 1),
    ("reset-once", Fault(reset=True, times=1), None, 2),
    ("reset", Fault(reset=True, times=99), "connection to Billy failed", 4),
]


@pytest.mark.parametrize("case, fault, text, requests", BILLY_FAULTS, ids=[c[0] for c in BILLY_FAULTS])
def test_billy_faults(
    case: str,
    fault: Fault,
    text: str | None,
    requests: int,
    tenants: Tenants,
    sandbox: SandboxApi,
    capture: Capture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    key = tenants.add("canary", CANARY_TOKEN)
    sandbox.add_fault(fault)
    status, _, body, raw = call(key)
    assert status == 200
    result = body["result"]
    if text is None:  # recovered by a retry
        assert result["isError"] is False
    else:
        assert result["isError"] is True and text in result["content"][0]["text"], result
    assert len(sandbox.requests) == requests
    entry = next(json.loads(line) for line in capture.logs.getvalue().splitlines() if '"mcp request"' in line)
    assert entry["outcome"] == ("ok" if text is None else "tool_error") and entry["billy_requests"] == requests
    assert_no_canaries(capture.everything(capsys, raw), key, CANARY_TOKEN)


def test_billy_read_timeout_is_not_retried(tenants: Tenants, sandbox: SandboxApi) -> None:
    key = tenants.add("canary", CANARY_TOKEN)
    sandbox.add_fault(Fault(status=200, delay=2.5, times=5))
    started = time.monotonic()
    _, _, body, _ = call(key, timeout=2.0)
    assert "did not answer" in body["result"]["content"][0]["text"]
    assert len(sandbox.requests) == 1 and time.monotonic() - started < 2.0


def test_billy_connect_failure_is_retried_within_the_deadline(
    tenants: Tenants, sandbox: SandboxApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    from billy_mcp import billy, config

    key = tenants.add("canary", CANARY_TOKEN)
    monkeypatch.setenv("BILLY_API_BASE_URL", "http://127.0.0.1:9/v2")  # nothing listens on the discard port
    config.settings.cache_clear()
    billy.use_transport(None)
    started = time.monotonic()
    _, _, body, _ = call(key, timeout=4.0)
    assert "could not connect to Billy" in body["result"]["content"][0]["text"]
    assert time.monotonic() - started < 4.0


def test_near_the_deadline_billy_is_not_called(tenants: Tenants, sandbox: SandboxApi) -> None:
    key = tenants.add("canary", CANARY_TOKEN)
    _, _, body, _ = call(key, timeout=0.9)  # 0.75 s are kept back to answer: too little is left for Billy
    assert "no time left" in body["result"]["content"][0]["text"] and not sandbox.requests


# ---- Secrets Manager ------------------------------------------------------------------------------------------
class SecretsStub:
    """Answers GetSecretValue like Secrets Manager would for one fault."""

    def __init__(self) -> None:
        self.status = 200
        self.body = b"{}"
        self.delay = 0.0
        self.reset = False
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                time.sleep(stub.delay)
                if stub.reset:
                    self.close_connection = True
                    return
                self.send_response(stub.status)
                self.send_header("Content-Type", "application/x-amz-json-1.1")
                self.send_header("Content-Length", str(len(stub.body)))
                self.end_headers()
                self.wfile.write(stub.body)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                """Silent."""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()


@pytest.fixture
def stub(monkeypatch: pytest.MonkeyPatch) -> Iterator[SecretsStub]:
    secrets_stub = SecretsStub()
    monkeypatch.setenv("AWS_ENDPOINT_URL_SECRETS_MANAGER", secrets_stub.url)
    yield secrets_stub
    secrets_stub.server.shutdown()
    secrets_stub.server.server_close()


def aws_error(kind: str, message: str) -> bytes:
    return json.dumps({"__type": kind, "Message": message}).encode()


SECRET_FAULTS = [
    ("not-found", 400, aws_error("ResourceNotFoundException", "Secrets Manager can't find the specified secret."), 401),
    ("scheduled-for-deletion", 400, aws_error("InvalidRequestException", "marked for deletion"), 401),
    ("throttled", 400, aws_error("ThrottlingException", "Rate exceeded"), 503),
    (
        "access-denied",
        400,
        aws_error(
            "AccessDeniedException", "not authorized to perform secretsmanager:GetSecretValue on billy-mcp/tenants/x"
        ),
        503,
    ),
    ("internal-error", 500, aws_error("InternalServiceError", "oops"), 503),
    ("garbage", 502, b"<html>bad gateway</html>", 503),
]


@pytest.mark.parametrize("case, status, body, expected", SECRET_FAULTS, ids=[c[0] for c in SECRET_FAULTS])
def test_secrets_manager_faults(
    case: str,
    status: int,
    body: bytes,
    expected: int,
    stub: SecretsStub,
    capture: Capture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    stub.status, stub.body = status, body
    key = WELL_FORMED["canary"]
    got, headers, answer, raw = call(key)
    assert got == expected
    if expected == 503:
        assert headers["Retry-After"] and "tenant store" in answer["error"]["message"]
        entry = next(
            json.loads(line) for line in capture.logs.getvalue().splitlines() if "tenant store unavailable" in line
        )
        assert entry["reason"] in (body.decode(errors="ignore") + "HTTP502")
    assert_no_canaries(capture.everything(capsys, raw), key, "billy-mcp/tenants", "GetSecretValue on")


@pytest.mark.parametrize(
    "case, secret, text",
    [
        ("not-json", "this is not json", "not valid JSON"),
        ("not-an-object", '["billy"]', "not a JSON object"),
        ("no-token", '{"tenant": "acme"}', "has no billy_access_token"),
    ],
)
def test_malformed_tenant_secrets_are_integration_not_configured(
    case: str, secret: str, text: str, stub: SecretsStub, sandbox: SandboxApi
) -> None:
    stub.body = json.dumps({"Name": "x", "SecretString": secret}).encode()
    status, _, body, _ = call(WELL_FORMED["any"])
    assert status == 200
    message = body["result"]["content"][0]["text"]
    assert body["result"]["isError"] is True and "not configured" in message and text in message
    assert not sandbox.requests
    assert invoke(event(request("tools/list"), key=WELL_FORMED["any"]))[0] == 200  # listing tools still works


def test_secrets_manager_timeout_near_the_deadline_is_503(stub: SecretsStub) -> None:
    stub.delay = 4.0
    started = time.monotonic()
    status, _, _, _ = call(WELL_FORMED["slow"], timeout=3.0)
    assert status == 503 and time.monotonic() - started < 3.5


def test_secrets_manager_connection_reset_is_503(stub: SecretsStub) -> None:
    stub.reset = True
    assert call(WELL_FORMED["reset"])[0] == 503
