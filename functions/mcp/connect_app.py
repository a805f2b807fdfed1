"""Lambda entry point of the connect page (`Handler: connect_app.lambda_handler`): its JSON API and the page itself.

A function of its own, because it alone may write secrets under the stack's prefix (template.yaml's ConnectFunction);
the MCP function keeps only read access.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from billy_mcp.apigw import HttpResponse, parse_event
from billy_mcp.config import settings
from billy_mcp.connect import api, page
from billy_mcp.connect.billy_check import check_token
from billy_mcp.connect.store import ConnectStore
from billy_mcp.observability import logger


@cache
def store() -> ConnectStore:
    import boto3

    table = settings().usage_table
    usage = boto3.client("dynamodb") if table else None
    return ConnectStore(boto3.client("secretsmanager"), settings().tenant_secret_prefix, usage, table)


def reset() -> None:
    """Forget the warm container's store (local serving and tests change the environment between runs)."""
    store.cache_clear()


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    request = parse_event(event)
    try:
        if request.path.startswith(api.PREFIX):
            response = api.answer(request, store(), check_token)
        else:
            response = page.answer(request)
    except Exception:
        logger.exception("connect request failed")
        response = HttpResponse(500, {"error": "Something went wrong on the server; try again."})
    logger.info(
        "connect request",
        extra={"http_method": request.method, "path": request.path[:64], "status": response.status},
    )
    return response.to_lambda()
