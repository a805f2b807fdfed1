"""A local stand-in for the parts of a Cognito user pool that billy-mcp and OAuth clients talk to.

It signs access tokens with a freshly generated RSA key (PyJWT + cryptography, no home-made crypto) and serves the
pool's JWKS on 127.0.0.1. `/oauth2/authorize` and `/oauth2/token` do the authorization-code grant with PKCE S256
for one pre-registered public client and one user who is always signed in, as Cognito's hosted sign-in would after
the user typed a password. moto's Cognito issues tokens without `aud` and `scope` and serves no /oauth2 endpoints,
so it drives the admin tests, and this drives the token and sign-in tests.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from .adapter import LocalHTTPServer, serve_in_thread

CLIENT_ID = "billy-mcp-test-client"
SCOPE = "billy-mcp/read"
CONNECT_CLIENT_ID = "billy-mcp-connect-page"
"""The connect page's own public app client, with its own scope (billy_mcp.config.connect_oauth)."""
CONNECT_SCOPE = "billy-mcp/connect"
CLIENTS = {CLIENT_ID: SCOPE, CONNECT_CLIENT_ID: CONNECT_SCOPE}
SUBJECT = "8c1f7d2a-4b6e-4f0a-9d3c-2e5b7a9f1c44"
USERNAME = "anne@nordlys.test"


@dataclass
class SigningKey:
    kid: str = field(default_factory=lambda: "kid-" + secrets.token_hex(4))
    private: rsa.RSAPrivateKey = field(
        default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )

    def jwk(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.private.public_key()))
        return data | {"kid": self.kid, "alg": "RS256", "use": "sig"}

    def public_pem(self) -> bytes:
        return self.private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )


@dataclass
class Pool:
    """The stand-in's state: its issuer URL, signing keys, and what it was asked."""

    url: str = ""
    keys: list[SigningKey] = field(default_factory=lambda: [SigningKey()])
    jwks_fetches: int = 0
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    audience: str | None = None
    """Put into tokens as `aud` (Cognito does so with resource indicators); None leaves it out."""
    jwks_body: bytes | None = None
    """Served as the key set instead of the keys (a broken key set); None serves the keys."""

    @property
    def issuer(self) -> str:
        return self.url + "/pool"

    def claims(self, **overrides: Any) -> dict[str, Any]:
        now = int(time.time())
        claims: dict[str, Any] = {
            "sub": SUBJECT,
            "iss": self.issuer,
            "client_id": CLIENT_ID,
            "token_use": "access",
            "scope": f"openid {SCOPE}",
            "auth_time": now,
            "iat": now,
            "exp": now + 3600,
            "jti": secrets.token_hex(8),
            "username": USERNAME,
        }
        if self.audience is not None:
            claims["aud"] = self.audience
        for name, value in overrides.items():
            if value is None:
                claims.pop(name, None)
            else:
                claims[name] = value
        return claims

    def mint(self, key: SigningKey | None = None, headers: dict[str, Any] | None = None, **overrides: Any) -> str:
        key = key or self.keys[0]
        return jwt.encode(
            self.claims(**overrides), key.private, algorithm="RS256", headers={"kid": key.kid} | (headers or {})
        )


def _challenge(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


def _handler(pool: Pool) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # quiet: the tests read what they need
            return

        def _json(self, status: int, document: dict[str, Any]) -> None:
            body = json.dumps(document).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Access-Control-Allow-Origin", "*")  # the connect page asks /oauth2/token from a browser
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            if parts.path == "/pool/.well-known/jwks.json":
                pool.jwks_fetches += 1
                if pool.jwks_body is not None:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(pool.jwks_body)))
                    self.end_headers()
                    self.wfile.write(pool.jwks_body)
                    return
                self._json(200, {"keys": [key.jwk() for key in pool.keys]})
                return
            if parts.path == "/oauth2/authorize":
                self._authorize(parse_qs(parts.query))
                return
            self._json(404, {"message": "Not Found"})

        def _authorize(self, query: dict[str, list[str]]) -> None:
            given = {name: values[0] for name, values in query.items()}
            if given.get("client_id") not in CLIENTS or given.get("response_type") != "code":
                self._json(400, {"error": "unauthorized_client"})
                return
            if given.get("code_challenge_method") != "S256" or not given.get("code_challenge"):
                self._json(400, {"error": "invalid_request", "error_description": "PKCE S256 is required"})
                return
            code = secrets.token_urlsafe(16)
            pool.codes[code] = given
            redirect = given["redirect_uri"] + "?" + urlencode({"code": code, "state": given.get("state", "")})
            self.send_response(302)
            self.send_header("Location", redirect)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_POST(self) -> None:
            if urlsplit(self.path).path != "/oauth2/token":
                self._json(404, {"message": "Not Found"})
                return
            length = int(self.headers.get("Content-Length", "0"))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            asked = pool.codes.pop(form.get("code", ""), None)
            if (
                form.get("grant_type") != "authorization_code"
                or asked is None
                or form.get("client_id") != asked.get("client_id")
                or form.get("redirect_uri") != asked.get("redirect_uri")
                or _challenge(form.get("code_verifier", "")) != asked.get("code_challenge")
            ):
                self._json(400, {"error": "invalid_grant"})
                return
            client = asked["client_id"]
            scopes = asked.get("scope", "")
            # Managed Login with resource indicators (RFC 8707) puts the requested resource in `aud`.
            token = pool.mint(
                scope=scopes or CLIENTS[client], aud=asked.get("resource") or form.get("resource"), client_id=client
            )
            self._json(200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600})

    return Handler


@contextmanager
def running_pool() -> Iterator[Pool]:
    """The stand-in on 127.0.0.1 (a free port) until the block ends."""
    pool = Pool()
    server = LocalHTTPServer(("127.0.0.1", 0), _handler(pool))
    pool.url = f"http://127.0.0.1:{server.server_address[1]}"
    with serve_in_thread(server):
        yield pool
