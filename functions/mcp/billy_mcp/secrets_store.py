"""Reads one secret from AWS Secrets Manager (`GetSecretValue`) over plain HTTPS with SigV4.

Endpoint and credentials come from the standard AWS environment variables, so the same code talks to
Secrets Manager on Lambda and to a local stand-in (moto server) through `AWS_ENDPOINT_URL_SECRETS_MANAGER`.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
from urllib.parse import urlsplit

from .sigv4 import Credentials, sign_post

TARGET = "secretsmanager.GetSecretValue"


class SecretNotFound(Exception):
    """No secret has this name (or it is scheduled for deletion)."""


class SecretStoreError(Exception):
    """Secrets Manager could not answer; `reason` is a short AWS error name, never a secret name."""

    def __init__(self, reason: str, status: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


def region() -> str:
    return os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"


def endpoint() -> str:
    return (
        os.environ.get("AWS_ENDPOINT_URL_SECRETS_MANAGER")
        or os.environ.get("AWS_ENDPOINT_URL")
        or f"https://secretsmanager.{region()}.amazonaws.com"
    )


def credentials_from_env() -> Credentials:
    access_key = os.environ.get("AWS_ACCESS_KEY_ID", "")
    secret_key = os.environ.get("AWS_SECRET_ACCESS_KEY", "")
    if not access_key or not secret_key:
        raise SecretStoreError("NoCredentials")
    return Credentials(access_key, secret_key, os.environ.get("AWS_SESSION_TOKEN") or None)


def get_secret_string(secret_id: str, timeout: float) -> str:
    """The SecretString (or decoded SecretBinary) of `secret_id`; raises SecretNotFound or SecretStoreError."""
    url = urlsplit(endpoint())
    host = url.netloc
    body = json.dumps({"SecretId": secret_id}).encode()
    headers = sign_post(
        credentials=credentials_from_env(),
        region=region(),
        service="secretsmanager",
        host=host,
        path=url.path or "/",
        headers={"content-type": "application/x-amz-json-1.1", "x-amz-target": TARGET},
        body=body,
    )
    connection_class = http.client.HTTPSConnection if url.scheme == "https" else http.client.HTTPConnection
    connection = connection_class(url.hostname or "", url.port, timeout=max(timeout, 0.05))
    try:
        connection.request("POST", url.path or "/", body, {"Host": host, **headers})
        response = connection.getresponse()
        status = response.status
        payload = response.read(1024 * 1024)
    except TimeoutError:
        raise SecretStoreError("Timeout") from None
    except (OSError, http.client.HTTPException):
        raise SecretStoreError("ConnectionError") from None
    finally:
        connection.close()
    try:
        document = json.loads(payload) if payload else {}
    except ValueError:
        document = {}
    if not isinstance(document, dict):
        document = {}
    if status == 200:
        if isinstance(document.get("SecretString"), str):
            return str(document["SecretString"])
        if isinstance(document.get("SecretBinary"), str):
            return base64.b64decode(document["SecretBinary"]).decode("utf-8", "replace")
        raise SecretStoreError("EmptySecret", status)
    error_type = str(document.get("__type") or document.get("code") or f"HTTP{status}").rsplit("#", 1)[-1]
    if error_type in ("ResourceNotFoundException", "InvalidRequestException"):
        # InvalidRequestException is what a secret scheduled for deletion (a revoked key) answers.
        raise SecretNotFound()
    raise SecretStoreError(error_type[:64], status)
