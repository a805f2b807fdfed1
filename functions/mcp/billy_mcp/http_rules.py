"""The HTTP rules of MCP's Streamable HTTP transport for a stateless, JSON-only, POST-only endpoint.

Each check returns an `HttpResponse` to send instead of serving the request, or None when the request passes.
"""

from __future__ import annotations

import base64
import binascii

from .apigw import HttpRequest, HttpResponse, Refused
from .config import MAX_BODY_BYTES
from .jsonrpc import INVALID_REQUEST, PARSE_ERROR, error_response

ALLOW = "POST"
"""What 405 answers name: MCP is served by POST alone (OPTIONS exists only for CORS preflights)."""
PREFLIGHT_METHODS = "POST, OPTIONS"
CORS_ALLOW_HEADERS = "Authorization, Content-Type, Accept, MCP-Protocol-Version, Mcp-Method, Mcp-Name, Last-Event-ID"
CORS_EXPOSE_HEADERS = "MCP-Protocol-Version, WWW-Authenticate"


def _error(status: int, code: int, message: str, headers: dict[str, str] | None = None) -> HttpResponse:
    return HttpResponse(status, error_response(None, code, message), dict(headers or {}))


def cors_headers(request: HttpRequest, allowed_origins: frozenset[str]) -> dict[str, str]:
    """CORS response headers for an allowed browser origin (none for server-to-server callers)."""
    origin = request.headers.get("origin")
    if origin is None or not origin_allowed(origin, allowed_origins):
        return {}
    return {
        "Access-Control-Allow-Origin": origin,
        "Access-Control-Expose-Headers": CORS_EXPOSE_HEADERS,
        "Vary": "Origin",
    }


def origin_allowed(origin: str, allowed_origins: frozenset[str]) -> bool:
    """Exact origins, `*` for any, or `scheme://host:*` for any port of one host (handy for localhost)."""
    origin = origin.rstrip("/")
    if "*" in allowed_origins or origin in allowed_origins:
        return True
    base, _, port = origin.rpartition(":")
    return port.isdigit() and "//" in base and f"{base}:*" in allowed_origins


def check_origin(request: HttpRequest, allowed_origins: frozenset[str]) -> HttpResponse | None:
    """A present Origin that is not allowed is refused (DNS-rebinding protection); an absent one is fine."""
    origin = request.headers.get("origin")
    if origin is not None and not origin_allowed(origin, allowed_origins):
        return _error(403, INVALID_REQUEST, "Forbidden: this Origin is not allowed to call the MCP endpoint")
    return None


def check_method(request: HttpRequest, allowed_origins: frozenset[str]) -> HttpResponse | None:
    """POST serves MCP; OPTIONS answers CORS preflights; GET (no SSE stream), DELETE (no sessions) and others get 405."""
    if request.method == "POST":
        return None
    if request.method == "OPTIONS":
        headers = cors_headers(request, allowed_origins)
        if headers:
            headers |= {
                "Access-Control-Allow-Methods": PREFLIGHT_METHODS,
                "Access-Control-Allow-Headers": CORS_ALLOW_HEADERS,
                "Access-Control-Max-Age": "600",
            }
        return HttpResponse(204, None, headers | {"Allow": PREFLIGHT_METHODS})
    return _error(
        405,
        INVALID_REQUEST,
        f"Method Not Allowed: {request.method or 'this method'} is not served; this stateless endpoint takes POST only",
        {"Allow": ALLOW},
    )


def check_content_type(request: HttpRequest) -> HttpResponse | None:
    content_type = request.headers.get("content-type")
    if content_type is None:
        return None
    media = content_type.split(";", 1)[0].strip().lower()
    if media == "application/json" or media.endswith("+json"):
        return None
    return _error(415, INVALID_REQUEST, "Unsupported Media Type: send the JSON-RPC message as application/json")


def check_accept(request: HttpRequest) -> HttpResponse | None:
    """Answers are always application/json; a client that accepts neither it nor a wildcard cannot read them."""
    accept = request.headers.get("accept")
    if accept is None:
        return None
    for part in accept.split(","):
        media = part.split(";", 1)[0].strip().lower()
        if media in ("application/json", "application/*", "*/*"):
            return None
    return _error(406, INVALID_REQUEST, "Not Acceptable: this endpoint answers with application/json")


def admit(request: HttpRequest, allowed_origins: frozenset[str]) -> bytes:
    """The body of a request MCP may serve, after every HTTP rule above; raises Refused with the first one broken."""
    for refusal in (
        check_method(request, allowed_origins),
        check_origin(request, allowed_origins),
        check_content_type(request),
        check_accept(request),
    ):
        if refusal is not None:
            raise Refused(refusal, "http_error")
    return read_body(request)


def read_body(request: HttpRequest) -> bytes:
    """The raw request body (base64-decoded when API Gateway encoded it); raises Refused (413/400) when it cannot
    be served."""
    raw = request.body
    if request.is_base64:
        if len(raw) > (MAX_BODY_BYTES * 4) // 3 + 4:
            raise _too_large()
        try:
            body = base64.b64decode(raw, validate=True)
        except (binascii.Error, ValueError):
            raise _refused(400, PARSE_ERROR, "Parse error: the base64-encoded body is not valid base64") from None
    else:
        if len(raw) > MAX_BODY_BYTES:
            raise _too_large()
        try:
            body = raw.encode("utf-8")
        except UnicodeEncodeError:
            raise _refused(400, PARSE_ERROR, "Parse error: the body is not valid UTF-8") from None
    if len(body) > MAX_BODY_BYTES:
        raise _too_large()
    return body


def _refused(status: int, code: int, message: str) -> Refused:
    return Refused(_error(status, code, message), "http_error")


def _too_large() -> Refused:
    return _refused(413, INVALID_REQUEST, f"Payload Too Large: request bodies are limited to {MAX_BODY_BYTES} bytes")
