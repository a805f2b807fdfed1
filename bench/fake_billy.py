"""Billy served in-process with no latency: answers are computed once by the sandbox and then replayed from
memory through a Transport of billy-mcp's Billy client, so a warm tools/call measures the handler, not Billy."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from local.sandbox import SandboxApi, demo_companies

_API = SandboxApi(list(demo_companies()))
_CACHE: dict[tuple[str, str], Any] = {}
CALLS = {"count": 0}
LAST: dict[str, bytes] = {"body": b""}


class MemoryBilly:
    """The Transport protocol of billy_mcp.http_transport, answered by the sandbox and replayed from memory."""

    def get(self, target: str, headers: Mapping[str, str], timeout: float, max_bytes: int) -> Any:
        from billy_mcp.http_transport import Answer

        CALLS["count"] += 1
        key = (target, headers.get("X-Access-Token", ""))
        answer = _CACHE.get(key)
        if answer is None:
            parts = urlsplit(target)
            reply = _API.handle("GET", "/v2/" + parts.path, parse_qsl(parts.query), {"x-access-token": key[1]})
            answer = _CACHE[key] = Answer(reply.status, {"content-type": "application/json"}, reply.body)
        LAST["body"] = answer.body or b""
        return answer


def install() -> None:
    """Point billy-mcp's Billy client (used by all three implementations' tools) at the in-process Billy."""
    from billy_mcp import billy

    billy.use_transport(MemoryBilly())
