"""OAuth sign-in through lambda_handler: discovery, every token refusal with its status and header, tenants of users.

Tokens are minted here with a generated RSA key and checked against the JWKS the stand-in pool serves on
127.0.0.1 (local/cognito_standin.py); the tenant store is the moto Secrets Manager; Billy is the sandbox.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import subprocess
import sys
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from billy_mcp.admin import TenantAdmin
from billy_mcp.config import ConfigError, settings
from billy_mcp.oauth import tokens
from local.cognito_standin import CLIENT_ID, SCOPE, Pool, SigningKey, running_pool
from local.container import reset_container
from local.paths import ROOT
from local.sandbox import DEMO_TOKEN
from tests.support import event, invoke, request

LEGACY = {"MCP-Protocol-Version": "2025-11-25"}
HOST = "abc123.execute-api.eu-west-1.amazonaws.com"
METADATA = f"https://{HOST}/.well-known/oauth-protected-resource/mcp"


@pytest.fixture(scope="module")
def pool() -> Iterator[Pool]:
    with running_pool() as running:
        yield running


@pytest.fixture
def oauth(pool: Pool, monkeypatch: pytest.MonkeyPatch) -> Iterator[Pool]:
    monkeypatch.setenv("OAUTH_ISSUER", pool.issuer)
    monkeypatch.setenv("OAUTH_CLIENT_IDS", f"other-client,{CLIENT_ID}")
    monkeypatch.setenv("OAUTH_DOMAIN_URL", pool.url)
    monkeypatch.setenv("OAUTH_JWKS_URL", pool.issuer + "/.well-known/jwks.json")
    reset_container()
    tokens._verifier = None  # a fresh key cache per test
    pool.audience = f"https://{HOST}/mcp"  # Cognito with resource indicators names the endpoint in `aud`
    yield pool
    tokens._verifier = None
    reset_container()


@pytest.fixture
def user(sm_client: Any, sandbox: Any, oauth: Pool) -> str:
    """A tenant on the sandbox's demo company and a signed-in user of it; returns the user's subject."""
    admin = TenantAdmin(sm_client, settings().tenant_secret_prefix)
    tenant = "nordlys-" + secrets.token_hex(4)
    admin.add(tenant, DEMO_TOKEN)
    subject = str(uuid.uuid4())
    admin.add_user(tenant, oauth.issuer, subject, "anne@nordlys.test")
    return subject


def mcp(token: str, path: str = "/mcp", method: str = "tools/list", params: dict[str, Any] | None = None) -> Any:
    evt = event(request(method, params), headers=LEGACY | {"host": HOST}, path=path)
    evt["requestContext"]["domainName"] = HOST
    evt["headers"]["authorization"] = f"Bearer {token}"
    return invoke(evt)


def challenge(headers: dict[str, str]) -> dict[str, str]:
    return dict(re.findall(r'(\w+)="([^"]*)"', headers["WWW-Authenticate"]))


def unsigned(header: dict[str, Any], claims: dict[str, Any], sign: Any = None) -> str:
    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    head = part(header) + "." + part(claims)
    signature = sign(head.encode()) if sign else b""
    return head + "." + base64.urlsafe_b64encode(signature).rstrip(b"=").decode()


# ---- discovery ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "resource"),
    [
        ("/.well-known/oauth-protected-resource", "/mcp"),
        ("/.well-known/oauth-protected-resource/mcp", "/mcp"),
        # RFC 9728 §3.3: a client discards metadata whose resource differs from the URL it fetched it for.
        ("/.well-known/oauth-protected-resource/mcp/billy", "/mcp/billy"),
    ],
)
def test_protected_resource_metadata_names_the_resource_and_its_sign_in(oauth: Pool, path: str, resource: str) -> None:
    evt = event(None, method="GET", path=path)
    evt["requestContext"]["domainName"] = HOST
    status, headers, body = invoke(evt)
    assert status == 200 and headers["Access-Control-Allow-Origin"] == "*"
    assert body == {
        "resource": f"https://{HOST}{resource}",
        "authorization_servers": [f"https://{HOST}"],
        "scopes_supported": [SCOPE],
        "bearer_methods_supported": ["header"],
        "resource_name": "Billy accounting (read-only)",
    }


def test_authorization_server_metadata_states_pkce_and_public_clients(oauth: Pool) -> None:
    evt = event(None, method="GET", path="/.well-known/oauth-authorization-server")
    evt["requestContext"]["domainName"] = HOST
    status, _, body = invoke(evt)
    assert status == 200 and body["issuer"] == f"https://{HOST}"
    assert (
        body["code_challenge_methods_supported"] == ["S256"] and "none" in body["token_endpoint_auth_methods_supported"]
    )
    assert body["authorization_endpoint"] == oauth.url + "/oauth2/authorize"
    assert body["token_endpoint"] == oauth.url + "/oauth2/token" and body["jwks_uri"].startswith(oauth.issuer)
    assert "registration_endpoint" not in body  # Cognito has no dynamic client registration


def test_browser_clients_get_a_cors_preflight_and_other_methods_405(oauth: Pool) -> None:
    preflight = event(None, method="OPTIONS", path="/.well-known/oauth-protected-resource/mcp")
    status, headers, _ = invoke(preflight)
    assert status == 204 and headers["Access-Control-Allow-Origin"] == "*"
    assert "mcp-protocol-version" in headers["Access-Control-Allow-Headers"]
    status, headers, _ = invoke(event({}, method="POST", path="/.well-known/oauth-authorization-server"))
    assert status == 405 and "GET" in headers["Allow"]


def test_well_known_documents_are_absent_without_oauth(sm_client: Any) -> None:
    status, _, _ = invoke(event(None, method="GET", path="/.well-known/oauth-protected-resource/mcp"))
    assert status == 404


@pytest.mark.parametrize("path", ["/mcp", "/mcp/billy"])
def test_a_request_without_credentials_is_pointed_at_the_metadata(oauth: Pool, sm_client: Any, path: str) -> None:
    evt = event(request("tools/list"), headers=LEGACY, path=path)
    evt["requestContext"]["domainName"] = HOST
    status, headers, body = invoke(evt)
    assert status == 401 and "sign in" in body["error"]["message"]
    assert challenge(headers) == {
        "resource_metadata": f"https://{HOST}/.well-known/oauth-protected-resource{path}",
        "scope": SCOPE,
    }


# ---- tokens -----------------------------------------------------------------------------------------------------
def test_a_valid_token_of_a_user_with_a_tenant_lists_and_calls_tools(oauth: Pool, user: str, sandbox: Any) -> None:
    token = oauth.mint(sub=user)
    status, _, body = mcp(token)
    assert status == 200 and len(body["result"]["tools"]) > 20
    status, _, body = mcp(token, "/mcp/billy", "tools/call", {"name": "get-organization-tool", "arguments": {}})
    assert status == 200 and body["result"]["structuredContent"]["organization"]["name"] == "Nordlys Design ApS"
    # Billy got the tenant's own token and nothing of the sign-in: the access token is never forwarded.
    seen = list(sandbox.headers_seen)
    assert seen and all(headers.get("x-access-token") == DEMO_TOKEN for headers in seen)
    assert token not in json.dumps(seen) and not any("authorization" in headers for headers in seen)


def test_the_audience_must_be_this_endpoint_and_nothing_else(oauth: Pool, user: str) -> None:
    """Issue 17 #1: a token without `aud`, for another resource, or for ours among others' is refused (a server that
    received such a token could replay it here); the gateway path is a resource of this endpoint too."""
    assert mcp(oauth.mint(sub=user, aud=f"https://{HOST}/mcp"))[0] == 200
    assert mcp(oauth.mint(sub=user, aud=[f"https://{HOST}/mcp"]))[0] == 200
    assert mcp(oauth.mint(sub=user, aud=f"https://{HOST}/mcp/billy"), path="/mcp/billy")[0] == 200
    for audience in (None, "https://other.example/mcp", ["https://other.example/mcp", f"https://{HOST}/mcp"]):
        status, headers, _ = mcp(oauth.mint(sub=user, aud=audience))
        fields = challenge(headers)
        assert status == 401 and fields["error"] == "invalid_token" and fields["resource_metadata"] == METADATA


@pytest.mark.parametrize(
    ("case", "fragment"),
    [
        ("expired", "has expired"),
        ("not yet valid", "not valid yet"),
        ("wrong issuer", "not issued by this server"),
        ("wrong audience", "for another resource"),
        ("tampered signature", "signature does not verify"),
        ("alg none", "must be signed with RS256"),
        ("HS256 with the public key", "must be signed with RS256"),
        ("unknown kid", "key this server does not know"),
        ("other key, same kid", "signature does not verify"),
        ("id token", "not an access token"),
        ("unknown app", "app this server does not accept"),
        ("no exp", "has no exp claim"),
    ],
)
def test_refused_tokens_get_401_invalid_token_with_the_metadata(
    oauth: Pool, user: str, case: str, fragment: str
) -> None:
    now = oauth.claims()["iat"]
    key = oauth.keys[0]
    forged = {
        "expired": lambda: oauth.mint(sub=user, exp=now - 120, iat=now - 3720),
        "not yet valid": lambda: oauth.mint(sub=user, nbf=now + 600),
        "wrong issuer": lambda: oauth.mint(sub=user, iss="https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other"),
        "wrong audience": lambda: oauth.mint(sub=user, aud="https://other.example/mcp"),
        "tampered signature": lambda: _tamper(oauth.mint(sub=user)),
        "alg none": lambda: unsigned({"alg": "none", "kid": key.kid}, oauth.claims(sub=user)),
        "HS256 with the public key": lambda: unsigned(
            {"alg": "HS256", "kid": key.kid, "typ": "JWT"},
            oauth.claims(sub=user),
            lambda data: hmac.new(key.public_pem(), data, hashlib.sha256).digest(),
        ),
        "unknown kid": lambda: oauth.mint(SigningKey(), sub=user),
        "other key, same kid": lambda: oauth.mint(SigningKey(kid=key.kid), sub=user),
        "id token": lambda: oauth.mint(sub=user, token_use="id"),
        "unknown app": lambda: oauth.mint(sub=user, client_id="someone-elses-app"),
        "no exp": lambda: oauth.mint(sub=user, exp=None),
    }[case]()
    status, headers, body = mcp(forged)
    assert status == 401, body
    fields = challenge(headers)
    assert fields["error"] == "invalid_token" and fragment in fields["error_description"]
    assert fields["resource_metadata"] == METADATA and fields["scope"] == SCOPE
    assert fragment in body["error"]["message"] and forged not in json.dumps(body) + json.dumps(headers)


def _tamper(token: str) -> str:
    head, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["sub"] = "someone-else"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{head}.{forged}.{signature}"


def test_a_token_without_the_read_scope_gets_403_insufficient_scope(oauth: Pool, user: str) -> None:
    status, headers, body = mcp(oauth.mint(sub=user, scope="openid profile"))
    assert status == 403
    fields = challenge(headers)
    assert fields["error"] == "insufficient_scope" and fields["scope"] == SCOPE
    assert fields["resource_metadata"] == METADATA and SCOPE in body["error"]["message"]


def test_a_signed_in_user_without_any_mapping_is_sent_to_the_connect_page(oauth: Pool, sandbox: Any) -> None:
    """Issue 19: no operator needed; a user who has connected nothing yet lists the tools and is told where to
    connect a company when a tool needs one."""
    token = oauth.mint(sub=str(uuid.uuid4()))
    status, _, body = mcp(token)
    assert status == 200 and body["result"]["tools"]
    status, _, body = mcp(token, method="tools/call", params={"name": "get-organization-tool", "arguments": {}})
    assert status == 200 and body["result"]["isError"] is True
    assert f"https://{HOST}/connect" in body["result"]["content"][0]["text"]
    assert list(sandbox.requests) == []


def test_the_audience_is_required_by_default_and_can_be_waived_for_a_pool_without_resource_indicators(
    oauth: Pool, user: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    status, headers, _ = mcp(oauth.mint(sub=user, aud=None))
    assert status == 401 and "names no audience" in challenge(headers)["error_description"]
    monkeypatch.setenv("OAUTH_REQUIRE_AUDIENCE", "false")
    reset_container()
    assert mcp(oauth.mint(sub=user, aud=None))[0] == 200
    assert mcp(oauth.mint(sub=user, aud="https://other.example/mcp"))[0] == 401  # a named audience must still match


def test_unknown_kids_refetch_the_keys_at_most_once_per_cooldown(oauth: Pool, user: str) -> None:
    assert mcp(oauth.mint(sub=user))[0] == 200
    fetched = oauth.jwks_fetches
    for _ in range(5):
        assert mcp(oauth.mint(SigningKey(), sub=user))[0] == 401
    assert oauth.jwks_fetches == fetched  # within the cooldown after the first fetch: no more requests to the pool


def test_a_rotated_key_is_fetched_once_the_cooldown_has_passed(
    oauth: Pool, user: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tokens, "REFETCH_COOLDOWN", 0.0)
    assert mcp(oauth.mint(sub=user))[0] == 200
    rotated = SigningKey()
    oauth.keys.append(rotated)
    try:
        assert mcp(oauth.mint(rotated, sub=user))[0] == 200
    finally:
        oauth.keys.remove(rotated)


def test_api_keys_work_unchanged_beside_oauth(oauth: Pool, tenants: Any, sandbox: Any) -> None:
    key = tenants.add("acme", DEMO_TOKEN)
    status, _, body = mcp(key)
    assert status == 200 and body["result"]["tools"]
    status, headers, _ = mcp("bmcp_not_a_key")
    assert status == 401 and challenge(headers)["error"] == "invalid_token"


def test_unreachable_keys_are_a_503_not_a_refusal(oauth: Pool, user: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OAUTH_JWKS_URL", "http://127.0.0.1:9/pool/.well-known/jwks.json")
    reset_container()
    status, headers, _ = mcp(oauth.mint(sub=user))
    assert status == 503 and headers["Retry-After"]


@pytest.mark.parametrize(
    ("name", "value"),
    [("OAUTH_CLIENT_IDS", ""), ("OAUTH_DOMAIN_URL", ""), ("OAUTH_DOMAIN_URL", "ftp://x"), ("OAUTH_ISSUER", "http://x")],
)
def test_incomplete_oauth_settings_stop_the_function_at_start(
    oauth: Pool, monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    settings.cache_clear()
    with pytest.raises(ConfigError, match=name):
        settings()


def test_the_api_key_path_never_imports_the_jwt_library(oauth: Pool, tenants: Any, sandbox: Any) -> None:
    """The cold start of API-key callers must not pay for PyJWT and cryptography."""
    key = tenants.add("acme", DEMO_TOKEN)
    script = (
        "import json, sys\n"
        "from tests.support import event, invoke, request\n"
        f"status, _, _ = invoke(event(request('tools/list'), key={key!r}))\n"
        "print(json.dumps([status, 'jwt' in sys.modules, 'cryptography' in sys.modules]))\n"
    )
    environment = dict(os.environ, PYTHONPATH=f"{ROOT / 'functions' / 'mcp'}{os.pathsep}{ROOT}")
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, env=environment, timeout=60
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [200, False, False], result.stderr[-2000:]


@pytest.mark.parametrize(
    "body", [b"", b"<html>maintenance</html>", b'{"keys": []}', b'{"keys": [{"kty": "oct"}]}', b"[]"]
)
def test_a_key_set_that_is_empty_or_not_json_is_a_503_not_a_500_or_a_refusal(
    oauth: Pool, user: str, body: bytes, captured: Any
) -> None:
    """A broken key set is the server's problem: 503 "keys unavailable", never a 500 (and its traceback), and never a
    401 invalid_token, which would send the client into a sign-in loop."""
    oauth.jwks_body = body
    try:
        status, headers, _ = mcp(oauth.mint(sub=user))
    finally:
        oauth.jwks_body = None
    assert status == 503 and headers["Retry-After"] and "WWW-Authenticate" not in headers
    assert "Traceback" not in captured.getvalue()


# ---- a signed-in user with no company yet ---------------------------------------------------------------------
@pytest.fixture
def newcomer(sm_client: Any, oauth: Pool) -> str:
    """A user who signed in and has no company connected yet (a `companies` document with none)."""
    from billy_mcp.tenants import USERS, user_hash

    subject = str(uuid.uuid4())
    name = settings().tenant_secret_prefix + USERS + user_hash(oauth.issuer, subject)
    sm_client.create_secret(Name=name, SecretString=json.dumps({"companies": []}))
    return subject


def modern_call(token: str, capabilities: dict[str, Any], **extra: Any) -> Any:
    from tests.support import modern_headers, modern_request

    message = modern_request("tools/call", {"name": "get-aged-receivables-tool", "arguments": {}, **extra})
    message["params"]["_meta"]["io.modelcontextprotocol/clientCapabilities"] = capabilities
    evt = event(message, headers=modern_headers("tools/call", "get-aged-receivables-tool") | {"host": HOST})
    evt["requestContext"]["domainName"] = HOST
    evt["headers"]["authorization"] = f"Bearer {token}"
    return invoke(evt)


def test_a_user_with_no_company_is_sent_to_the_connect_page(oauth: Pool, newcomer: str, sandbox: Any) -> None:
    token = oauth.mint(sub=newcomer)
    connect = f"https://{HOST}/connect"
    # legacy: a stateless server cannot know the client's capabilities after initialize: a tool error with the link
    status, _, body = mcp(token, method="tools/call", params={"name": "get-aged-receivables-tool", "arguments": {}})
    assert status == 200 and body["result"]["isError"] is True and connect in body["result"]["content"][0]["text"]
    # 2026-07-28, a client that takes URL elicitations: an input-required result that opens the connect page
    status, _, body = modern_call(token, {"elicitation": {"url": {}}})
    result = body["result"]
    assert status == 200 and result["resultType"] == "input_required"
    [(key, asked)] = result["inputRequests"].items()
    assert asked["method"] == "elicitation/create"
    assert asked["params"]["mode"] == "url" and asked["params"]["url"] == connect
    # its retry, still without a company (the user declined), ends in the tool error rather than asking again
    status, _, body = modern_call(token, {"elicitation": {"url": {}}}, inputResponses={key: {"action": "decline"}})
    assert body["result"]["resultType"] == "complete" and body["result"]["isError"] is True
    # a client without URL elicitation gets the link in a tool error
    status, _, body = modern_call(token, {"elicitation": {"form": {}}})
    assert body["result"]["isError"] is True and connect in body["result"]["content"][0]["text"]
    assert list(sandbox.requests) == []
