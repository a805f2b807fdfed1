"""Caller → tenant: `Authorization: Bearer <api key>` → sha256 → Secrets Manager secret → Billy access token.

The raw key lives only in the request; the cache is keyed by its sha256 and secrets are named by it,
so neither a cache dump nor a log line nor a secret listing reveals a key.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from . import secrets_store

MAX_CACHED_KEYS = 4096
"""Bound on cached hits and misses, so random keys cannot grow a warm container's memory."""

SECRETS_TIMEOUT = 3.0
"""Upper bound on one Secrets Manager call, in seconds (the remaining Lambda time bounds it further)."""


class Tenant:
    """A company the caller reaches: its name, its Billy token (never in a repr), the organization and, when it
    cannot reach Billy, why (a configuration problem). A slotted class: see billy_mcp.protocol.Outcome."""

    __slots__ = ("billy_access_token", "name", "organization_id", "problem")

    def __init__(
        self,
        name: str,
        billy_access_token: str | None,
        organization_id: str | None = None,
        problem: str | None = None,
    ) -> None:
        self.name = name
        self.billy_access_token = billy_access_token
        self.organization_id = organization_id
        self.problem = problem

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Tenant) and (
            self.name,
            self.billy_access_token,
            self.organization_id,
            self.problem,
        ) == (other.name, other.billy_access_token, other.organization_id, other.problem)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:  # never the Billy token
        return f"Tenant(name={self.name!r}, organization_id={self.organization_id!r}, problem={self.problem!r})"


class AuthenticationError(Exception):
    """No key or an unknown key; `key_sent` selects the `error="invalid_token"` challenge."""

    def __init__(self, key_sent: bool) -> None:
        super().__init__("invalid API key" if key_sent else "API key required")
        self.key_sent = key_sent


class TenantStoreUnavailable(Exception):
    """The tenant store failed for a reason other than "no such secret"; `reason` names no secret."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class UserWithoutTenant(Exception):
    """A signed-in user whom no tenant has been given (403: the operator adds them with tenant-add-user)."""


USERS = "users/"
"""Below the tenant prefix: one secret per signed-in user, named by user_hash, holding their tenant's document."""


def key_hash(api_key: str) -> str:
    return hashlib.sha256(api_key.encode("utf-8")).hexdigest()


def user_hash(issuer: str, subject: str) -> str:
    """The secret name of a signed-in user: neither the subject nor the issuer can be read back from it."""
    return hashlib.sha256(f"{issuer}\n{subject}".encode()).hexdigest()


def bearer_key(authorization: str | None) -> str | None:
    """The API key of an `Authorization: Bearer <key>` header, or None when there is none."""
    if not authorization:
        return None
    scheme, _, key = authorization.strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    key = key.strip()
    return key or None


def parse_secret(text: str) -> Tenant:
    """A tenant from its secret's JSON; a malformed secret yields a tenant that reports the problem."""
    try:
        document = json.loads(text)
    except ValueError:
        return Tenant("unknown", None, problem="the tenant secret is not valid JSON")
    if not isinstance(document, dict):
        return Tenant("unknown", None, problem="the tenant secret is not a JSON object")
    name = document.get("tenant")
    name = name.strip()[:64] if isinstance(name, str) and name.strip() else "unknown"
    token = document.get("billy_access_token")
    token = token.strip() if isinstance(token, str) and token.strip() else None
    organization_id = document.get("organization_id")
    organization_id = organization_id if isinstance(organization_id, str) and organization_id else None
    problem = None if token else "the tenant secret has no billy_access_token"
    return Tenant(name, token, organization_id, problem)


SecretReader = Callable[[str, float], str]


class TenantResolver:
    """Resolves API keys to tenants with a warm cache: hits for `ttl` seconds, misses for `miss_ttl` seconds."""

    def __init__(
        self,
        prefix: str,
        ttl: float,
        miss_ttl: float,
        read_secret: SecretReader = secrets_store.get_secret_string,
        clock: Callable[[], float] = time.monotonic,
        plausible: Callable[[str], bool] | None = None,
    ) -> None:
        self._plausible = plausible
        """A format check that refuses impossible keys before the lookup (billy_mcp.api_keys); None: look up all."""
        self._prefix = prefix
        self._ttl = ttl
        self._miss_ttl = miss_ttl
        self._read_secret = read_secret
        self._clock = clock
        self._cache: OrderedDict[str, tuple[float, Tenant | None]] = OrderedDict()
        self._lock = threading.Lock()
        self.secret_reads = 0
        """How many times Secrets Manager was asked (the bench reports it per 100 warm calls)."""

    def resolve(self, authorization: str | None, time_left: float = SECRETS_TIMEOUT) -> Tenant:
        key = bearer_key(authorization)
        if key is None:
            raise AuthenticationError(key_sent=authorization is not None and bool(authorization.strip()))
        if self._plausible is not None and not self._plausible(key):
            raise AuthenticationError(key_sent=True)  # refused before any Secrets Manager call
        return self._known(self._lookup(key_hash(key), time_left))

    def resolve_user(self, issuer: str, subject: str, time_left: float = SECRETS_TIMEOUT) -> Tenant:
        """The tenant of a user whose access token has been verified (billy_mcp.oauth.tokens)."""
        tenant = self._lookup(USERS + user_hash(issuer, subject), time_left)
        if tenant is None:
            raise UserWithoutTenant()
        return tenant

    def _lookup(self, digest: str, time_left: float) -> Tenant | None:
        """The tenant of the secret <prefix><digest>, from the cache while it is fresh; None when there is none."""
        now = self._clock()
        with self._lock:
            cached = self._cache.get(digest)
            if cached is not None and cached[0] > now:
                self._cache.move_to_end(digest)
                return cached[1]
        tenant = self._fetch(digest, min(SECRETS_TIMEOUT, time_left))
        with self._lock:
            expires = now + (self._ttl if tenant is not None else self._miss_ttl)
            self._cache[digest] = (expires, tenant)
            self._cache.move_to_end(digest)
            while len(self._cache) > MAX_CACHED_KEYS:
                self._cache.popitem(last=False)
        return tenant

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()

    @staticmethod
    def _known(tenant: Tenant | None) -> Tenant:
        if tenant is None:
            raise AuthenticationError(key_sent=True)
        return tenant

    def _fetch(self, digest: str, timeout: float) -> Tenant | None:
        self.secret_reads += 1
        try:
            text = self._read_secret(self._prefix + digest, timeout)
        except secrets_store.SecretNotFound:
            return None
        except secrets_store.SecretStoreError as exc:
            raise TenantStoreUnavailable(exc.reason) from None
        return parse_secret(text)
