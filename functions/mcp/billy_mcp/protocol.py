"""JSON-RPC dispatch of MCP for both protocol eras on one stateless endpoint.

Handshake era (2025-03-26, 2025-06-18, 2025-11-25): `initialize`, `ping`, `tools/list`, `tools/call`,
`prompts/list`, `prompts/get`, notifications; the version comes from the `MCP-Protocol-Version` header
(absent: 2025-03-26).
Modern era (2026-07-28): every request carries `params._meta` with its version and client capabilities,
mirrored in the `MCP-Protocol-Version` / `Mcp-Method` / `Mcp-Name` headers; `server/discover` replaces
the handshake. A request is modern when its body carries the `_meta` version or its header names a
revision outside the handshake era.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .apigw import HttpResponse, PreEncoded, dumps
from .jsonrpc import (
    HEADER_MISMATCH,
    INVALID_PARAMS,
    INVALID_REQUEST,
    METHOD_NOT_FOUND,
    MODERN_STATUS,
    PARSE_ERROR,
    UNSUPPORTED_PROTOCOL_VERSION,
    JsonRpcError,
    RequestId,
    error_response,
    result_response,
    valid_request_id,
)
from .prompts import PromptArgumentError, PromptTable
from .tenants import Tenant
from .tools._registry import InvalidCursor, Registry, ToolCall, ToolError
from .versions import (
    CLIENT_CAPABILITIES_META_KEY,
    DEFAULT_HEADERLESS_VERSION,
    HANDSHAKE_VERSIONS,
    KNOWN_HANDSHAKE_VERSIONS,
    LATEST_HANDSHAKE,
    MODERN_VERSIONS,
    PROTOCOL_VERSION_META_KEY,
    SERVER_INFO_META_KEY,
    SUPPORTED_VERSIONS,
    at_least,
)

LIST_TTL_MS = 300_000
"""How long a modern client may cache the list methods and `server/discover` (they change only on deploy)."""
CAPABILITIES: dict[str, Any] = {"tools": {"listChanged": False}, "prompts": {"listChanged": False}}

_HEADER_VALUE = re.compile(r"^[\x20-\x7E]*$")
_B64_SENTINEL = re.compile(r"^=\?base64\?(.*)\?=$")


@dataclass(frozen=True, slots=True)
class ServerIdentity:
    name: str
    version: str
    title: str
    description: str
    website_url: str
    instructions: str

    def implementation(self, version: str) -> dict[str, Any]:
        """`Implementation` as the revision knows it: title from 2025-06-18, description/websiteUrl from 2025-11-25."""
        info: dict[str, Any] = {"name": self.name, "version": self.version}
        if at_least(version, "2025-06-18"):
            info["title"] = self.title
        if at_least(version, "2025-11-25"):
            info["description"] = self.description
            if self.website_url:
                info["websiteUrl"] = self.website_url
        return info


@dataclass(slots=True)
class Outcome:
    """What one request did, for the request log line and metrics."""

    method: str = ""
    tool: str = ""
    version: str = ""
    result: str = "ok"
    """ok | tool_error | rpc_error | notification | batch"""


@dataclass(frozen=True, slots=True)
class Exchange:
    """One HTTP request's MCP-level inputs."""

    headers: dict[str, str]
    tenant: Tenant
    deadline: float
    request_id: str


class McpServer:
    def __init__(
        self, registry: Registry, identity: ServerIdentity, prompts: PromptTable, rename: Callable[[str], str] = str
    ) -> None:
        self.registry = registry
        self.identity = identity
        self.prompts = prompts
        self.rename = rename
        """Rewrites tool names in the texts of tool errors (the tool-name prefix, billy_mcp.naming)."""

    # ---- entry -------------------------------------------------------------------------------------------
    def serve(self, body: bytes, exchange: Exchange, outcome: Outcome) -> HttpResponse:
        try:
            message = json.loads(body)
        except (ValueError, RecursionError):
            outcome.result = "rpc_error"
            return HttpResponse(400, error_response(None, PARSE_ERROR, "Parse error: the body is not valid JSON"))
        header_version = exchange.headers.get("mcp-protocol-version")
        if header_version is not None:
            header_version = header_version.strip()
        if isinstance(message, list):
            return self._batch(message, header_version, exchange, outcome)
        if isinstance(message, dict) and _meta_version_present(message):
            return self._modern(message, exchange, outcome)
        if header_version is not None and header_version not in KNOWN_HANDSHAKE_VERSIONS:
            return self._modern(message, exchange, outcome)
        return self._legacy(message, header_version, exchange, outcome)

    # ---- handshake era -----------------------------------------------------------------------------------
    def _legacy_version(self, header_version: str | None) -> str | HttpResponse:
        if header_version is None:
            return DEFAULT_HEADERLESS_VERSION
        if header_version in HANDSHAKE_VERSIONS:
            return header_version
        return HttpResponse(
            400,
            error_response(
                None,
                INVALID_REQUEST,
                f"Bad Request: unsupported MCP-Protocol-Version {header_version!r}",
                {"supported": list(SUPPORTED_VERSIONS), "requested": header_version},
            ),
        )

    def _legacy(self, message: Any, header_version: str | None, exchange: Exchange, outcome: Outcome) -> HttpResponse:
        version = self._legacy_version(header_version)
        if isinstance(version, HttpResponse):
            outcome.result = "rpc_error"
            return version
        outcome.version = version
        answer = self._legacy_message(message, version, exchange, outcome, in_batch=False)
        if answer is None:
            return HttpResponse(202)
        status = 400 if answer.get("error", {}).get("code") in (PARSE_ERROR, INVALID_REQUEST) else 200
        return HttpResponse(status, answer)

    def _batch(
        self, messages: list[Any], header_version: str | None, exchange: Exchange, outcome: Outcome
    ) -> HttpResponse:
        """JSON-RPC batches exist only in 2025-03-26; every later revision (and the modern era) refuses them."""
        outcome.method = "batch"
        version = header_version or DEFAULT_HEADERLESS_VERSION
        if version != "2025-03-26":
            outcome.result = "rpc_error"
            return HttpResponse(
                400,
                error_response(
                    None, INVALID_REQUEST, f"Invalid Request: JSON-RPC batches are not allowed in {version}"
                ),
            )
        if not messages:
            outcome.result = "rpc_error"
            return HttpResponse(400, error_response(None, INVALID_REQUEST, "Invalid Request: empty batch"))
        outcome.version = version
        outcome.result = "batch"
        answers = []
        for item in messages:
            answer = self._legacy_message(item, version, exchange, Outcome(), in_batch=True)
            if answer is not None:
                answers.append(answer)
        return HttpResponse(200, answers) if answers else HttpResponse(202)

    def _legacy_message(
        self, message: Any, version: str, exchange: Exchange, outcome: Outcome, in_batch: bool
    ) -> dict[str, Any] | None:
        """The response to one handshake-era message, or None for notifications and posted responses."""
        kind = _classify(message)
        if isinstance(kind, dict):
            outcome.result = "rpc_error"
            return kind
        if kind in ("notification", "response"):
            outcome.result = "notification"
            outcome.method = message.get("method", "response") if kind == "notification" else "response"
            return None
        request_id: RequestId = message["id"]
        method = message["method"]
        outcome.method = method
        params = message.get("params")
        try:
            params = _params(params)
            if method == "initialize":
                if in_batch:
                    raise JsonRpcError(INVALID_REQUEST, "Invalid Request: initialize must not be part of a batch")
                result = self._initialize(params)
                outcome.version = result["protocolVersion"]
            elif method == "ping":
                result = {}
            elif method == "tools/list":
                result = self._tools_list(params, version)
            elif method == "tools/call":
                result = self._tools_call(params, version, exchange, outcome)
            elif method == "prompts/list":
                result = self._prompts_list(params, version)
            elif method == "prompts/get":
                result = self._prompts_get(params)
            else:
                raise JsonRpcError(METHOD_NOT_FOUND, f"Method not found: {method}")
        except JsonRpcError as exc:
            outcome.result = "rpc_error"
            return error_response(request_id, exc.code, exc.message, exc.data)
        return result_response(request_id, result)

    def _initialize(self, params: dict[str, Any]) -> dict[str, Any]:
        requested = params.get("protocolVersion")
        version = requested if requested in HANDSHAKE_VERSIONS else LATEST_HANDSHAKE
        return {
            "protocolVersion": version,
            "capabilities": CAPABILITIES,
            "serverInfo": self.identity.implementation(version),
            "instructions": self.identity.instructions,
        }

    # ---- modern era --------------------------------------------------------------------------------------
    def _modern(self, message: Any, exchange: Exchange, outcome: Outcome) -> HttpResponse:
        kind = _classify(message)
        if isinstance(kind, dict):
            outcome.result = "rpc_error"
            return HttpResponse(400, kind)
        if kind == "response":
            outcome.result = "rpc_error"
            return HttpResponse(
                400, error_response(None, INVALID_REQUEST, "Invalid Request: clients must not POST responses")
            )
        outcome.method = message["method"]
        if kind == "notification":
            outcome.result = "notification"
            return HttpResponse(202)
        request_id: RequestId = message["id"]
        try:
            version = self._modern_ladder(message, exchange.headers)
            outcome.version = version
            params = message["params"]
            method = message["method"]
            if method == "server/discover":
                result = self._discover()
            elif method == "tools/list":
                result = self._tools_list(params, version)
                result |= {"ttlMs": LIST_TTL_MS, "cacheScope": "public"}
            elif method == "tools/call":
                result = self._tools_call(params, version, exchange, outcome)
            elif method == "prompts/list":
                result = self._prompts_list(params, version)
                result |= {"ttlMs": LIST_TTL_MS, "cacheScope": "public"}
            elif method == "prompts/get":
                result = self._prompts_get(params)
            else:
                raise JsonRpcError(METHOD_NOT_FOUND, f"Method not found: {method}")
        except JsonRpcError as exc:
            outcome.result = "rpc_error"
            status = exc.status or MODERN_STATUS.get(exc.code, 200)
            return HttpResponse(status, error_response(request_id, exc.code, exc.message, exc.data))
        result["resultType"] = "complete"
        meta = dict(result.get("_meta") or {})
        meta[SERVER_INFO_META_KEY] = self.identity.implementation(version)
        result["_meta"] = meta
        return HttpResponse(200, result_response(request_id, result))

    def _modern_ladder(self, message: dict[str, Any], headers: dict[str, str]) -> str:
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
            if name is not None and _decode_header(headers.get("mcp-name")) != name:
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

    def _discover(self) -> dict[str, Any]:
        return {
            "supportedVersions": list(SUPPORTED_VERSIONS),
            "capabilities": CAPABILITIES,
            "instructions": self.identity.instructions,
            "ttlMs": LIST_TTL_MS,
            "cacheScope": "public",
        }

    # ---- shared methods ----------------------------------------------------------------------------------
    def _tools_list(self, params: dict[str, Any], version: str) -> dict[str, Any]:
        cursor = params.get("cursor")
        if cursor is not None and not isinstance(cursor, str):
            raise JsonRpcError(INVALID_PARAMS, "Invalid params: cursor must be a string")
        try:
            tools, next_cursor = self.registry.page(
                cursor, with_titles=at_least(version, "2025-06-18"), with_output_schema=at_least(version, "2025-06-18")
            )
        except InvalidCursor:
            raise JsonRpcError(INVALID_PARAMS, "Invalid params: unknown cursor") from None
        result: dict[str, Any] = {"tools": tools}
        if next_cursor is not None:
            result["nextCursor"] = next_cursor
        return result

    def _prompts_list(self, params: dict[str, Any], version: str) -> dict[str, Any]:
        """Every prompt on one page: there are few, so a cursor can only be one this server never gave."""
        if params.get("cursor") is not None:
            raise JsonRpcError(INVALID_PARAMS, "Invalid params: unknown cursor")
        return {"prompts": self.prompts.definitions(with_titles=at_least(version, "2025-06-18"))}

    def _prompts_get(self, params: dict[str, Any]) -> dict[str, Any]:
        name = _name(params, "prompts/get")
        prompt = self.prompts.get(name)
        if prompt is None:
            raise JsonRpcError(INVALID_PARAMS, f"Unknown prompt: {name[:128]} (prompts/list names them)")
        arguments = _arguments(params, "prompts/get")
        try:
            return self.prompts.message(prompt, arguments)
        except PromptArgumentError as exc:
            raise JsonRpcError(INVALID_PARAMS, f"Invalid params: {exc}") from None

    def _tools_call(self, params: dict[str, Any], version: str, exchange: Exchange, outcome: Outcome) -> dict[str, Any]:
        name = _name(params, "tools/call")
        tool = self.registry.get(name)
        if tool is None:
            raise JsonRpcError(INVALID_PARAMS, f"Unknown tool: {name[:128]}")
        outcome.tool = name
        arguments = _arguments(params, "tools/call")
        problem = self.registry.validate(tool, arguments)
        if problem is not None:
            outcome.result = "tool_error"
            return _error_result(f"Invalid arguments for {name}: {problem}.")
        call = ToolCall(
            arguments=arguments, tenant=exchange.tenant, deadline=exchange.deadline, request_id=exchange.request_id
        )
        try:
            data = tool.function(call)
        except ToolError as exc:
            outcome.result = "tool_error"
            return _error_result(self.rename(str(exc)))
        except Exception:
            from .observability import logger

            logger.exception("tool failed unexpectedly", extra={"tool": name})
            outcome.result = "tool_error"
            return _error_result(
                f"{name} failed because of an internal error in billy-mcp (request {exchange.request_id or 'unknown'}); "
                "retrying will not help, please report it."
            )
        # Encoded once: the same text is the text block and, spliced in unparsed, structuredContent.
        text = dumps(data)
        result: dict[str, Any] = {"content": [{"type": "text", "text": text}], "isError": False}
        if at_least(version, "2025-06-18"):
            result["structuredContent"] = PreEncoded(json_text=text)
        return result


def _name(params: dict[str, Any], method: str) -> str:
    name = params.get("name")
    if not isinstance(name, str):
        raise JsonRpcError(INVALID_PARAMS, f"Invalid params: {method} needs params.name, a string")
    return name


def _arguments(params: dict[str, Any], method: str) -> dict[str, Any]:
    arguments = params.get("arguments")
    if arguments is None:
        return {}
    if not isinstance(arguments, dict):
        raise JsonRpcError(INVALID_PARAMS, f"Invalid params: {method} arguments must be an object")
    return arguments


def _error_result(message: str) -> dict[str, Any]:
    return {"content": [{"type": "text", "text": message}], "isError": True}


def _meta_version_present(message: dict[str, Any]) -> bool:
    params = message.get("params")
    if not isinstance(params, dict):
        return False
    meta = params.get("_meta")
    return isinstance(meta, dict) and PROTOCOL_VERSION_META_KEY in meta


def _classify(message: Any) -> str | dict[str, Any]:
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


def _params(params: Any) -> dict[str, Any]:
    if params is None:
        return {}
    if not isinstance(params, dict):
        raise JsonRpcError(INVALID_PARAMS, "Invalid params: params must be an object")
    return params


def _decode_header(value: str | None) -> str | None:
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
