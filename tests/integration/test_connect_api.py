"""The connect page's JSON API through connect_app.lambda_handler: tokens from the local sign-in stand-in, Billy the
sandbox (its two companies), secrets the moto Secrets Manager. A key made here is then used on the MCP endpoint."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from billy_mcp import handler
from billy_mcp.config import settings
from billy_mcp.tenants import USERS, user_hash
from local.cognito_standin import CONNECT_CLIENT_ID, CONNECT_SCOPE, Pool, running_pool
from local.container import reset_container
from local.sandbox import DEMO_TOKEN, SECOND_TOKEN, SandboxApi
from tests.support import call_tool, error_text, event

HOST = "abc123.execute-api.eu-west-1.amazonaws.com"


@pytest.fixture(scope="module")
def pool() -> Iterator[Pool]:
    with running_pool() as running:
        yield running


@pytest.fixture
def connect(pool: Pool, monkeypatch: pytest.MonkeyPatch, sandbox: SandboxApi) -> Iterator[Pool]:
    import connect_app

    from billy_mcp.oauth import tokens

    monkeypatch.setenv("OAUTH_ISSUER", pool.issuer)
    monkeypatch.setenv("OAUTH_CLIENT_IDS", "some-mcp-client")
    monkeypatch.setenv("OAUTH_DOMAIN_URL", pool.url)
    monkeypatch.setenv("OAUTH_JWKS_URL", pool.issuer + "/.well-known/jwks.json")
    monkeypatch.setenv("CONNECT_CLIENT_ID", CONNECT_CLIENT_ID)
    reset_container()
    connect_app.reset()
    tokens._verifier = None
    pool.audience = None
    yield pool
    tokens._verifier = None
    reset_container()
    connect_app.reset()


def page_token(pool: Pool, subject: str, **claims: Any) -> str:
    return pool.mint(sub=subject, client_id=CONNECT_CLIENT_ID, scope=f"openid {CONNECT_SCOPE}", **claims)


def api(token: str | None, method: str, path: str, body: Any = None) -> tuple[int, dict[str, str], Any]:
    import connect_app

    headers = {"authorization": f"Bearer {token}"} if token else {}
    evt = event(body, method=method, headers={"host": HOST, **headers}, path="/connect/api/" + path)
    evt["requestContext"]["domainName"] = HOST
    result = connect_app.lambda_handler(evt, None)
    text = result["body"]
    return result["statusCode"], result["headers"], json.loads(text) if text else None


def test_a_user_connects_companies_and_a_key_reaches_them_on_the_endpoint(
    connect: Pool, sandbox: SandboxApi, sm_client: Any
) -> None:
    token = page_token(connect, str(uuid.uuid4()))
    status, headers, me = api(token, "GET", "me")
    assert status == 200 and me == {"managed": False, "companies": [], "keys": []}
    assert headers["Cache-Control"] == "no-store" and "Set-Cookie" not in headers
    status, _, view = api(token, "POST", "companies", {"handle": "nordlys", "token": DEMO_TOKEN})
    assert status == 201
    [company] = view["companies"]
    assert company["handle"] == "nordlys" and company["name"] == "Nordlys Design ApS" and company["registration_no"]
    assert DEMO_TOKEN not in json.dumps(view)
    assert api(token, "POST", "companies", {"handle": "havoern", "token": SECOND_TOKEN})[0] == 201
    status, _, made = api(token, "POST", "keys", {"label": "Claude Code"})
    assert status == 201 and made["key"].startswith("bmcp_") and made["keys"][0]["label"] == "Claude Code"
    key = made["key"]
    listed = call_tool(key, "list-organizations-tool")["structuredContent"]["organizations"]
    assert {org["handle"]: org["name"] for org in listed} == {
        "nordlys": "Nordlys Design ApS",
        "havoern": "Havørn Consult ApS",
    }
    assert "2 companies" in error_text(call_tool(key, "get-organization-tool"))
    # rename, then disconnect: the key follows every change
    assert api(token, "PATCH", "companies/havoern", {"handle": "havoern-consult"})[0] == 200
    named = call_tool(key, "get-organization-tool", {"company": "havoern-consult"})["structuredContent"]
    assert named["organization"]["name"] == "Havørn Consult ApS"
    status, _, view = api(token, "DELETE", "companies/nordlys")
    assert status == 200 and [c["handle"] for c in view["companies"]] == ["havoern-consult"]
    handler.tenant_resolver.cache_clear()  # a new container; warm ones follow within TENANT_CACHE_TTL
    assert call_tool(key, "get-organization-tool")["structuredContent"]["organization"]["handle"] == "havoern-consult"
    # revoking the key stops it on the endpoint
    status, _, view = api(token, "DELETE", f"keys/{made['keys'][0]['id']}")
    assert status == 200 and view["keys"] == []
    handler.tenant_resolver.cache_clear()
    from tests.support import invoke, request

    status, _, _ = invoke(event(request("tools/list"), key=key, headers={"MCP-Protocol-Version": "2025-11-25"}))
    assert status == 401


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        ({"handle": "acme", "token": "not a token"}, 400, "does not look like a Billy access token"),
        ({"handle": "Acme A/S", "token": DEMO_TOKEN}, 400, "1 to 32 characters"),
        ({"handle": "acme", "token": "0" * 40}, 400, "Billy does not accept this access token"),
    ],
)
def test_a_token_or_handle_that_cannot_be_used_is_refused_and_nothing_is_stored(
    connect: Pool, sm_client: Any, body: dict[str, str], status: int, says: str
) -> None:
    subject = str(uuid.uuid4())
    answer = api(page_token(connect, subject), "POST", "companies", body)
    assert answer[0] == status and says in answer[2]["error"]
    name = settings().tenant_secret_prefix + USERS + user_hash(connect.issuer, subject)
    with pytest.raises(sm_client.exceptions.ResourceNotFoundException):
        sm_client.get_secret_value(SecretId=name)


def test_the_same_company_twice_a_used_handle_and_another_company_s_token_are_refused(
    connect: Pool, sandbox: SandboxApi
) -> None:
    token = page_token(connect, str(uuid.uuid4()))
    assert api(token, "POST", "companies", {"handle": "nordlys", "token": DEMO_TOKEN})[0] == 201
    again = api(token, "POST", "companies", {"handle": "nordlys-2", "token": DEMO_TOKEN})
    assert again[0] == 409 and "already connected as 'nordlys'" in again[2]["error"]
    sandbox.requests.clear()
    used = api(token, "POST", "companies", {"handle": "nordlys", "token": SECOND_TOKEN})
    assert used[0] == 409 and "already in use" in used[2]["error"]
    assert list(sandbox.requests) == []  # refused before Billy was asked
    swapped = api(token, "PATCH", "companies/nordlys", {"token": SECOND_TOKEN})
    assert swapped[0] == 409 and "Connect it as a new company" in swapped[2]["error"]


def test_only_the_connect_page_s_own_sign_in_is_accepted(connect: Pool) -> None:
    subject = str(uuid.uuid4())
    assert api(None, "GET", "me")[0] == 401
    ai_client = connect.mint(sub=subject)  # an AI client's token: another app client, the read scope
    status, _, body = api(ai_client, "GET", "me")
    assert status == 401 and "app this server does not accept" in body["error"]
    no_scope = connect.mint(sub=subject, client_id=CONNECT_CLIENT_ID, scope="openid")
    assert api(no_scope, "GET", "me")[0] == 403


def test_a_user_s_companies_and_keys_are_bounded(connect: Pool, monkeypatch: pytest.MonkeyPatch) -> None:
    from billy_mcp.connect import documents

    monkeypatch.setattr(documents, "MAX_KEYS", 2)
    token = page_token(connect, str(uuid.uuid4()))
    for label in ("one", "two"):
        assert api(token, "POST", "keys", {"label": label})[0] == 201
    status, _, body = api(token, "POST", "keys", {"label": "three"})
    assert status == 409 and "revoke one first" in body["error"]


def test_an_oversized_or_malformed_body_is_refused(connect: Pool) -> None:
    token = page_token(connect, str(uuid.uuid4()))
    status, _, body = api(token, "POST", "companies", {"handle": "acme", "token": "x" * 20_000})
    assert status == 413 and "too large" in body["error"]
    status, _, body = api(token, "POST", "companies", [1, 2])
    assert status == 400 and "JSON object" in body["error"]


def test_no_billy_token_or_api_key_reaches_a_log_line(connect: Pool, captured: Any) -> None:
    token = page_token(connect, str(uuid.uuid4()))
    assert api(token, "POST", "companies", {"handle": "nordlys", "token": DEMO_TOKEN})[0] == 201
    assert api(token, "POST", "companies", {"handle": "acme", "token": "0" * 40})[0] == 400
    _, _, made = api(token, "POST", "keys", {"label": "Cursor"})
    logged = captured.getvalue()
    assert "connect request" in logged  # the function does log each request
    for secret in (DEMO_TOKEN, "0" * 40, made["key"], token):
        assert secret not in logged


def test_the_page_shows_when_each_company_was_last_used(
    connect: Pool, sm_client: Any, standin: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The MCP function records a connected company's use in the usage table (its one write); the page reads it."""
    import connect_app

    from billy_mcp import usage
    from local.secrets_standin import USAGE_TABLE, create_usage_table

    tables = boto3.client("dynamodb", endpoint_url=standin).list_tables()["TableNames"]
    table = USAGE_TABLE if USAGE_TABLE in tables else create_usage_table(standin)  # the stand-in lives per session
    monkeypatch.setenv("USAGE_TABLE", table)
    reset_container()
    connect_app.reset()
    usage.forget()
    token = page_token(connect, str(uuid.uuid4()))
    api(token, "POST", "companies", {"handle": "nordlys", "token": DEMO_TOKEN})
    api(token, "POST", "companies", {"handle": "havoern", "token": SECOND_TOKEN})
    key = api(token, "POST", "keys", {"label": "Claude Code"})[2]["key"]
    call_tool(key, "get-organization-tool", {"company": "nordlys"})
    status, _, me = api(token, "GET", "me")
    used = {company["handle"]: company.get("last_used") for company in me["companies"]}
    assert status == 200 and used["havoern"] is None
    assert used["nordlys"] is not None and used["nordlys"][:10] == dt.datetime.now(dt.UTC).date().isoformat()


def test_a_company_the_operator_gave_a_user_is_shown_and_left_to_the_operator(connect: Pool, sm_client: Any) -> None:
    from billy_mcp.admin import TenantAdmin

    subject = str(uuid.uuid4())
    admin = TenantAdmin(sm_client, settings().tenant_secret_prefix)
    tenant = "managed-" + uuid.uuid4().hex[:6]
    admin.add(tenant, DEMO_TOKEN)
    admin.add_user(tenant, connect.issuer, subject, "anne@example.test")
    token = page_token(connect, subject)
    status, _, me = api(token, "GET", "me")
    assert status == 200 and me["managed"] is True and me["companies"][0]["handle"] == tenant
    assert DEMO_TOKEN not in json.dumps(me)
    status, _, body = api(token, "POST", "companies", {"handle": "nordlys", "token": SECOND_TOKEN})
    assert status == 409 and "operator manages" in body["error"]
