"""(a) billy-mcp's own lambda_handler, as deployed (payload-2.0 events)."""

from __future__ import annotations

import json
from typing import Any

from local.paths import add_function_to_path

add_function_to_path()

from app import lambda_handler as handler  # noqa: E402


def event(body: dict[str, Any], key: str) -> dict[str, Any]:
    from local.adapter import build_event

    headers = {
        "content-type": "application/json",
        "accept": "application/json, text/event-stream",
        "authorization": f"Bearer {key}",
        "mcp-protocol-version": "2025-11-25",
    }
    return build_event("POST", "/mcp", headers, json.dumps(body).encode())


def secret_reads() -> int:
    from billy_mcp.handler import tenant_resolver

    return tenant_resolver().secret_reads


__all__ = ["event", "handler", "secret_reads"]
