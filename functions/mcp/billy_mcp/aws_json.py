"""One signed JSON POST to an AWS service (the "x-amz-json" protocol of Secrets Manager and DynamoDB) over plain
http.client with SigV4: what the MCP function needs of AWS, without boto3 (~140 ms of a cold start).

Endpoint and credentials come from the standard AWS environment variables, so the same code talks to AWS on
Lambda and to a local stand-in (moto server) through `AWS_ENDPOINT_URL_<SERVICE>` or `AWS_ENDPOINT_URL`.
"""

from __future__ import annotations

import http.client
import json
import os
from typing import Any
from urllib.parse import urlsplit

from .sigv4 import Credentials, sign_post


class AwsCallError(Exception):
    """The service could not be asked or did not answer; `reason` is a short AWS error name, never a payload."""

    def __init__(self, reason: str, status: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


def region() -> str:
    return os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"


def endpoint(service: str, variable: str) -> str:
    """The service's endpoint: AWS_ENDPOINT_URL_<variable>, else AWS_ENDPOINT_URL, else AWS's own in the region."""
    return (
        os.environ.get(f"AWS_ENDPOINT_URL_{variable}")
        or os.environ.get("AWS_ENDPOINT_URL")
        or f"https://{service}.{region()}.amazonaws.com"
    )


def credentials_from_env() -> Credentials:
    access_key = os.environ.get("AWS_ACCESS_KEY_ID", "")
    secret_key = os.environ.get("AWS_SECRET_ACCESS_KEY", "")
    if not access_key or not secret_key:
        raise AwsCallError("NoCredentials")
    return Credentials(access_key, secret_key, os.environ.get("AWS_SESSION_TOKEN") or None)


def post(service: str, target: str, payload: dict[str, Any], url: str, timeout: float) -> tuple[int, dict[str, Any]]:
    """(HTTP status, the JSON answer as an object, {} when it is none); raises AwsCallError when there is no answer."""
    parts = urlsplit(url)
    host = parts.netloc
    body = json.dumps(payload).encode()
    headers = sign_post(
        credentials=credentials_from_env(),
        region=region(),
        service=service,
        host=host,
        path=parts.path or "/",
        headers={"content-type": "application/x-amz-json-1.1", "x-amz-target": target},
        body=body,
    )
    connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = connection_class(parts.hostname or "", parts.port, timeout=max(timeout, 0.05))
    try:
        connection.request("POST", parts.path or "/", body, {"Host": host, **headers})
        response = connection.getresponse()
        status = response.status
        answer = response.read(1024 * 1024)
    except TimeoutError:
        raise AwsCallError("Timeout") from None
    except (OSError, http.client.HTTPException):
        raise AwsCallError("ConnectionError") from None
    finally:
        connection.close()
    try:
        document = json.loads(answer) if answer else {}
    except ValueError:
        document = {}
    return status, document if isinstance(document, dict) else {}


def error_type(status: int, document: dict[str, Any]) -> str:
    """AWS's error name of an answer (e.g. ResourceNotFoundException), else HTTP<status>."""
    return str(document.get("__type") or document.get("code") or f"HTTP{status}").rsplit("#", 1)[-1]
