"""End-to-end fixtures: `python -m local.serve --sandbox` (what `make serve`/`make demo` run) as a real process."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from local.process import Server as Served
from local.process import served_sandbox

__all__ = ["Served"]


@pytest.fixture(scope="session")
def served() -> Iterator[Served]:
    """The endpoint on 127.0.0.1 serving the sandbox company; stopped by PID at the end of the session."""
    with served_sandbox(log_level="WARNING") as server:
        yield server


@pytest.fixture(scope="session")
def served_prefixed() -> Iterator[Served]:
    """The same, with TOOL_NAME_PREFIX=billy__ as a hosted gateway would configure it."""
    with served_sandbox(log_level="WARNING", environment={"TOOL_NAME_PREFIX": "billy__"}) as server:
        yield server
