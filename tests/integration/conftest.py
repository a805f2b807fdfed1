"""Integration fixtures: the Billy sandbox over real HTTP, and tenants pointing at its companies."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from local.sandbox import DEMO_TOKEN, SECOND_TOKEN, SandboxApi, demo_companies, running_sandbox
from tests.conftest import Tenants


@pytest.fixture(scope="session")
def sandbox_server(standin: str) -> Iterator[tuple[str, SandboxApi]]:
    with running_sandbox() as (url, api):
        os.environ["BILLY_API_BASE_URL"] = url
        yield url, api


@pytest.fixture
def sandbox(sandbox_server: tuple[str, SandboxApi]) -> Iterator[SandboxApi]:
    """The running sandbox, with faults and the request log cleared before and after each test."""
    _url, api = sandbox_server
    api.clear()
    yield api
    api.clear()


@pytest.fixture
def demo_key(tenants: Tenants, sandbox: SandboxApi) -> str:
    return tenants.add("nordlys", DEMO_TOKEN)


@pytest.fixture
def second_key(tenants: Tenants, sandbox: SandboxApi) -> str:
    return tenants.add("havoern", SECOND_TOKEN)


@pytest.fixture(scope="session")
def company() -> Any:
    """The demo company's data exactly as the sandbox holds it: the independent source of expected values."""
    return demo_companies()[0]
