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
    key = re.search(r"bmcp_[A-Za-z0-9_-]{49}", out)
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


# ---- signed-in users (OAuth): moto's Cognito holds the pool and its users ---------------------------------------
@pytest.fixture
def pool(client: Any) -> tuple[Any, str, str]:
    """(cognito client, pool id, Anne's sub) in the same mock_aws as the Secrets Manager client."""
    cognito = boto3.client("cognito-idp", region_name="eu-west-1")
    pool_id = cognito.create_user_pool(
        PoolName="billy-mcp-test",
        UsernameAttributes=["email"],
        AdminCreateUserConfig={"AllowAdminCreateUserOnly": True},
    )["UserPool"]["Id"]
    cognito.admin_create_user(
        UserPoolId=pool_id,
        Username="anne@acme.dk",
        UserAttributes=[{"Name": "email", "Value": "anne@acme.dk"}, {"Name": "email_verified", "Value": "true"}],
    )
    attributes = cognito.admin_get_user(UserPoolId=pool_id, Username="anne@acme.dk")["UserAttributes"]
    subject = next(a["Value"] for a in attributes if a["Name"] == "sub")
    return cognito, pool_id, subject


def run_users(client: Any, cognito: Any, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = admin.main(["--prefix", PREFIX, *argv], client=client, cognito=cognito)
    return code, capsys.readouterr().out


def test_a_user_added_by_username_maps_to_the_tenant_under_a_hash_of_issuer_and_sub(
    client: Any, pool: tuple[Any, str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from billy_mcp.tenants import USERS, user_hash

    cognito, pool_id, subject = pool
    run(client, monkeypatch, capsys, "add", "acme", stdin="billy-token-123\n")
    code, out = run_users(client, cognito, capsys, "add-user", "acme", "anne@acme.dk", "--pool", pool_id)
    assert code == 0 and "anne@acme.dk" in out
    issuer = f"https://cognito-idp.eu-west-1.amazonaws.com/{pool_id}"
    name = PREFIX + USERS + user_hash(issuer, subject)
    document = json.loads(client.get_secret_value(SecretId=name)["SecretString"])
    assert document == {"tenant": "acme", "billy_access_token": "billy-token-123"}
    listing = json.dumps(client.list_secrets(), default=str)
    assert subject not in listing.replace(name, "")  # the sub is in no secret's name
    code, out = run_users(client, cognito, capsys, "list-users")
    assert re.search(r"acme\s+anne@acme.dk\s+added \d{4}-\d\d-\d\d", out)


def test_a_user_given_by_sub_is_the_same_user_and_revoking_removes_the_mapping(
    client: Any, pool: tuple[Any, str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cognito, pool_id, subject = pool
    run(client, monkeypatch, capsys, "add", "acme", stdin="t\n")
    run_users(client, cognito, capsys, "add-user", "acme", subject, "--pool", pool_id)
    with pytest.raises(SystemExit, match="already has a tenant"):
        run_users(client, cognito, capsys, "add-user", "acme", "anne@acme.dk", "--pool", pool_id)
    assert run_users(client, cognito, capsys, "revoke-user", "anne@acme.dk", "--pool", pool_id)[0] == 0
    assert run_users(client, cognito, capsys, "revoke-user", subject, "--pool", pool_id)[0] == 1
    assert "anne@acme.dk" not in run_users(client, cognito, capsys, "list-users")[1]


def test_revoking_a_user_removes_them_under_every_prefix_and_says_where(
    client: Any, pool: tuple[Any, str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cognito, pool_id, _ = pool
    for prefix, tenant in (("billy-mcp/acme/", "acme"), ("billy-mcp/nordlys/", "nordlys")):
        monkeypatch.setattr("sys.stdin", io.StringIO("t\n"))
        assert admin.main(["--prefix", prefix, "add", tenant], client=client) == 0
        assert (
            admin.main(
                ["--prefix", prefix, "add-user", tenant, "anne@acme.dk", "--pool", pool_id],
                client=client,
                cognito=cognito,
            )
            == 0
        )
    capsys.readouterr()
    # run against a third stack's prefix, which holds neither mapping
    other = ["--prefix", "billy-mcp/other/"]
    assert admin.main([*other, "revoke-user", "anne@acme.dk", "--pool", pool_id], client=client, cognito=cognito) == 0
    out = capsys.readouterr().out
    assert "removed 2 mapping(s) in eu-west-1" in out and "billy-mcp/acme/" in out and "billy-mcp/nordlys/" in out
    for prefix in ("billy-mcp/acme/", "billy-mcp/nordlys/"):
        admin.main(["--prefix", prefix, "list-users"], client=client, cognito=cognito)
        listing = capsys.readouterr().out
        assert "anne@acme.dk" not in listing and "0 signed-in user(s)" in listing
    assert admin.main([*other, "revoke-user", "anne@acme.dk", "--pool", pool_id], client=client, cognito=cognito) == 1
    assert "nothing was changed" in capsys.readouterr().out


def test_every_command_names_the_region_and_prefix_it_used(
    client: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(client, monkeypatch, capsys, "list")
    assert code == 0 and out.splitlines()[0] == f"[prefix given: Secrets Manager in eu-west-1, prefix {PREFIX}]"
    assert "0 secret(s) under billy-mcp/acme/" in out


def test_aws_region_is_honoured_and_a_missing_region_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Any
) -> None:
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    with pytest.raises(SystemExit, match=r"^No AWS region: set AWS_REGION"):
        admin.main(["--prefix", PREFIX, "list"])
    monkeypatch.setenv("AWS_REGION", "eu-central-1")
    with mock_aws():
        assert admin.main(["--prefix", PREFIX, "list"]) == 0
    assert "Secrets Manager in eu-central-1" in capsys.readouterr().out


def test_missing_credentials_are_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_REGION", "eu-west-1")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://127.0.0.1:9")
    with pytest.raises(SystemExit, match=r"^AWS refused or could not be reached: NoCredentialsError"):
        admin.main(["--prefix", PREFIX, "list"])


def test_re_tokening_a_tenant_updates_its_users_and_rotating_keeps_them(
    client: Any, pool: tuple[Any, str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from billy_mcp.tenants import USERS, user_hash

    cognito, pool_id, subject = pool
    run(client, monkeypatch, capsys, "add", "acme", stdin="old-token\n")
    run_users(client, cognito, capsys, "add-user", "acme", "anne@acme.dk", "--pool", pool_id)
    assert run(client, monkeypatch, capsys, "rotate", "acme")[0] == 0  # one key secret beside the user's
    assert run(client, monkeypatch, capsys, "set-token", "acme", stdin="new-token\n")[0] == 0
    name = PREFIX + USERS + user_hash(f"https://cognito-idp.eu-west-1.amazonaws.com/{pool_id}", subject)
    assert json.loads(client.get_secret_value(SecretId=name)["SecretString"])["billy_access_token"] == "new-token"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("add-user", "acme", "nobody@acme.dk"), "no user 'nobody@acme.dk'"),
        (("add-user", "nosuchtenant", "anne@acme.dk"), "has 0 keys"),
    ],
)
def test_user_commands_refuse_unknown_users_and_tenants(
    client: Any, pool: tuple[Any, str, str], capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
) -> None:
    cognito, pool_id, _ = pool
    with pytest.raises(SystemExit, match=re.escape(message)):
        run_users(client, cognito, capsys, *argv, "--pool", pool_id)


def test_the_pool_id_must_be_a_cognito_pool_id() -> None:
    assert admin.pool_issuer("eu-west-1_AbC123") == "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123"
    with pytest.raises(SystemExit, match="not a Cognito user pool id"):
        admin.pool_issuer("https://evil.example/")


def test_a_company_goes_only_to_an_enabled_user_with_a_verified_address_in_an_admin_only_pool(
    client: Any, pool: tuple[Any, str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cognito, pool_id, subject = pool
    run(client, monkeypatch, capsys, "add", "acme", stdin="t\n")
    cognito.admin_create_user(UserPoolId=pool_id, Username="eve@acme.dk")  # no verified e-mail
    with pytest.raises(SystemExit, match="has no verified e-mail address"):
        run_users(client, cognito, capsys, "add-user", "acme", "eve@acme.dk", "--pool", pool_id)
    cognito.admin_disable_user(UserPoolId=pool_id, Username="anne@acme.dk")
    with pytest.raises(SystemExit, match="is disabled"):
        run_users(client, cognito, capsys, "add-user", "acme", "anne@acme.dk", "--pool", pool_id)
    cognito.admin_enable_user(UserPoolId=pool_id, Username="anne@acme.dk")
    code, out = run_users(client, cognito, capsys, "add-user", "acme", "anne@acme.dk", "--pool", pool_id)
    assert code == 0 and f"sub {subject}" in out
    open_pool = cognito.create_user_pool(PoolName="open", UsernameAttributes=["email"])["UserPool"]["Id"]
    cognito.admin_create_user(
        UserPoolId=open_pool,
        Username="victim@acme.dk",
        UserAttributes=[{"Name": "email", "Value": "victim@acme.dk"}, {"Name": "email_verified", "Value": "true"}],
    )
    with pytest.raises(SystemExit, match="lets anyone sign up"):
        run_users(client, cognito, capsys, "add-user", "acme", "victim@acme.dk", "--pool", open_pool)


def test_a_users_companies_are_listed_never_their_tokens(
    client: Any, pool: tuple[Any, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 19 #5: the operator sees what a user connected on the connect page (handles, names, CVR, key count)."""
    from billy_mcp.tenants import USERS, user_hash

    cognito, pool_id, subject = pool
    issuer = admin.pool_issuer(pool_id)
    assert run_users(client, cognito, capsys, "user-companies", "anne@acme.dk", "--pool", pool_id)[0] == 1
    document = {
        "companies": [
            {
                "handle": "nordlys",
                "name": "Nordlys Design ApS",
                "registration_no": "12345678",
                "billy_access_token": "t1",
            },
            {"handle": "havoern", "name": "Havørn Consult ApS", "billy_access_token": "secret-token-2"},
        ],
        "keys": [{"id": "abc", "hash": "0" * 64, "label": "Claude Code"}],
    }
    client.create_secret(Name=PREFIX + USERS + user_hash(issuer, subject), SecretString=json.dumps(document))
    code, out = run_users(client, cognito, capsys, "user-companies", "anne@acme.dk", "--pool", pool_id)
    assert code == 0 and "nordlys" in out and "Nordlys Design ApS" in out and "12345678" in out
    assert "2 company(ies) and 1 API key(s)" in out
    assert "t1" not in out.split() and "secret-token-2" not in out
