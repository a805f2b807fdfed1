"""JSON-RPC dispatch of MCP for both protocol eras on one stateless endpoint, through one method table.

Handshake era (2025-03-26, 2025-06-18, 2025-11-25): `initialize`, `ping`, the list and call methods and
notifications; the version comes from the `MCP-Protocol-Version` header (absent: 2025-03-26).
Modern era (2026-07-28): every request carries `params._meta` with its version and client capabilities,
mirrored in the `MCP-Protocol-Version` / `Mcp-Method` / `Mcp-Name` headers; `server/discover` replaces
the handshake. A request is modern when its body carries the `_meta` version or its header names a
revision outside the handshake era. `METHODS` says which method each era serves; the eras differ only in how
a request is checked and how its answer is wrapped.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from . import messages
from .apigw import HttpResponse, Refused
from .jsonrpc import (
    INVALID_PARAMS,
    INVALID_REQUEST,
    METHOD_NOT_FOUND,
    MODERN_STATUS,
    PARSE_ERROR,
    JsonRpcError,
    error_response,
    result_response,
)
from .prompts import PromptArgumentError, PromptTable
from .registry import InvalidCursor, Registry, ToolCall, ToolError
from .schema import COMPANY
from .session import BillySession, Counters, NoCompanyConnected
from .versions import (
    CLIENT_CAPABILITIES_META_KEY,
    HANDSHAKE_VERSIONS,
    KNOWN_HANDSHAKE_VERSIONS,
    LATEST_HANDSHAKE,
    MODERN_VERSIONS,
    SERVER_INFO_META_KEY,
    SUPPORTED_VERSIONS,
    at_least,
)
from .wire import PreEncoded, dumps

LIST_TTL_MS = 300_000
"""How long a modern client may cache the list methods and `server/discover` (they change only on deploy)."""
MAX_RESULT_CHARACTERS = 2_500_000
"""A tool result's encoded size at most (characters; Danish text is mostly one byte each): it is sent twice, so two
copies and the envelope stay within Lambda's 6 MB response limit, where more would become API Gateway's 500."""
CAPABILITIES: dict[str, Any] = {"tools": {"listChanged": False}, "prompts": {"listChanged": False}}
HANDSHAKE, MODERN = "handshake", "modern"


class ServerIdentity:
    """Who the server says it is, per revision (`implementation`), and its instructions."""

    __slots__ = ("description", "instructions", "name", "title", "version", "website_url")

    def __init__(
        self, name: str, version: str, title: str, description: str, website_url: str, instructions: str
    ) -> None:
        self.name = name
        self.version = version
        self.title = title
        self.description = description
        self.website_url = website_url
        self.instructions = instructions

    def with_instructions(self, instructions: str) -> ServerIdentity:
        return ServerIdentity(self.name, self.version, self.title, self.description, self.website_url, instructions)

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


class Outcome:
    """What one request did, for the request log line and metrics: `result` is ok, tool_error, rpc_error,
    notification, batch, http_error, unauthorized, unavailable or internal_error; `billy` the request's Billy
    counters once a tenant was resolved.

    The records of the cold path (here, the tool table, the settings, the prompts) are slotted classes written out:
    creating a class costs a cold start ~0.7 ms as a dataclass, ~0.4 ms as a typing.NamedTuple and ~0.02 ms as a
    plain class, and the cold path declares about thirty (bench/README.md, "Cold start")."""

    __slots__ = ("billy", "method", "result", "tenant", "tool", "version")

    def __init__(
        self, method: str = "", tool: str = "", version: str = "", result: str = "ok", tenant: str = ""
    ) -> None:
        self.method = method
        self.tool = tool
        self.version = version
        self.result = result
        self.tenant = tenant
        self.billy: Counters | None = None


class RequestContext:
    """One HTTP request as the MCP methods see it: its headers, its Billy session, API Gateway's request id and the
    stack's connect page (None without sign-in), where a caller with no company is sent."""

    __slots__ = ("billy", "connect_url", "headers", "request_id")

    def __init__(
        self, headers: dict[str, str], billy: BillySession, request_id: str, connect_url: str | None = None
    ) -> None:
        self.headers = headers
        self.billy = billy
        self.request_id = request_id
        self.connect_url = connect_url


class MethodCall:
    """One JSON-RPC request being answered."""

    __slots__ = ("context", "in_batch", "outcome", "params", "version")

    def __init__(
        self, params: dict[str, Any], version: str, context: RequestContext, outcome: Outcome, in_batch: bool = False
    ) -> None:
        self.params = params
        self.version = version
        self.context = context
        self.outcome = outcome
        self.in_batch = in_batch


class Method:
    """A method of the table: what answers it, in which eras, and whether its modern answer may be cached
    (`ttlMs`, `cacheScope`)."""

    __slots__ = ("answer", "cacheable", "eras")

    def __init__(
        self, answer: Callable[[McpServer, MethodCall], dict[str, Any]], eras: frozenset[str], cacheable: bool = False
    ) -> None:
        self.answer = answer
        self.eras = eras
        self.cacheable = cacheable


class McpServer:
    def __init__(
        self, registry: Registry, identity: ServerIdentity, prompts: PromptTable, rename: Callable[[str], str] = str
    ) -> None:
        self.registry = registry
        self.identity = identity
        self.prompts = prompts
        self.rename = rename
        """Rewrites tool names in the texts of tool errors (the tool-name prefix, billy_mcp.naming)."""

    def serve(self, body: bytes, context: RequestContext, outcome: Outcome) -> HttpResponse:
        """The answer to one POSTed body; raises Refused for a body no era can serve."""
        try:
            message = json.loads(body)
        except (ValueError, RecursionError):
            raise Refused(
                HttpResponse(400, error_response(None, PARSE_ERROR, "Parse error: the body is not valid JSON")),
                "rpc_error",
            ) from None
        header_version = context.headers.get("mcp-protocol-version")
        if header_version is not None:
            header_version = header_version.strip()
        if isinstance(message, list):
            return self._batch(message, header_version, context, outcome)
        if messages.meta_version_present(message) or (
            header_version is not None and header_version not in KNOWN_HANDSHAKE_VERSIONS
        ):
            return self._modern(message, context, outcome)
        version = messages.handshake_version(header_version)
        outcome.version = version
        answer = self._handshake(message, version, context, outcome, in_batch=False)
        if answer is None:
            return HttpResponse(202)
        status = 400 if answer.get("error", {}).get("code") in (PARSE_ERROR, INVALID_REQUEST) else 200
        return HttpResponse(status, answer)

    # ---- the eras ----------------------------------------------------------------------------------------------
    def _batch(
        self, batch: list[Any], header_version: str | None, context: RequestContext, outcome: Outcome
    ) -> HttpResponse:
        """JSON-RPC batches exist only in 2025-03-26; every later revision (and the modern era) refuses them."""
        outcome.method = "batch"
        version = messages.batch_version(batch, header_version)
        outcome.version = version
        outcome.result = "batch"
        answers = [
            answer
            for item in batch
            if (answer := self._handshake(item, version, context, Outcome(), in_batch=True)) is not None
        ]
        return HttpResponse(200, answers) if answers else HttpResponse(202)

    def _handshake(
        self, message: Any, version: str, context: RequestContext, outcome: Outcome, in_batch: bool
    ) -> dict[str, Any] | None:
        """The response to one handshake-era message, or None for notifications and posted responses."""
        kind = messages.classify(message)
        if isinstance(kind, dict):
            outcome.result = "rpc_error"
            return kind
        if kind != "request":
            outcome.result = "notification"
            outcome.method = message.get("method", "response") if kind == "notification" else "response"
            return None
        outcome.method = message["method"]
        try:
            call = MethodCall(messages.params_of(message), version, context, outcome, in_batch)
            result = self._answer(message["method"], HANDSHAKE, call)
        except JsonRpcError as exc:
            outcome.result = "rpc_error"
            return error_response(message["id"], exc.code, exc.message, exc.data)
        return result_response(message["id"], result)

    def _modern(self, message: Any, context: RequestContext, outcome: Outcome) -> HttpResponse:
        kind = messages.classify(message)
        if isinstance(kind, dict) or kind == "response":
            outcome.result = "rpc_error"
            refusal = kind if isinstance(kind, dict) else messages.POSTED_RESPONSE
            return HttpResponse(400, refusal)
        outcome.method = message["method"]
        if kind == "notification":
            outcome.result = "notification"
            return HttpResponse(202)
        try:
            version = messages.modern_version(message, context.headers)
            outcome.version = version
            result = self._answer(message["method"], MODERN, MethodCall(message["params"], version, context, outcome))
        except JsonRpcError as exc:
            outcome.result = "rpc_error"
            status = exc.status or MODERN_STATUS.get(exc.code, 200)
            return HttpResponse(status, error_response(message["id"], exc.code, exc.message, exc.data))
        result.setdefault("resultType", "complete")
        result["_meta"] = {**(result.get("_meta") or {}), SERVER_INFO_META_KEY: self.identity.implementation(version)}
        return HttpResponse(200, result_response(message["id"], result))

    def _answer(self, name: str, era: str, call: MethodCall) -> dict[str, Any]:
        method = METHODS.get(name)
        if method is None or era not in method.eras:
            raise JsonRpcError(METHOD_NOT_FOUND, f"Method not found: {name}")
        result = method.answer(self, call)
        if era == MODERN and method.cacheable:
            result |= {"ttlMs": LIST_TTL_MS, "cacheScope": "public"}
        return result

    # ---- the methods -------------------------------------------------------------------------------------------
    def initialize(self, call: MethodCall) -> dict[str, Any]:
        if call.in_batch:
            raise JsonRpcError(INVALID_REQUEST, "Invalid Request: initialize must not be part of a batch")
        requested = call.params.get("protocolVersion")
        version = requested if requested in HANDSHAKE_VERSIONS else LATEST_HANDSHAKE
        call.outcome.version = version
        return {
            "protocolVersion": version,
            "capabilities": CAPABILITIES,
            "serverInfo": self.identity.implementation(version),
            "instructions": self.identity.instructions,
        }

    def ping(self, call: MethodCall) -> dict[str, Any]:
        return {}

    def discover(self, call: MethodCall) -> dict[str, Any]:
        return {
            "supportedVersions": list(SUPPORTED_VERSIONS),
            "capabilities": CAPABILITIES,
            "instructions": self.identity.instructions,
            "ttlMs": LIST_TTL_MS,
            "cacheScope": "public",
        }

    def tools_list(self, call: MethodCall) -> dict[str, Any]:
        cursor = call.params.get("cursor")
        if cursor is not None and not isinstance(cursor, str):
            raise JsonRpcError(INVALID_PARAMS, "Invalid params: cursor must be a string")
        newer = at_least(call.version, "2025-06-18")
        try:
            tools, next_cursor = self.registry.page(cursor, with_titles=newer, with_output_schema=newer)
        except InvalidCursor:
            raise JsonRpcError(INVALID_PARAMS, "Invalid params: unknown cursor") from None
        result: dict[str, Any] = {"tools": tools}
        if next_cursor is not None:
            result["nextCursor"] = next_cursor
        return result

    def prompts_list(self, call: MethodCall) -> dict[str, Any]:
        """Every prompt on one page: there are few, so a cursor can only be one this server never gave."""
        if call.params.get("cursor") is not None:
            raise JsonRpcError(INVALID_PARAMS, "Invalid params: unknown cursor")
        return {"prompts": self.prompts.definitions(with_titles=at_least(call.version, "2025-06-18"))}

    def prompts_get(self, call: MethodCall) -> dict[str, Any]:
        name = messages.name_of(call.params, "prompts/get")
        prompt = self.prompts.get(name)
        if prompt is None:
            raise JsonRpcError(INVALID_PARAMS, f"Unknown prompt: {name[:128]} (prompts/list names them)")
        try:
            return self.prompts.message(prompt, messages.arguments_of(call.params, "prompts/get"))
        except PromptArgumentError as exc:
            raise JsonRpcError(INVALID_PARAMS, f"Invalid params: {exc}") from None

    def tools_call(self, call: MethodCall) -> dict[str, Any]:
        name = messages.name_of(call.params, "tools/call")
        tool = self.registry.get(name)
        if tool is None:
            raise JsonRpcError(INVALID_PARAMS, f"Unknown tool: {name[:128]}")
        call.outcome.tool = name
        arguments = messages.arguments_of(call.params, "tools/call")
        problem = self.registry.validate(tool, arguments)
        if problem is not None:
            call.outcome.result = "tool_error"
            return _error_result(f"Invalid arguments for {name}: {problem}.")
        try:
            billy = call.context.billy.for_company(arguments.pop(COMPANY, None))
            if billy is not call.context.billy:
                call.outcome.tenant = billy.tenant.name
            data = tool.function(ToolCall(arguments, billy))
        except NoCompanyConnected as exc:
            return _no_company(call, str(exc))
        except ToolError as exc:
            call.outcome.result = "tool_error"
            return _error_result(self.rename(str(exc)))
        except Exception:
            from .observability import logger

            logger.exception("tool failed unexpectedly", extra={"tool": name})
            call.outcome.result = "tool_error"
            return _error_result(
                f"{name} failed because of an internal error in billy-mcp (request "
                f"{call.context.request_id or 'unknown'}); retrying will not help, please report it."
            )
        # Encoded once: the same text is the text block and, spliced in unparsed, structuredContent.
        text = dumps(data)
        if len(text) > MAX_RESULT_CHARACTERS:
            call.outcome.result = "tool_error"
            return _error_result(
                f"{name}'s answer is {len(text) / 1_000_000:.1f} million characters, more than the "
                f"{MAX_RESULT_CHARACTERS / 1_000_000:.1f} million one answer may carry (it travels twice, as text and "
                "as structuredContent, within Lambda's 6 MB response). Ask for less: pass fields with just the fields "
                "the question needs, a smaller page_size, or a narrower filter."
            )
        result: dict[str, Any] = {"content": [{"type": "text", "text": text}], "isError": False}
        if at_least(call.version, "2025-06-18"):
            result["structuredContent"] = PreEncoded(json_text=text)
        return result


BOTH = frozenset({HANDSHAKE, MODERN})
METHODS: dict[str, Method] = {
    "initialize": Method(McpServer.initialize, frozenset({HANDSHAKE})),
    "ping": Method(McpServer.ping, frozenset({HANDSHAKE})),
    "server/discover": Method(McpServer.discover, frozenset({MODERN})),
    "tools/list": Method(McpServer.tools_list, BOTH, cacheable=True),
    "tools/call": Method(McpServer.tools_call, BOTH),
    "prompts/list": Method(McpServer.prompts_list, BOTH, cacheable=True),
    "prompts/get": Method(McpServer.prompts_get, BOTH),
}
"""Every MCP method the server answers, and the protocol eras that have it (the SDK's low-level server keeps the
same kind of map)."""


CONNECT_REQUEST = "connect-company"
"""The key of the URL elicitation that sends a caller with no company to the connect page (2026-07-28)."""


def _no_company(call: MethodCall, message: str) -> dict[str, Any]:
    """A caller with no company yet: on 2026-07-28, to a client that takes URL elicitations, an input-required
    result that opens the connect page (its retry then finds the company); otherwise a tool error with the link.

    The 2025-11-25 way (JSON-RPC error -32042) may go only to a client that declared URL elicitation, which a
    stateless server hears only in `initialize`: legacy clients get the tool error with the link."""
    url = call.context.connect_url
    if url is None:
        call.outcome.result = "tool_error"
        return _error_result(message)
    text = (
        f"No Billy company is connected to this sign-in yet. Open {url}, sign in and paste a Billy access token "
        "(mit.billy.dk → Settings → Access tokens) to connect one; then ask again."
    )
    answered = isinstance(call.params.get("inputResponses"), dict) and CONNECT_REQUEST in call.params["inputResponses"]
    if call.version in MODERN_VERSIONS and _takes_url_elicitation(call.params) and not answered:
        call.outcome.result = "input_required"
        elicitation = {"mode": "url", "message": text, "url": url}
        return {
            "resultType": "input_required",
            "inputRequests": {CONNECT_REQUEST: {"method": "elicitation/create", "params": elicitation}},
        }
    call.outcome.result = "tool_error"
    return _error_result(text)


def _takes_url_elicitation(params: dict[str, Any]) -> bool:
    meta = params.get("_meta")
    capabilities = meta.get(CLIENT_CAPABILITIES_META_KEY) if isinstance(meta, dict) else None
    elicitation = capabilities.get("elicitation") if isinstance(capabilities, dict) else None
    return isinstance(elicitation, dict) and isinstance(elicitation.get("url"), dict)


def _error_result(message: str) -> dict[str, Any]:
    return {"content": [{"type": "text", "text": message}], "isError": True}
