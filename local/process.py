"""`python -m local.serve --sandbox` as a separate process on a free port, stopped by PID (for e2e tests and load)."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Server:
    url: str
    key: str
    pid: int


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def rss_kib(pid: int) -> int:
    """Resident memory of a process in KiB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for {pid}")


@contextmanager
def served_sandbox(
    timeout: float = 60.0, log_level: str = "ERROR", environment: dict[str, str] | None = None
) -> Iterator[Server]:
    """Serve the sandbox company on 127.0.0.1 with a fresh API key (and any extra `environment` for the
    function, e.g. TOOL_NAME_PREFIX); yields once it answers."""
    port = free_port()
    key = "bmcp_" + secrets.token_urlsafe(32)
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env |= {
        "MCP_API_KEY": key,
        "POWERTOOLS_LOG_LEVEL": log_level,
        "POWERTOOLS_METRICS_DISABLED": "true",
        "PYTHONUNBUFFERED": "1",
        **(environment or {}),
    }
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and module, fixed arguments
            [sys.executable, "-m", "local.serve", "--sandbox", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + timeout
            while True:
                log.seek(0)
                if b"serving http://" in log.read():
                    break
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError("local.serve did not start:\n" + log.read().decode(errors="replace"))
                time.sleep(0.1)
            yield Server(f"http://127.0.0.1:{port}/mcp", key, process.pid)
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
                if sys.exc_info()[0] is None:
                    raise RuntimeError("local.serve did not stop within 15 s of SIGTERM and was killed") from None
