"""The HTTP status table through lambda_handler, with moto's Secrets Manager server holding the tenants."""

from __future__ import annotations

import base64
import json
import os
from typing import Any

import pytest

from billy_mcp import config
from billy_mcp.catalog import TOOLS
from tests.support import MODERN, check_jsonrpc, event, invoke, modern_headers, modern_request, request

INIT = request(
    "initialize", {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}
)


def test_initialize_then_initialized_then_tools_list(api_key: str) -> None:
    status, headers, body = invoke(event(INIT, key=api_key))
    assert status == 200 and headers["Content-Type"] == "application/json"
    check_jsonrpc(body, "initialize", "2025-11-25")
    assert not any(name.lower() == "mcp-session-id" for name in headers)
    status, _, body = invoke(
        event(
            {"jsonrpc": "2.0", "method": "notifications/initialized"},
            key=api_key,
            headers={"MCP-Protocol-Version": "2025-11-25"},
        )
    )
    assert (status, body) == (202, None)
    status, headers, body = invoke(
        event(request("tools/list"), key=api_key, headers={"MCP-Protocol-Version": "2025-11-25"})
    )
    assert (
        status == 200 and len(body["result"]["tools"]) == len(TOOLS) and headers["Content-Type"] == "application/json"
    )
    check_jsonrpc(body, "tools/list", "2025-11-25")


def test_modern_discover_and_tools_list(api_key: str) -> None:
    for method in ("server/discover", "tools/list"):
        status, _, body = invoke(event(modern_request(method), key=api_key, headers=modern_headers(method)))
        assert status == 200
        check_jsonrpc(body, method, MODERN)


@pytest.mark.parametrize("method", ["GET", "DELETE", "PUT"])
def test_other_methods_are_405(api_key: str, method: str) -> None:
    status, headers, body = invoke(event(None, method=method, key=api_key, headers={"Accept": "text/event-stream"}))
    assert status == 405 and headers["Allow"] == "POST" and body["error"]["code"] == -32600


def test_get_is_405_even_without_a_key() -> None:
    status, _, _ = invoke(event(None, method="GET"))
    assert status == 405


def test_missing_key_is_401_with_a_bare_challenge() -> None:
    status, headers, body = invoke(event(INIT))
    assert status == 401 and headers["WWW-Authenticate"] == 'Bearer realm="billy-mcp"'
    check_jsonrpc(body, None, "2025-11-25")


def test_unknown_key_is_401_invalid_token(standin: str) -> None:
    status, headers, body = invoke(event(INIT, key="bmcp_unknown"))
    assert status == 401 and headers["WWW-Authenticate"] == 'Bearer realm="billy-mcp", error="invalid_token"'
    assert "bmcp_unknown" not in json.dumps(body)


def test_revoked_key_is_401_after_the_cache_ttl(tenants, sm_client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TENANT_CACHE_TTL", "0")
    config.settings.cache_clear()
    key = tenants.add("leaving")
    assert invoke(event(INIT, key=key))[0] == 200
    from billy_mcp.tenants import key_hash

    sm_client.delete_secret(SecretId="billy-mcp/tenants/" + key_hash(key), ForceDeleteWithoutRecovery=True)
    assert invoke(event(INIT, key=key))[0] == 401


def test_disallowed_origin_is_403_and_allowed_gets_cors(api_key: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLOWED_ORIGINS", "https://app.example")
    config.settings.cache_clear()
    status, _, _ = invoke(event(INIT, key=api_key, headers={"Origin": "https://evil.example"}))
    assert status == 403
    status, headers, _ = invoke(event(INIT, key=api_key, headers={"Origin": "https://app.example"}))
    assert status == 200 and headers["Access-Control-Allow-Origin"] == "https://app.example"


def test_body_over_one_mebibyte_is_413(api_key: str) -> None:
    status, _, body = invoke(event(None, raw=b" " * (1024 * 1024 + 1), key=api_key))
    assert status == 413 and body["error"]["code"] == -32600


def test_invalid_json_is_400_parse_error(api_key: str) -> None:
    status, _, body = invoke(event(None, raw=b'{"jsonrpc": "2.0", "id": 1,', key=api_key))
    assert status == 400 and body["error"]["code"] == -32700 and body["id"] is None


def test_base64_bodies_are_decoded(api_key: str) -> None:
    evt = event(INIT, key=api_key)
    evt["body"] = base64.b64encode(evt["body"].encode()).decode()
    evt["isBase64Encoded"] = True
    status, _, body = invoke(evt)
    assert status == 200 and body["result"]["protocolVersion"] == "2025-11-25"


def test_wrong_media_types(api_key: str) -> None:
    assert invoke(event(INIT, key=api_key, headers={"Content-Type": "text/plain"}))[0] == 415
    assert invoke(event(INIT, key=api_key, headers={"Accept": "text/html"}))[0] == 406


def test_secrets_manager_outage_is_503_naming_no_secret(api_key: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://127.0.0.1:9")  # nothing listens on the discard port
    status, headers, body = invoke(event(INIT, key=api_key))
    assert status == 503 and headers["Retry-After"]
    text = json.dumps(body)
    assert "billy-mcp/tenants" not in text and api_key not in text
    check_jsonrpc(body, None, "2025-11-25")


def test_missing_aws_credentials_are_503_not_a_crash(api_key: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without credentials no request can be signed; the caller gets 503, and the other credential is untouched."""
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    assert invoke(event(INIT, key=api_key))[0] == 503
    assert os.environ.get("AWS_SECRET_ACCESS_KEY")


def test_a_thousand_random_well_formed_keys_cost_no_secrets_manager_call(tenants: Any) -> None:
    """Keys carry a checksum: a guessed key of the right shape is refused before any lookup (issue 17 #2)."""
    import secrets

    from billy_mcp.handler import tenant_resolver

    tenants.add("acme", "billy-token")
    before = tenant_resolver().secret_reads
    for _ in range(1000):
        guess = "bmcp_" + secrets.token_urlsafe(32) + secrets.token_urlsafe(6)[:6]
        status, headers, _ = invoke(event(request("tools/list"), key=guess))
        assert status == 401 and 'error="invalid_token"' in headers["WWW-Authenticate"]
    assert tenant_resolver().secret_reads == before


def test_a_key_made_by_the_admin_cli_is_looked_up_and_works(tenants: Any, sm_client: Any) -> None:
    from billy_mcp import api_keys
    from local.secrets_standin import put_tenant

    key = api_keys.new_key()
    put_tenant(sm_client, key, "acme", "billy-token")
    status, _, body = invoke(event(request("tools/list"), key=key))
    assert status == 200 and body["result"]["tools"]
