"""A real OAuth client (the `mcp` SDK's OAuthClientProvider) signs in and uses the served endpoint.

The flow is the one Claude and the Inspector run: a 401 names the protected-resource metadata, which names the
authorization server; its RFC 8414 document (published by billy-mcp for Cognito) gives the endpoints and S256;
the client does authorization code + PKCE against the stand-in pool's /oauth2 endpoints (local/cognito_standin.py)
with a pre-registered public client id (Cognito has no dynamic registration), then lists and calls tools with the
access token. The served process (`python -m local.serve --sandbox`) maps the pool's user to its tenant.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import anyio
import httpx2
import pytest
from mcp.client.auth import OAuthClientProvider
from mcp.shared.auth import AuthorizationCodeResult, OAuthClientInformationFull, OAuthClientMetadata, OAuthToken

from local.cognito_standin import CLIENT_ID, SCOPE, SUBJECT, Pool
from local.process import Server
from tests.e2e.conftest import connected, served_with_sign_in

pytestmark = pytest.mark.e2e
REDIRECT = "http://localhost:6274/oauth/callback"


@pytest.fixture(scope="module")
def signed_in() -> Iterator[tuple[Server, Pool]]:
    with served_with_sign_in(MCP_OAUTH_SUBJECT=SUBJECT) as served:
        yield served


class MemoryStorage:
    """The client's token store, holding the client id an operator would enter (no dynamic registration)."""

    def __init__(self) -> None:
        self.tokens: OAuthToken | None = None
        self.client = OAuthClientInformationFull(
            client_id=CLIENT_ID,
            redirect_uris=[REDIRECT],  # type: ignore[list-item]
            token_endpoint_auth_method="none",
            grant_types=["authorization_code", "refresh_token"],
            response_types=["code"],
        )

    async def get_tokens(self) -> OAuthToken | None:
        return self.tokens

    async def set_tokens(self, tokens: OAuthToken) -> None:
        self.tokens = tokens

    async def get_client_info(self) -> OAuthClientInformationFull | None:
        return self.client

    async def set_client_info(self, client_info: OAuthClientInformationFull) -> None:
        self.client = client_info


async def _session(server: Server, mode: str) -> dict[str, Any]:
    seen: dict[str, Any] = {"authorize": []}
    result: dict[str, AuthorizationCodeResult] = {}

    async def redirect(url: str) -> None:
        """The user's browser: the stand-in signs the user in at once and redirects back with the code."""
        seen["authorize"].append(url)
        async with httpx2.AsyncClient(follow_redirects=False, timeout=10) as browser:
            answer = await browser.get(url)
        location = urlsplit(answer.headers["location"])
        query = {name: values[0] for name, values in parse_qs(location.query).items()}
        result["code"] = AuthorizationCodeResult(code=query["code"], state=query.get("state"))

    async def callback() -> AuthorizationCodeResult:
        return result["code"]

    storage = MemoryStorage()
    provider = OAuthClientProvider(
        server_url=server.url,
        client_metadata=OAuthClientMetadata(redirect_uris=[REDIRECT], scope=SCOPE),  # type: ignore[list-item]
        storage=storage,
        redirect_handler=redirect,
        callback_handler=callback,
    )
    async with connected(server.url, mode, auth=provider) as client:
        seen["version"] = client.protocol_version
        seen["tools"] = [tool.name for tool in (await client.list_tools()).tools]
        seen["organization"] = await client.call_tool("get-organization-tool", {})
    seen["token"] = storage.tokens
    return seen


@pytest.mark.parametrize("mode, version", [("legacy", "2025-11-25"), ("auto", "2026-07-28")])
def test_an_oauth_client_signs_in_with_pkce_and_calls_tools(
    signed_in: tuple[Server, Pool], mode: str, version: str
) -> None:
    server, _pool = signed_in
    seen = anyio.run(_session, server, mode)
    assert seen["version"] == version
    [authorize] = seen["authorize"]  # signed in once, then the token was used for every request
    query = {name: values[0] for name, values in parse_qs(urlsplit(authorize).query).items()}
    assert authorize.startswith(_pool.url + "/oauth2/authorize?")
    assert query["client_id"] == CLIENT_ID and query["code_challenge_method"] == "S256" and query["code_challenge"]
    assert query["scope"] == SCOPE and query["resource"] == server.url  # RFC 8707: the canonical resource
    assert seen["token"] is not None and seen["token"].access_token.count(".") == 2
    assert "get-organization-tool" in seen["tools"] and len(seen["tools"]) > 20
    organization = seen["organization"]
    assert organization.is_error is False and organization.structured_content["organization"]["name"]


def test_api_keys_keep_working_on_the_same_endpoint(signed_in: tuple[Server, Pool]) -> None:
    server, _ = signed_in

    async def listed() -> list[str]:
        async with connected(server.url, "legacy", server.key) as client:
            return [tool.name for tool in (await client.list_tools()).tools]

    assert "get-organization-tool" in anyio.run(listed)
