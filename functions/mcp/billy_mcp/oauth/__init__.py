"""OAuth 2.1 sign-in beside API keys: discovery documents (`discovery`) and access-token checks (`tokens`).

`tokens` imports PyJWT and cryptography; it is imported only when a request carries a JWT, so the API-key path's
cold start does not pay for them.
"""


def looks_like_jwt(token: str) -> bool:
    """A compact JWS (three parts, a JSON header; an unsigned one too, to be refused as such); billy-mcp API keys
    (bmcp_…) never look like one."""
    parts = token.split(".")
    return len(parts) == 3 and token.startswith("eyJ") and bool(parts[1])
