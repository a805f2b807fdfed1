"""Fixtures: a real moto Secrets Manager server for the whole session, tenant keys, a clean handler per test."""

from __future__ import annotations

import io
import os
import secrets
from collections.abc import Iterator
from typing import Any

import pytest

from local.container import reset_container
from local.secrets_standin import fake_aws_environment, put_caller, put_tenant, running_standin, secrets_client

# Never let a test reach real AWS, whatever the developer's shell holds.
for _name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
    os.environ.pop(_name, None)
os.environ.update({"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "eu-west-1"})
os.environ.setdefault("POWERTOOLS_METRICS_NAMESPACE", "BillyMcpTests")


@pytest.fixture(scope="session")
def standin() -> Iterator[str]:
    with running_standin() as endpoint:
        os.environ.update(fake_aws_environment(endpoint))
        yield endpoint


@pytest.fixture(scope="session")
def sm_client(standin: str) -> Any:
    return secrets_client(standin)


@pytest.fixture(autouse=True)
def fresh_handler() -> Iterator[None]:

    reset_container()
    yield
    reset_container()


class Tenants:
    """Creates tenants in the stand-in and hands out their (random) API keys."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def add(self, name: str = "acme", billy_token: str | None = "billy-token-acme", **extra: Any) -> str:
        key = "bmcp_" + secrets.token_urlsafe(32)
        put_tenant(self.client, key, name, billy_token, **extra)
        return key

    def add_caller(self, companies: dict[str, str]) -> str:
        """A key that reaches these companies (handle → Billy token), as one the connect page makes."""
        key = "bmcp_" + secrets.token_urlsafe(32)
        entries = [{"handle": handle, "billy_access_token": token} for handle, token in companies.items()]
        put_caller(self.client, key, entries)
        return key


@pytest.fixture
def tenants(sm_client: Any) -> Tenants:
    return Tenants(sm_client)


@pytest.fixture
def api_key(tenants: Tenants) -> str:
    return tenants.add()


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    """Everything the handler's Logger writes during the test."""
    from billy_mcp.observability import logger

    buffer = io.StringIO()
    handler: Any = logger.registered_handler
    old = handler.setStream(buffer)
    yield buffer
    handler.setStream(old)
