"""(c) awslabs-mcp-lambda-handler 0.1.15 with the same tools (it reads REST API v1 events only)."""

from __future__ import annotations

import hashlib
import json
import os
from typing import Any

import boto3
from awslabs.mcp_lambda_handler import MCPLambdaHandler

from ._peer_tools import CURRENT, TOOLS, Tenant, as_function

mcp = MCPLambdaHandler("billy-mcp-awslabs-peer", version="1.0.0")
for _tool in TOOLS:
    mcp.tool()(as_function(_tool, str | None))
_secrets: dict[str, Tenant] = {}
_client: Any = None
READS = {"count": 0}


def _tenant(authorization: str) -> Tenant | None:
    global _client
    digest = hashlib.sha256(authorization.removeprefix("Bearer ").strip().encode()).hexdigest()
    if digest not in _secrets:
        if _client is None:
            _client = boto3.client("secretsmanager")
        READS["count"] += 1
        try:
            document = json.loads(
                _client.get_secret_value(SecretId=os.environ["TENANT_SECRET_PREFIX"] + digest)["SecretString"]
            )
        except _client.exceptions.ResourceNotFoundException:
            return None
        _secrets[digest] = Tenant(document["tenant"], document.get("billy_access_token"))
    return _secrets[digest]


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    tenant = _tenant(event["headers"].get("authorization", ""))
    if tenant is None:
        return {"statusCode": 401, "body": ""}
    CURRENT["tenant"] = tenant
    result: dict[str, Any] = mcp.handle_request(event, context)
    return result


def event(body: dict[str, Any], key: str) -> dict[str, Any]:
    return {
        "httpMethod": "POST",
        "path": "/mcp",
        "body": json.dumps(body),
        "isBase64Encoded": False,
        "headers": {
            "content-type": "application/json",
            "accept": "application/json, text/event-stream",
            "authorization": f"Bearer {key}",
        },
        "requestContext": {"requestId": "bench"},
    }


def secret_reads() -> int:
    return READS["count"]
