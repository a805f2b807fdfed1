"""End-to-end fixtures: `python -m local.serve --sandbox` (what `make serve`/`make demo` run) as a real process."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 60.0


@dataclass(frozen=True)
class Served:
    url: str
    key: str
    pid: int


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The endpoint on 127.0.0.1 serving the sandbox company; stopped by PID at the end of the session."""
    port = free_port()
    key = "bmcp_" + secrets.token_urlsafe(32)
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env |= {"MCP_API_KEY": key, "PORT": str(port), "PYTHONUNBUFFERED": "1", "POWERTOOLS_LOG_LEVEL": "WARNING"}
    log = (tmp_path_factory.mktemp("serve") / "serve.log").open("w+b")
    process = subprocess.Popen(
        [sys.executable, "-m", "local.serve", "--sandbox", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while b"serving http://" not in Path(log.name).read_bytes():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("local.serve did not start:\n" + Path(log.name).read_text(errors="replace"))
            time.sleep(0.1)
        yield Served(f"http://127.0.0.1:{port}/mcp", key, process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        log.close()
