"""The checks on one JSON-RPC message before a method answers it: what kind of message it is, which protocol
version it speaks (per era), and the shape of `params`. Each failure is raised once: a JsonRpcError for the
message, or Refused when no message of the body can be answered."""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from .apigw import HttpResponse, Refused
from .jsonrpc import (
    HEADER_MISMATCH,
    INVALID_PARAMS,
    INVALID_REQUEST,
    UNSUPPORTED_PROTOCOL_VERSION,
    JsonRpcError,
    error_response,
    valid_request_id,
)
from .versions import (
    CLIENT_CAPABILITIES_META_KEY,
    DEFAULT_HEADERLESS_VERSION,
    HANDSHAKE_VERSIONS,
    MODERN_VERSIONS,
    PROTOCOL_VERSION_META_KEY,
    SUPPORTED_VERSIONS,
)

_HEADER_VALUE = re.compile(r"^[\x20-\x7E]*$")
_B64_SENTINEL = re.compile(r"^=\?base64\?(.*)\?=$")
POSTED_RESPONSE = error_response(None, INVALID_REQUEST, "Invalid Request: clients must not POST responses")


def classify(message: Any) -> str | dict[str, Any]:
    """ "request" | "notification" | "response", or the -32600 error for anything else."""
    if isinstance(message, dict) and message.get("jsonrpc") == "2.0":
        if isinstance(message.get("method"), str):
            if "id" not in message:
                return "notification"
            if valid_request_id(message["id"]):
                return "request"
            return error_response(None, INVALID_REQUEST, "Invalid Request: id must be a string or an integer")
        if "method" not in message and ("result" in message or "error" in message) and "id" in message:
            return "response"
    request_id = message.get("id") if isinstance(message, dict) else None
    return error_response(
        request_id if valid_request_id(request_id) else None,
        INVALID_REQUEST,
        "Invalid Request: expected a JSON-RPC 2.0 request object",
    )


def _refused(message: str, data: Any = None) -> Refused:
    return Refused(HttpResponse(400, error_response(None, INVALID_REQUEST, message, data)), "rpc_error")


# ---- versions ------------------------------------------------------------------------------------------------------
def meta_version_present(message: Any) -> bool:
    """A body that names its version in `params._meta` speaks the modern era."""
    params = message.get("params") if isinstance(message, dict) else None
    meta = params.get("_meta") if isinstance(params, dict) else None
    return isinstance(meta, dict) and PROTOCOL_VERSION_META_KEY in meta


def handshake_version(header_version: str | None) -> str:
    """The handshake-era version a request speaks: its header's, 2025-03-26 without one; Refused when unsupported."""
    if header_version is None:
        return DEFAULT_HEADERLESS_VERSION
    if header_version in HANDSHAKE_VERSIONS:
        return header_version
    raise _refused(
        f"Bad Request: unsupported MCP-Protocol-Version {header_version!r}",
        {"supported": list(SUPPORTED_VERSIONS), "requested": header_version},
    )


def batch_version(batch: list[Any], header_version: str | None) -> str:
    """Batches exist only in 2025-03-26 and are never empty."""
    version = header_version or DEFAULT_HEADERLESS_VERSION
    if version != "2025-03-26":
        raise _refused(f"Invalid Request: JSON-RPC batches are not allowed in {version}")
    if not batch:
        raise _refused("Invalid Request: empty batch")
    return version


def modern_version(message: dict[str, Any], headers: dict[str, str]) -> str:
    """Checks in the order the 2026-07-28 transport rules give them; returns the request's version."""
    params = message.get("params")
    meta = params.get("_meta") if isinstance(params, dict) else None
    if not isinstance(meta, dict):
        raise JsonRpcError(
            INVALID_PARAMS,
            f"Invalid params: params._meta must be an object carrying {PROTOCOL_VERSION_META_KEY!r} "
            f"and {CLIENT_CAPABILITIES_META_KEY!r}",
        )
    missing = [key for key in (PROTOCOL_VERSION_META_KEY, CLIENT_CAPABILITIES_META_KEY) if key not in meta]
    if missing:
        raise JsonRpcError(INVALID_PARAMS, f"Invalid params: params._meta is missing {', '.join(missing)}")
    version = meta[PROTOCOL_VERSION_META_KEY]
    method = message["method"]
    header_version = headers.get("mcp-protocol-version")
    if header_version is None or header_version.strip() != version:
        raise JsonRpcError(
            HEADER_MISMATCH, "Header mismatch: MCP-Protocol-Version must equal params._meta's protocol version"
        )
    header_method = headers.get("mcp-method")
    if header_method is None or not _HEADER_VALUE.match(header_method) or header_method.strip() != method:
        raise JsonRpcError(HEADER_MISMATCH, "Header mismatch: Mcp-Method must equal the request's method")
    if method in ("tools/call", "prompts/get"):
        name = params.get("name") if isinstance(params, dict) else None
        if name is not None and decode_header(headers.get("mcp-name")) != name:
            raise JsonRpcError(HEADER_MISMATCH, "Header mismatch: Mcp-Name must equal params.name")
    if not isinstance(version, str):
        raise JsonRpcError(INVALID_PARAMS, "Invalid params: the protocol version in params._meta must be a string")
    if version not in MODERN_VERSIONS:
        raise JsonRpcError(
            UNSUPPORTED_PROTOCOL_VERSION,
            f"Unsupported protocol version: {version}",
            {"supported": list(SUPPORTED_VERSIONS), "requested": version},
        )
    return version


def decode_header(value: str | None) -> str | None:
    """A header value with surrounding whitespace trimmed and the `=?base64?…?=` form decoded."""
    if value is None:
        return None
    value = value.strip()
    match = _B64_SENTINEL.match(value)
    if match is None:
        return value
    try:
        return base64.b64decode(match.group(1), validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return None


# ---- params ----------------------------------------------------------------------------------------------------------
def params_of(message: dict[str, Any]) -> dict[str, Any]:
    params = message.get("params")
    if params is None:
        return {}
    if not isinstance(params, dict):
        raise JsonRpcError(INVALID_PARAMS, "Invalid params: params must be an object")
    return params


def name_of(params: dict[str, Any], method: str) -> str:
    name = params.get("name")
    if not isinstance(name, str):
        raise JsonRpcError(INVALID_PARAMS, f"Invalid params: {method} needs params.name, a string")
    return name


def arguments_of(params: dict[str, Any], method: str) -> dict[str, Any]:
    arguments = params.get("arguments")
    if arguments is None:
        return {}
    if not isinstance(arguments, dict):
        raise JsonRpcError(INVALID_PARAMS, f"Invalid params: {method} arguments must be an object")
    return arguments
