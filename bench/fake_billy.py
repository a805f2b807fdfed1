"""Billy served in-process with no latency: answers are computed once by the sandbox and then replayed from
memory through an httpx.MockTransport, so a warm tools/call measures the handler, not Billy."""

from __future__ import annotations

from typing import Any

import httpx

from local.sandbox import DEMO_TOKEN, SandboxApi, demo_companies

_API = SandboxApi(list(demo_companies()))
_CACHE: dict[str, tuple[int, bytes]] = {}
CALLS = {"count": 0}
LAST: dict[str, bytes] = {"body": b""}


def _answer(request: httpx.Request) -> httpx.Response:
    CALLS["count"] += 1
    key = str(request.url)
    if key not in _CACHE:
        answer = _API.handle(
            "GET",
            request.url.path,
            list(request.url.params.multi_items()),
            {"x-access-token": request.headers.get("x-access-token", "")},
        )
        _CACHE[key] = (answer.status, answer.body)
    status, body = _CACHE[key]
    LAST["body"] = body
    return httpx.Response(status, content=body, headers={"Content-Type": "application/json"})


def install(base_url: str = "https://billy.invalid/v2") -> None:
    """Point billy-mcp's Billy client (used by all three implementations' tools) at the in-process Billy."""
    from billy_mcp import billy

    billy._client = httpx.Client(base_url=base_url + "/", transport=httpx.MockTransport(_answer))


def token() -> str:
    return DEMO_TOKEN


def raw_body(path: str, params: dict[str, Any]) -> bytes:
    """Billy's raw answer for a request (for the token-cost comparison)."""
    query = [(k, str(v)) for k, v in params.items()]
    return _API.handle("GET", "/v2/" + path, query, {"x-access-token": DEMO_TOKEN}).body
