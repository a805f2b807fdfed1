"""A local Secrets Manager (moto's server) holding tenant secrets, for `make serve`, `make invoke` and tests."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

LOCAL_REGION = "eu-west-1"
DEFAULT_PREFIX = "billy-mcp/tenants/"


def fake_aws_environment(endpoint: str) -> dict[str, str]:
    """Environment that points every AWS client at the stand-in with dummy credentials (never real ones)."""
    return {
        "AWS_ENDPOINT_URL_SECRETS_MANAGER": endpoint,
        "AWS_ENDPOINT_URL_DYNAMODB": endpoint,
        "AWS_ACCESS_KEY_ID": "local-standin",
        "AWS_SECRET_ACCESS_KEY": "local-standin",
        "AWS_REGION": LOCAL_REGION,
        "AWS_DEFAULT_REGION": LOCAL_REGION,
    }


@contextmanager
def running_standin(port: int = 0) -> Iterator[str]:
    """Start moto's Secrets Manager server on 127.0.0.1 and yield its endpoint URL; stop it on exit."""
    import logging

    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        host, bound_port = server.get_host_and_port()
        yield f"http://{host}:{bound_port}"
    finally:
        server.stop()


def secrets_client(endpoint: str) -> Any:
    import boto3

    return boto3.client(
        "secretsmanager",
        endpoint_url=endpoint,
        region_name=LOCAL_REGION,
        aws_access_key_id="local-standin",
        aws_secret_access_key="local-standin",
    )


def put_tenant(
    client: Any,
    api_key: str,
    tenant: str,
    billy_access_token: str | None,
    prefix: str = DEFAULT_PREFIX,
    organization_id: str | None = None,
) -> str:
    """Create (or overwrite) the secret of `api_key`; returns the secret name (which holds only the key's hash)."""
    name = prefix + hashlib.sha256(api_key.encode()).hexdigest()
    document: dict[str, Any] = {"tenant": tenant}
    if billy_access_token is not None:
        document["billy_access_token"] = billy_access_token
    if organization_id:
        document["organization_id"] = organization_id
    text = json.dumps(document)
    try:
        client.create_secret(Name=name, SecretString=text)
    except client.exceptions.ResourceExistsException:
        client.put_secret_value(SecretId=name, SecretString=text)
    return name


def put_user(
    client: Any, issuer: str, subject: str, tenant: str, billy_access_token: str, prefix: str = DEFAULT_PREFIX
) -> str:
    """Create the secret that lets a signed-in user (issuer, subject) reach `tenant`, as `make tenant-add-user`
    does on AWS; returns its name. Needs the function's package on sys.path (local.paths.add_function_to_path)."""
    from billy_mcp.tenants import USERS, user_hash

    name = prefix + USERS + user_hash(issuer.rstrip("/"), subject)
    document = {"tenant": tenant, "billy_access_token": billy_access_token}
    client.create_secret(Name=name, SecretString=json.dumps(document))
    return name


def apply_environment(values: dict[str, str]) -> None:
    os.environ.update(values)


def put_caller(client: Any, api_key: str, companies: list[dict[str, Any]], prefix: str = DEFAULT_PREFIX) -> str:
    """Create the secret of an API key that reaches several companies (or none): a `companies` document, as the
    connect page writes it (billy_mcp.tenants)."""
    name = prefix + hashlib.sha256(api_key.encode()).hexdigest()
    client.create_secret(Name=name, SecretString=json.dumps({"companies": companies}))
    return name


USAGE_TABLE = "billy-mcp-usage"
"""The local stand-in's table of connected companies' last use (template.yaml's UsageTable)."""


def create_usage_table(endpoint: str) -> str:
    """The usage table in the stand-in, keyed as the template keys it: owner (user hash), then handle."""
    import boto3

    client = boto3.client(
        "dynamodb",
        endpoint_url=endpoint,
        region_name=LOCAL_REGION,
        aws_access_key_id="local-standin",
        aws_secret_access_key="local-standin",
    )
    client.create_table(
        TableName=USAGE_TABLE,
        KeySchema=[{"AttributeName": "owner", "KeyType": "HASH"}, {"AttributeName": "handle", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "owner", "AttributeType": "S"},
            {"AttributeName": "handle", "AttributeType": "S"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    return USAGE_TABLE
