"""(c) awslabs-mcp-lambda-handler 0.1.15 with the same tools (it reads REST API v1 events only)."""

from __future__ import annotations

from typing import Any

from awslabs.mcp_lambda_handler import MCPLambdaHandler

from ._peer_tools import CURRENT, READS, TOOLS, as_function, tenant_for

mcp = MCPLambdaHandler("billy-mcp-awslabs-peer", version="1.0.0")
for _tool in TOOLS:
    mcp.tool()(as_function(_tool, str | None))


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    tenant = tenant_for(event["headers"].get("authorization", ""))
    if tenant is None:
        return {"statusCode": 401, "body": ""}
    CURRENT["tenant"] = tenant
    result: dict[str, Any] = mcp.handle_request(event, context)
    return result


def secret_reads() -> int:
    return READS["count"]
