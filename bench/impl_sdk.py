"""(b) The same tool table on the `mcp` SDK's MCPServer, stateless JSON mode, through a straightforward Lambda
adapter: one event loop per container (the session manager may be started only once), the Starlette app
driven as ASGI per invocation, and the tenant secret read with boto3 and cached like billy-mcp does."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import MutableMapping
from typing import Any

from mcp.server import MCPServer

from ._peer_tools import CURRENT, READS, TOOLS, as_function, tenant_for

server = MCPServer("billy-mcp-sdk-peer")
for _tool in TOOLS:
    server.add_tool(
        as_function(_tool, str | int | bool | list[str] | None),
        name=_tool.name,
        title=_tool.title,
        description=_tool.description,
        structured_output=False,
    )
app = server.streamable_http_app(stateless_http=True, json_response=True)
_loop = asyncio.new_event_loop()
threading.Thread(target=_loop.run_forever, daemon=True).start()
_lifespan = app.router.lifespan_context(app)
asyncio.run_coroutine_threadsafe(_lifespan.__aenter__(), _loop).result()


async def _asgi(event: dict[str, Any]) -> dict[str, Any]:
    body = event["body"].encode()
    headers = [(k.lower().encode(), v.encode()) for k, v in event["headers"].items()]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/mcp",
        "raw_path": b"/mcp",
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }
    sent = False
    status, out_headers, chunks = 500, [], []

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            await asyncio.sleep(3600)
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: MutableMapping[str, Any]) -> None:
        nonlocal status, out_headers
        if message["type"] == "http.response.start":
            status, out_headers = message["status"], message.get("headers", [])
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return {
        "statusCode": status,
        "headers": {k.decode(): v.decode() for k, v in out_headers},
        "body": b"".join(chunks).decode(),
    }


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    tenant = tenant_for(event["headers"].get("authorization", ""))
    if tenant is None:
        return {"statusCode": 401, "body": ""}
    CURRENT["tenant"] = tenant
    return asyncio.run_coroutine_threadsafe(_asgi(event), _loop).result()


def secret_reads() -> int:
    return READS["count"]
