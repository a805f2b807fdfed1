"""Access tokens from the stack's Cognito user pool, checked in the function with PyJWT.

Why in the function and not API Gateway's JWT authorizer: an HTTP API JWT authorizer answers a refused token with
its own 401 (`Bearer scope="" error="invalid_token"`, no `resource_metadata`) and that answer cannot be changed,
which breaks MCP's MUST that a 401 point at the protected-resource metadata.

Checks, in order: RS256 only (the header's `alg`; `none` and HMAC never reach a key), the signing key by `kid`
from the pool's JWKS (cached per container; an unknown `kid` refetches the set at most once a minute, so forged
`kid`s cannot make every request call Cognito), the signature, `iss` = the pool, `exp` and `nbf` (30 s leeway for
clock skew), `token_use` = access, `client_id` among the stack's app clients, `aud` = one of this endpoint's two
resources and nothing else (Cognito adds it with Managed Login and resource indicators; OAUTH_REQUIRE_AUDIENCE, on
by default, makes it mandatory), and the read scope. The token itself is never forwarded: Billy is called with the tenant's own Billy token.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import jwt
from jwt import PyJWK, PyJWKClient, PyJWKClientConnectionError, PyJWKClientError

from ..config import OAuthSettings

ALGORITHM = "RS256"
LEEWAY_SECONDS = 30
REFETCH_COOLDOWN = 60.0
"""Seconds after a JWKS fetch before an unknown `kid` may cause another (Cognito rotates keys rarely)."""
JWKS_LIFESPAN = 3600.0
JWKS_TIMEOUT = 3.0


class TokenRejected(Exception):
    """401 invalid_token; the message says why in words safe to send back (never token contents)."""


class ScopeMissing(Exception):
    """403 insufficient_scope: a valid token without the read scope."""


class KeysUnavailable(Exception):
    """The pool's JWKS could not be fetched: the server's problem (503), not the caller's."""


@dataclass(frozen=True, slots=True)
class Identity:
    issuer: str
    subject: str
    client_id: str


def key_client(url: str) -> PyJWKClient:
    """PyJWKClient with its JWK-set cache (an hour) and its cooldown on refetches for unknown `kid`s."""
    return PyJWKClient(
        url, cache_jwk_set=True, lifespan=JWKS_LIFESPAN, cooldown_duration=REFETCH_COOLDOWN, timeout=JWKS_TIMEOUT
    )


def signing_key(client: PyJWKClient, kid: str) -> PyJWK:
    """The key that signed the token. A key set that cannot be fetched or used (not JSON, empty, no signing keys) is
    the server's problem (KeysUnavailable, 503); only a usable set without the token's `kid` refuses the token,
    since a refusal sends the client to sign in again, which could not help."""
    try:
        return client.get_signing_key(kid)
    except PyJWKClientConnectionError:
        raise KeysUnavailable("the sign-in keys could not be fetched") from None
    except PyJWKClientError:
        if not _usable(client):
            raise KeysUnavailable("the sign-in key set holds no usable signing key") from None
        raise TokenRejected("the token was signed with a key this server does not know") from None
    except (ValueError, TypeError, AttributeError, KeyError, jwt.PyJWTError):
        # PyJWT lets a key set that is not JSON, not an object or empty escape as these.
        raise KeysUnavailable("the sign-in key set could not be read") from None


def _usable(client: PyJWKClient) -> bool:
    """Whether the (cached) key set holds at least one signing key."""
    try:
        return bool(client.get_signing_keys())
    except (PyJWKClientError, ValueError, TypeError, AttributeError, KeyError, jwt.PyJWTError):
        return False


class TokenVerifier:
    def __init__(self, oauth: OAuthSettings) -> None:
        self.oauth = oauth
        self.keys = key_client(oauth.jwks_url)

    def verify(self, token: str, resources: tuple[str, ...]) -> Identity:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError:
            raise TokenRejected("the token is not a well-formed JWT") from None
        if header.get("alg") != ALGORITHM:
            raise TokenRejected(f"the token must be signed with {ALGORITHM}")
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise TokenRejected("the token names no signing key")
        key = signing_key(self.keys, kid)
        claims = self._decode(token, key)
        if claims.get("token_use") != "access":
            raise TokenRejected("the token is not an access token")
        client_id = claims.get("client_id")
        if not isinstance(client_id, str) or client_id not in self.oauth.client_ids:
            raise TokenRejected("the token was issued to an app this server does not accept")
        self._check_audience(claims, resources)
        subject = claims.get("sub")
        if not isinstance(subject, str) or not subject:
            raise TokenRejected("the token names no user")
        scopes = claims.get("scope")
        if not isinstance(scopes, str) or self.oauth.scope not in scopes.split():
            raise ScopeMissing(f"the token lacks the scope {self.oauth.scope}")
        return Identity(issuer=self.oauth.issuer, subject=subject, client_id=client_id)

    def _decode(self, token: str, key: PyJWK) -> dict[str, Any]:
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key.key,
                algorithms=[ALGORITHM],
                issuer=self.oauth.issuer,
                leeway=LEEWAY_SECONDS,
                options={"require": ["exp", "iss", "sub"], "verify_aud": False},
            )
        except jwt.ExpiredSignatureError:
            raise TokenRejected("the token has expired") from None
        except jwt.ImmatureSignatureError:
            raise TokenRejected("the token is not valid yet") from None
        except jwt.InvalidIssuerError:
            raise TokenRejected("the token was not issued by this server's sign-in") from None
        except jwt.InvalidSignatureError:
            raise TokenRejected("the token's signature does not verify") from None
        except jwt.MissingRequiredClaimError as exc:
            raise TokenRejected(f"the token has no {exc.claim} claim") from None
        except jwt.InvalidTokenError:
            raise TokenRejected("the token is not valid") from None
        return claims

    def _check_audience(self, claims: dict[str, Any], resources: tuple[str, ...]) -> None:
        """`aud` names this endpoint (either of its resources) and nothing else (RFC 8707; MCP authorization: a
        server accepts only tokens issued for itself). A list holding this resource among others is refused: such
        a token is also good elsewhere, so a server that received it could replay it here."""
        audience = claims.get("aud")
        if audience is None:
            if self.oauth.require_audience:
                raise TokenRejected("the token names no audience; it must be issued for " + resources[0])
            return
        if isinstance(audience, list) and len(audience) == 1:
            audience = audience[0]
        if not isinstance(audience, str) or audience not in resources:
            raise TokenRejected("the token is for another resource")


_verifier: TokenVerifier | None = None
_verifier_lock = threading.Lock()


def verifier(oauth: OAuthSettings) -> TokenVerifier:
    """The container's verifier (its key cache lives as long as the container)."""
    global _verifier
    with _verifier_lock:
        if _verifier is None or _verifier.oauth != oauth:
            _verifier = TokenVerifier(oauth)
        return _verifier
