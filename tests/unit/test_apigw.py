"""Responses: pre-encoded tool listings splice in exactly what json.dumps would produce."""

from __future__ import annotations

import json

import pytest

from billy_mcp.apigw import HttpResponse
from billy_mcp.wire import PreEncoded, encode


def test_pre_encoded_parts_encode_like_plain_json() -> None:
    listing = [{"name": "å-tool", "inputSchema": {"type": "object"}, "n": [1, 2.5, None, True]}]
    tools = PreEncoded(listing)
    body = {"jsonrpc": "2.0", "id": 'x"y', "result": {"tools": tools, "nextCursor": "abc", "ttlMs": 5}}
    plain = {"jsonrpc": "2.0", "id": 'x"y', "result": {"tools": listing, "nextCursor": "abc", "ttlMs": 5}}
    assert json.loads(encode(body)) == plain
    assert json.loads(encode([body, {"a": tools}])) == [plain, {"a": listing}]
    lam = HttpResponse(200, body).to_lambda()
    assert json.loads(lam["body"]) == plain and lam["headers"]["Content-Type"] == "application/json"


def test_a_result_encoded_once_is_spliced_wherever_it_appears() -> None:
    data = {"invoices": [{"id": "a", "text": 'æøå \\u0000 "quoted"'}], "paging": {"page": 1}}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    body = {"content": [{"type": "text", "text": text}], "structuredContent": PreEncoded(json_text=text)}
    decoded = json.loads(encode(body))
    assert decoded["structuredContent"] == data and decoded["content"][0]["text"] == text


def test_client_data_cannot_imitate_a_splice_marker() -> None:
    """Text that looks like a marker stays text: markers carry a per-container nonce and a NUL."""
    sneaky = {"id": "\u0000x:0", "name": "\x00abc:0", "tools": PreEncoded([1, 2])}
    assert json.loads(encode(sneaky)) == {"id": "\u0000x:0", "name": "\x00abc:0", "tools": [1, 2]}


def test_objects_that_are_not_json_are_refused() -> None:
    with pytest.raises(TypeError):
        encode({"when": object()})


def test_empty_bodies_have_no_content_type() -> None:
    assert HttpResponse(202).to_lambda() == {"statusCode": 202, "headers": {}, "body": "", "isBase64Encoded": False}
