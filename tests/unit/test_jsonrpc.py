"""JSON-RPC envelopes and ids as MCP allows them."""

from __future__ import annotations

import pytest

from billy_mcp.jsonrpc import INVALID_PARAMS, MODERN_STATUS, error_response, result_response, valid_request_id


def test_envelopes() -> None:
    assert result_response(7, {}) == {"jsonrpc": "2.0", "id": 7, "result": {}}
    assert error_response(None, INVALID_PARAMS, "bad") == {
        "jsonrpc": "2.0",
        "id": None,
        "error": {"code": -32602, "message": "bad"},
    }
    assert error_response("a", -32000, "x", {"k": 1})["error"]["data"] == {"k": 1}


@pytest.mark.parametrize(
    ("value", "valid"), [("a", True), (0, True), (-3, True), (None, False), (True, False), (1.5, False)]
)
def test_ids_are_strings_or_integers(value: object, valid: bool) -> None:
    assert valid_request_id(value) is valid


def test_modern_statuses() -> None:
    assert MODERN_STATUS[INVALID_PARAMS] == 400 and MODERN_STATUS[-32601] == 404 and -32603 not in MODERN_STATUS
