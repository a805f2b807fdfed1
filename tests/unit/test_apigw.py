"""Responses: pre-encoded tool listings splice in exactly what json.dumps would produce."""

from __future__ import annotations

import json

from billy_mcp.apigw import HttpResponse, PreEncoded, encode


def test_pre_encoded_parts_encode_like_plain_json() -> None:
    tools = PreEncoded([{"name": "å-tool", "inputSchema": {"type": "object"}, "n": [1, 2.5, None, True]}])
    body = {"jsonrpc": "2.0", "id": 'x"y', "result": {"tools": tools, "nextCursor": "abc", "ttlMs": 5}}
    assert json.loads(encode(body)) == json.loads(json.dumps(body))
    assert json.loads(encode([body, {"a": tools}])) == json.loads(json.dumps([body, {"a": tools}]))
    lam = HttpResponse(200, body, pre_encoded=True).to_lambda()
    assert (
        json.loads(lam["body"]) == json.loads(json.dumps(body)) and lam["headers"]["Content-Type"] == "application/json"
    )


def test_empty_bodies_have_no_content_type() -> None:
    assert HttpResponse(202).to_lambda() == {"statusCode": 202, "headers": {}, "body": "", "isBase64Encoded": False}
