"""What an OAuth client reads before it signs a user in: the two well-known documents and the 401 challenge.

MCP authorization (2025-06-18 onwards) makes the MCP server an OAuth 2.1 resource server that MUST publish RFC 9728
protected-resource metadata and point at it from `WWW-Authenticate` on a 401. The authorization server is Amazon
Cognito, which publishes only OpenID discovery: no RFC 8414 document, and no `code_challenge_methods_supported`,
without which Claude, Claude Code, Cursor and the MCP Inspector refuse to sign in (2025-11-25 tells clients to
refuse). So this endpoint also publishes the RFC 8414 document for the stack's sign-in: same Cognito endpoints,
with the PKCE method Cognito does support (S256) stated. The documents are public and carry no secret.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from ..apigw import HttpRequest, HttpResponse
from ..config import OAuthSettings

PROTECTED_RESOURCE_PATH = "/.well-known/oauth-protected-resource"
AUTHORIZATION_SERVER_PATH = "/.well-known/oauth-authorization-server"
MCP_PATHS = ("/mcp", "/mcp/billy")
WELL_KNOWN_PATHS = (
    PROTECTED_RESOURCE_PATH,
    *(PROTECTED_RESOURCE_PATH + path for path in MCP_PATHS),
    AUTHORIZATION_SERVER_PATH,
)
"""RFC 9728 §3.1: the document of https://host/mcp lives at https://host/.well-known/oauth-protected-resource/mcp;
the root form is where clients look when a 401 names no document (2025-11-25's fallback)."""
_CACHE = "public, max-age=3600"


def canonical_resource(oauth: OAuthSettings, request: HttpRequest) -> str:
    """The resource URL tokens are for: OAUTH_RESOURCE, else https://<the host the request came to>/mcp.

    Both /mcp and /mcp/billy are this one resource: clients accept a resource whose path is a prefix of the URL
    they were given (RFC 8707 resource indicators name the protected resource, not each route)."""
    if oauth.resource:
        return oauth.resource
    host = request.host or "localhost"
    scheme = "http" if host.startswith(("127.0.0.1", "localhost")) else "https"
    return f"{scheme}://{host}/mcp"


GATEWAY_SUFFIX = "/billy"
"""The gateway path /mcp/billy is a resource of its own: …/mcp + this."""


def resources(oauth: OAuthSettings, request: HttpRequest) -> tuple[str, str]:
    """The stack's two resources, the endpoint and its gateway path: tokens for either are accepted."""
    resource = canonical_resource(oauth, request)
    return resource, resource + GATEWAY_SUFFIX


def resource_for(oauth: OAuthSettings, request: HttpRequest) -> str:
    """The resource a request's URL stands for (RFC 9728 §3.3: a metadata document names the resource it was fetched
    for): …/mcp/billy for the gateway path and its metadata, …/mcp for everything else."""
    endpoint, gateway = resources(oauth, request)
    path = request.path
    if path == "/mcp/billy" or path == PROTECTED_RESOURCE_PATH + "/mcp/billy":
        return gateway
    return endpoint


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def metadata_url(resource: str, request_path: str) -> str:
    """The protected-resource metadata URL for the MCP path the client called."""
    path = request_path if request_path in MCP_PATHS else urlsplit(resource).path
    if request_path not in MCP_PATHS and path.endswith(GATEWAY_SUFFIX):
        path = path[: -len(GATEWAY_SUFFIX)]
    return _origin(resource) + PROTECTED_RESOURCE_PATH + path


def protected_resource_metadata(oauth: OAuthSettings, resource: str) -> dict[str, Any]:
    return {
        "resource": resource,
        "authorization_servers": [_origin(resource)],
        "scopes_supported": [oauth.scope],
        "bearer_methods_supported": ["header"],
        "resource_name": "Billy accounting (read-only)",
    }


def authorization_server_metadata(oauth: OAuthSettings, resource: str) -> dict[str, Any]:
    """RFC 8414 for the stack's Cognito sign-in; its issuer is this host, where the document is published."""
    domain = oauth.domain_url
    return {
        "issuer": _origin(resource),
        "authorization_endpoint": f"{domain}/oauth2/authorize",
        "token_endpoint": f"{domain}/oauth2/token",
        "revocation_endpoint": f"{domain}/oauth2/revoke",
        "jwks_uri": oauth.jwks_url,
        "scopes_supported": [oauth.scope],
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["none", "client_secret_basic", "client_secret_post"],
        # RFC 9207: Cognito does not add `iss` to the authorization response, so say so rather than let a client
        # that checks it wait for one.
        "authorization_response_iss_parameter_supported": False,
    }


_CORS = {"Access-Control-Allow-Origin": "*"}
"""Browser-based clients (the Inspector's web UI) read these across origins; they are public documents."""


def well_known(oauth: OAuthSettings, request: HttpRequest) -> HttpResponse:
    """GET one of WELL_KNOWN_PATHS; OPTIONS answers a CORS preflight; any other method is 405."""
    if request.method == "OPTIONS":
        preflight = {
            "Access-Control-Allow-Methods": "GET, OPTIONS",
            "Access-Control-Allow-Headers": "mcp-protocol-version, accept",
            "Access-Control-Max-Age": "3600",
        }
        return HttpResponse(204, None, _CORS | preflight)
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(405, {"error": "method_not_allowed"}, {"Allow": "GET, HEAD, OPTIONS"})
    if request.path == AUTHORIZATION_SERVER_PATH:
        document = authorization_server_metadata(oauth, canonical_resource(oauth, request))
    else:
        document = protected_resource_metadata(oauth, resource_for(oauth, request))
    return HttpResponse(200, document, {"Cache-Control": _CACHE} | _CORS)


def challenge(oauth: OAuthSettings, resource: str, request_path: str, error: str = "", description: str = "") -> str:
    """`WWW-Authenticate` for a 401 or 403: where the metadata is and which scope to ask for (RFC 6750, RFC 9728)."""
    parts = [f'resource_metadata="{metadata_url(resource, request_path)}"', f'scope="{oauth.scope}"']
    if error:
        parts.insert(0, f'error="{error}"')
    if description:
        parts.append(f'error_description="{_quoted(description)}"')
    return "Bearer " + ", ".join(parts)


def _quoted(text: str) -> str:
    """RFC 6750 §3: error_description is printable ASCII without `"` and `\\`."""
    return "".join(c for c in text if 0x20 <= ord(c) <= 0x7E and c not in '"\\')
