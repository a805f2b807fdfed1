"""End-to-end fixtures: `python -m local.serve --sandbox` (what `make serve`/`make demo` run) as a real process."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

import httpx2
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from local.cognito_standin import CLIENT_ID, Pool, running_pool
from local.process import Server as Served
from local.process import served_sandbox

__all__ = ["Served", "connected", "served_with_sign_in"]


@contextmanager
def served_with_sign_in(**environment: str) -> Iterator[tuple[Served, Pool]]:
    """`python -m local.serve --sandbox` with sign-in on, against the local sign-in stand-in (and any extra
    environment, e.g. the connect page's client or a user mapped to the demo tenant)."""
    with running_pool() as pool:
        settings = {"OAUTH_ISSUER": pool.issuer, "OAUTH_CLIENT_IDS": CLIENT_ID, "OAUTH_DOMAIN_URL": pool.url}
        with served_sandbox(log_level="WARNING", environment=settings | environment) as server:
            yield server, pool


@asynccontextmanager
async def connected(
    url: str, mode: str, key: str | None = None, auth: httpx2.Auth | None = None
) -> AsyncIterator[Client]:
    """The `mcp` SDK client connected to `url` in `mode` (legacy | auto), with an API key or an OAuth `auth`."""
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    async with (
        httpx2.AsyncClient(headers=headers, auth=auth, timeout=30) as http,
        Client(streamable_http_client(url, http_client=http), mode=mode) as client,
    ):
        yield client


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
