"""Reads one secret from AWS Secrets Manager (`GetSecretValue`) over plain HTTPS with SigV4 (billy_mcp.aws_json).

Endpoint and credentials come from the standard AWS environment variables, so the same code talks to
Secrets Manager on Lambda and to a local stand-in (moto server) through `AWS_ENDPOINT_URL_SECRETS_MANAGER`.
"""

from __future__ import annotations

import base64

from . import aws_json

TARGET = "secretsmanager.GetSecretValue"


class SecretNotFound(Exception):
    """No secret has this name (or it is scheduled for deletion)."""


class SecretStoreError(aws_json.AwsCallError):
    """Secrets Manager could not answer; `reason` is a short AWS error name, never a secret name."""


def endpoint() -> str:
    return aws_json.endpoint("secretsmanager", "SECRETS_MANAGER")


def get_secret_string(secret_id: str, timeout: float) -> str:
    """The SecretString (or decoded SecretBinary) of `secret_id`; raises SecretNotFound or SecretStoreError."""
    try:
        status, document = aws_json.post("secretsmanager", TARGET, {"SecretId": secret_id}, endpoint(), timeout)
    except aws_json.AwsCallError as exc:
        raise SecretStoreError(exc.reason, exc.status) from None
    if status == 200:
        if isinstance(document.get("SecretString"), str):
            return str(document["SecretString"])
        if isinstance(document.get("SecretBinary"), str):
            return base64.b64decode(document["SecretBinary"]).decode("utf-8", "replace")
        raise SecretStoreError("EmptySecret", status)
    error_type = aws_json.error_type(status, document)
    if error_type in ("ResourceNotFoundException", "InvalidRequestException"):
        # InvalidRequestException is what a secret scheduled for deletion (a revoked key) answers.
        raise SecretNotFound()
    raise SecretStoreError(error_type[:64], status)
