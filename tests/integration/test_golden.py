"""The endpoint's answers on the sandbox, byte for byte, against the committed recording (tests/golden).

Refactoring must not change what a client sees: `tools/list`, `prompts/list`, the prompts and a fixed set of tool and
report calls are recorded in both protocol eras and compared as the exact response bodies. After an intended change
of behaviour, record again with `BILLY_MCP_RECORD_GOLDEN=1 make test-fast` and review the diff of the recording.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from app import lambda_handler
from local.lambda_context import LocalContext
from local.sandbox import SandboxApi, demo_companies
from tests.golden.cases import HANDSHAKE, LISTS, MODERN, PROMPTS, tool_calls
from tests.support import event, modern_headers, modern_request, request

RECORDING = Path(__file__).parent.parent / "golden" / "recording.json"
RECORD = os.environ.get("BILLY_MCP_RECORD_GOLDEN") == "1"


def _exchange(key: str, method: str, version: str, params: dict[str, Any] | None, name: str | None = None) -> str:
    """One request through lambda_handler; the answer as `<status> <body>` exactly as the client receives it."""
    if version == MODERN:
        message = modern_request(method, params)
        headers = modern_headers(method, name)
    else:
        message = request(method, params)
        headers = {"MCP-Protocol-Version": version}
        if method == "initialize":
            message = request(
                method, {"protocolVersion": version, "capabilities": {}, "clientInfo": {"name": "g", "version": "1"}}
            )
    answer = lambda_handler(event(message, key=key, headers=headers), LocalContext(timeout_seconds=25.0))
    return f"{answer['statusCode']} {answer['body']}"


def _record_all(key: str) -> dict[str, str]:
    company, second = demo_companies()[:2]
    answers: dict[str, str] = {}
    for method, version in LISTS:
        answers[f"{method} {version}"] = _exchange(key, method, version, None)
    for version in (HANDSHAKE, MODERN):
        for name, arguments in PROMPTS:
            params = {"name": name, "arguments": arguments}
            answers[f"prompts/get {version} {name} {json.dumps(arguments, sort_keys=True)}"] = _exchange(
                key, "prompts/get", version, params, name
            )
        for name, arguments in tool_calls(company, second):
            params = {"name": name, "arguments": arguments}
            answers[f"tools/call {version} {name} {json.dumps(arguments, sort_keys=True)}"] = _exchange(
                key, "tools/call", version, params, name
            )
    return answers


def test_answers_are_byte_identical_to_the_recording(demo_key: str, sandbox: SandboxApi) -> None:
    answers = _record_all(demo_key)
    if RECORD:
        RECORDING.write_text(
            json.dumps(answers, indent=1, ensure_ascii=False, sort_keys=False) + "\n", encoding="utf-8"
        )
        pytest.skip(f"recorded {len(answers)} answers to {RECORDING}")
    recorded: dict[str, str] = json.loads(RECORDING.read_text(encoding="utf-8"))
    assert list(answers) == list(recorded), "the set of recorded requests changed"
    changed = [key for key in recorded if answers[key] != recorded[key]]
    assert not changed, (
        f"{len(changed)} answers differ from the recording, first: {changed[0]}\n{answers[changed[0]][:2000]}"
    )


def test_the_recording_covers_both_eras_and_enough_calls() -> None:
    recorded: dict[str, str] = json.loads(RECORDING.read_text(encoding="utf-8"))
    calls = [key for key in recorded if key.startswith("tools/call ")]
    assert len(calls) >= 80 and {key.split()[1] for key in calls} == {HANDSHAKE, MODERN}
    assert any(key.startswith("tools/list 2026-07-28") for key in recorded)
    assert any(key.startswith("prompts/list 2026-07-28") for key in recorded)
    ok = [key for key in calls if '"isError":false' in recorded[key]]
    assert len(ok) >= 40
