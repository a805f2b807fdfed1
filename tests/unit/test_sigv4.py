"""Our SigV4 signer against botocore's, byte for byte."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials as BotoCredentials

from billy_mcp.sigv4 import Credentials, sign_post


@pytest.mark.parametrize("token", [None, "session-token-xyz"])
@pytest.mark.parametrize("host, path", [("secretsmanager.eu-west-1.amazonaws.com", "/"), ("127.0.0.1:5055", "/")])
def test_signature_matches_botocore(token: str | None, host: str, path: str) -> None:
    moment = dt.datetime(2026, 11, 24, 6, 15, 26, tzinfo=dt.UTC)
    body = b'{"SecretId": "billy-mcp/tenants/abc"}'
    headers = {"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "secretsmanager.GetSecretValue"}
    ours = sign_post(
        credentials=Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG", token),
        region="eu-west-1",
        service="secretsmanager",
        host=host,
        path=path,
        headers=headers,
        body=body,
        now=moment,
    )
    request = AWSRequest(method="POST", url=f"https://{host}{path}", data=body, headers=dict(headers))
    with mock.patch("botocore.auth.get_current_datetime", return_value=moment.replace(tzinfo=None)):
        SigV4Auth(
            BotoCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG", token), "secretsmanager", "eu-west-1"
        ).add_auth(request)
    assert ours["authorization"] == request.headers["Authorization"]
    assert ours["x-amz-date"] == request.headers["X-Amz-Date"]
    if token:
        assert ours["x-amz-security-token"] == token


def test_credentials_repr_shows_no_secret() -> None:
    text = repr(Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG", "tok"))
    assert "wJalr" not in text and "tok" not in text
