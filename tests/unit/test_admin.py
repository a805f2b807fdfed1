"""Tenant administration against moto's Secrets Manager (in-process mock_aws)."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from billy_mcp import admin
from billy_mcp.tenants import key_hash, parse_secret

PREFIX = "billy-mcp/acme/"


@pytest.fixture
def client() -> Iterator[Any]:
    with mock_aws():
        yield boto3.client("secretsmanager", region_name="eu-west-1")


def run(
    client: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *argv: str, stdin: str = ""
) -> tuple[int, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = admin.main(["--prefix", PREFIX, *argv], client=client)
    return code, capsys.readouterr().out


def secret_of(client: Any, key: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(client.get_secret_value(SecretId=PREFIX + key_hash(key))["SecretString"])
    return document


def test_add_shows_the_key_once_and_stores_only_its_hash(
    client: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(client, monkeypatch, capsys, "add", "acme", stdin="billy-token-123\n")
    assert code == 0
    key = re.search(r"bmcp_[A-Za-z0-9_-]{43}", out)
    assert key is not None and "billy-token-123" not in out
    assert secret_of(client, key.group()) == {"tenant": "acme", "billy_access_token": "billy-token-123"}
    names = [s["Name"] for s in client.list_secrets()["SecretList"]]
    assert names == [PREFIX + key_hash(key.group())] and key.group() not in json.dumps(
        client.list_secrets(), default=str
    )
    assert parse_secret(json.dumps(secret_of(client, key.group()))).billy_access_token == "billy-token-123"


def test_add_refuses_an_empty_token_and_a_duplicate_tenant(
    client: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        run(client, monkeypatch, capsys, "add", "acme", stdin="\n")
    run(client, monkeypatch, capsys, "add", "acme", stdin="t\n")
    with pytest.raises(SystemExit, match="already has a key"):
        run(client, monkeypatch, capsys, "add", "acme", stdin="t\n")


def test_rotate_replaces_the_key_and_keeps_the_token(
    client: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out = run(client, monkeypatch, capsys, "add", "acme", stdin="tok\n")
    old = re.search(r"bmcp_\S+", out).group()  # type: ignore[union-attr]
    _, out = run(client, monkeypatch, capsys, "rotate", "acme")
    new = re.search(r"bmcp_\S+", out).group()  # type: ignore[union-attr]
    assert new != old and secret_of(client, new)["billy_access_token"] == "tok"
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        secret_of(client, old)


def test_set_token_and_revoke(client: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    _, out = run(client, monkeypatch, capsys, "add", "acme", stdin="tok\n")
    key = re.search(r"bmcp_\S+", out).group()  # type: ignore[union-attr]
    run(client, monkeypatch, capsys, "set-token", "acme", stdin="tok-2\n")
    assert secret_of(client, key)["billy_access_token"] == "tok-2"
    code, out = run(client, monkeypatch, capsys, "list")
    assert code == 0 and "acme" in out and "tok" not in out and key not in out
    code, _ = run(client, monkeypatch, capsys, "revoke", "acme")
    assert code == 0
    with pytest.raises(client.exceptions.InvalidRequestException):  # scheduled for deletion: unreadable at once
        secret_of(client, key)
    assert run(client, monkeypatch, capsys, "revoke", "nobody")[0] == 1
