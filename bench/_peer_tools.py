"""The billy-mcp tool table exposed as plain Python functions, so peer frameworks serve the same tools."""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import time
from collections.abc import Callable
from typing import Any

import boto3

from local.paths import add_function_to_path

add_function_to_path()

from billy_mcp.catalog import TOOLS  # noqa: E402
from billy_mcp.registry import Tool, ToolCall  # noqa: E402
from billy_mcp.session import BillySession  # noqa: E402
from billy_mcp.tenants import Tenant  # noqa: E402

CURRENT: dict[str, Tenant | None] = {"tenant": None}
READS = {"count": 0}
_tenants: dict[str, Tenant] = {}
_client: Any = None


def tenant_for(authorization: str) -> Tenant | None:
    """The peers' tenant lookup: sha256(key) → boto3 GetSecretValue, cached for the container's life."""
    global _client
    digest = hashlib.sha256(authorization.removeprefix("Bearer ").strip().encode()).hexdigest()
    if digest not in _tenants:
        if _client is None:
            _client = boto3.client("secretsmanager")
        READS["count"] += 1
        try:
            secret = _client.get_secret_value(SecretId=os.environ["TENANT_SECRET_PREFIX"] + digest)["SecretString"]
        except _client.exceptions.ResourceNotFoundException:
            return None
        document = json.loads(secret)
        _tenants[digest] = Tenant(document["tenant"], document.get("billy_access_token"))
    return _tenants[digest]


def as_function(tool: Tool, annotation: Any = Any) -> Callable[..., dict[str, Any]]:
    """A keyword-only function with the tool's argument names (frameworks derive their schemas from it)."""
    names = list(tool.input_schema["properties"])

    def run(**arguments: Any) -> dict[str, Any]:
        tenant = CURRENT["tenant"]
        assert tenant is not None
        given = {k: v for k, v in arguments.items() if v is not None}
        return tool.function(ToolCall(given, BillySession(tenant, time.monotonic() + 20)))

    run.__name__ = tool.name
    run.__doc__ = tool.description
    run.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation) for n in names]
    )
    run.__annotations__ = dict.fromkeys(names, annotation) | {"return": dict}
    return run


__all__ = ["CURRENT", "READS", "TOOLS", "Tenant", "as_function", "tenant_for"]
