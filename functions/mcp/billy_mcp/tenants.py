"""Caller → companies: `Authorization: Bearer <api key>` (or a signed-in user) → sha256 → Secrets Manager secret →
the Billy companies the caller reaches, each with its Billy access token.

A secret holds one of two documents:
- an operator's tenant (`make tenant-add`): `{"tenant": "acme", "billy_access_token": "...", "organization_id": ...}`,
  one company whose handle is the tenant's name;
- a caller's companies: `{"companies": [{"handle": "acme", "billy_access_token": "...", "organization_id": ...,
  "name": ..., "registration_no": ...}, ...]}`, any number of them (none yet, or several for a bookkeeper).

The raw key lives only in the request; the cache is keyed by its sha256 and secrets are named by it,
so neither a cache dump nor a log line nor a secret listing reveals a key.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence

from . import secrets_store

MAX_CACHED_KEYS = 4096
"""Bound on cached hits and misses, so random keys cannot grow a warm container's memory."""

SECRETS_TIMEOUT = 3.0
"""Upper bound on one Secrets Manager call, in seconds (the remaining Lambda time bounds it further)."""


HANDLE = re.compile(r"^[a-z0-9-]{1,32}$")
_HASH = re.compile(r"^[0-9a-f]{64}$")
"""A company's handle: what a caller passes as `company` to choose among their companies."""
MAX_COMPANIES = 50
"""Companies one secret may list: a bound on what one caller costs a request (the connect page enforces it too)."""


def handle_of(name: str) -> str:
    """The handle of an operator's tenant name: lower case, any other character as '-', at most 32."""
    return re.sub(r"[^a-z0-9-]", "-", name.lower())[:32].strip("-") or "company"


class Tenant:
    """A company the caller reaches: its handle and name, its Billy token (never in a repr), the organization and,
    when it cannot reach Billy, why (a configuration problem). `connected` marks a company its user connected on
    the connect page (remedies then point there, not at an operator). A slotted class: see
    billy_mcp.protocol.Outcome."""

    __slots__ = ("billy_access_token", "connected", "handle", "name", "organization_id", "problem")

    def __init__(
        self,
        name: str,
        billy_access_token: str | None,
        organization_id: str | None = None,
        problem: str | None = None,
        handle: str | None = None,
        connected: bool = False,
    ) -> None:
        self.name = name
        self.billy_access_token = billy_access_token
        self.organization_id = organization_id
        self.problem = problem
        self.handle = handle or handle_of(name)
        self.connected = connected

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Tenant) and (
            self.name,
            self.billy_access_token,
            self.organization_id,
            self.problem,
            self.handle,
            self.connected,
        ) == (other.name, other.billy_access_token, other.organization_id, other.problem, other.handle, other.connected)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:  # never the Billy token
        return f"Tenant(name={self.name!r}, organization_id={self.organization_id!r}, problem={self.problem!r})"


class CompanyChoice(Exception):
    """The caller's `company` cannot be served: none given among several, an unknown handle, or none connected.
    The message lists the handles there are (never a token)."""

    def __init__(self, message: str, none_connected: bool = False) -> None:
        super().__init__(message)
        self.none_connected = none_connected


class Caller:
    """The companies one API key or signed-in user reaches: one for an operator's tenant, any number (none yet,
    or several for a bookkeeper) for a caller who connects their own."""

    __slots__ = ("companies", "owner", "reload")

    def __init__(
        self, companies: Sequence[Tenant], reload: Callable[[], Caller] | None = None, owner: str | None = None
    ) -> None:
        self.companies = tuple(companies)
        self.owner = owner
        """The user (user_hash) whose connected companies these are, for their "last used"; None for an operator's
        tenant."""
        self.reload = reload
        """Reads the caller's secret again, past the warm cache: asked when a call names a handle the cached
        companies do not have (renamed or connected a moment ago on the connect page)."""

    @property
    def handles(self) -> list[str]:
        return [company.handle for company in self.companies]

    def company(self, handle: str | None) -> Tenant:
        """The company a call is about; raises CompanyChoice when that cannot be told."""
        if handle is not None:
            for company in self.companies:
                if company.handle == handle:
                    return company
            raise CompanyChoice(
                f"This connection has no company '{handle[:32]}'. Its companies (pass one as company): "
                f"{', '.join(self.handles) or 'none yet'}."
            )
        if len(self.companies) == 1:
            return self.companies[0]
        if not self.companies:
            raise CompanyChoice(
                "No Billy company is connected to this sign-in yet: connect one on this server's /connect page "
                "(sign in, then paste a Billy access token from mit.billy.dk → Settings → Access tokens).",
                none_connected=True,
            )
        raise CompanyChoice(
            f"This connection reaches {len(self.companies)} companies: pass company with one of their handles "
            f"({', '.join(self.handles)}); list-organizations-tool shows their names."
        )


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
    """An operator's tenant from its secret's JSON; a malformed secret yields a tenant that reports the problem."""
    try:
        document = json.loads(text)
    except ValueError:
        return Tenant("unknown", None, problem="the tenant secret is not valid JSON")
    if not isinstance(document, dict):
        return Tenant("unknown", None, problem="the tenant secret is not a JSON object")
    return _company(document, document.get("tenant"), connected=False)


def parse_caller(text: str) -> Caller:
    """The companies a secret gives its caller: its `companies`, or the one company of an operator's tenant."""
    try:
        document = json.loads(text)
    except ValueError:
        document = None
    if isinstance(document, dict) and isinstance(document.get("companies"), list):
        entries = [entry for entry in document["companies"][:MAX_COMPANIES] if isinstance(entry, dict)]
        companies = [_company(entry, entry.get("handle"), connected=True) for entry in entries]
        unique = {company.handle: company for company in companies if HANDLE.match(company.handle)}
        owner = document.get("owner")
        return Caller(list(unique.values()), owner=owner if isinstance(owner, str) and _HASH.match(owner) else None)
    return Caller([parse_secret(text)])


def _company(document: dict[str, object], name: object, connected: bool) -> Tenant:
    name = name.strip()[:64] if isinstance(name, str) and name.strip() else "unknown"
    token = document.get("billy_access_token")
    token = token.strip() if isinstance(token, str) and token.strip() else None
    organization_id = document.get("organization_id")
    organization_id = organization_id if isinstance(organization_id, str) and organization_id else None
    problem = None if token else "the tenant secret has no billy_access_token"
    return Tenant(name, token, organization_id, problem, handle=handle_of(name), connected=connected)


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
        self._cache: OrderedDict[str, tuple[float, Caller | None]] = OrderedDict()
        self._lock = threading.Lock()
        self.secret_reads = 0
        """How many times Secrets Manager was asked (the bench reports it per 100 warm calls)."""

    def resolve(self, authorization: str | None, time_left: float = SECRETS_TIMEOUT, fresh: bool = False) -> Caller:
        key = bearer_key(authorization)
        if key is None:
            raise AuthenticationError(key_sent=authorization is not None and bool(authorization.strip()))
        if self._plausible is not None and not self._plausible(key):
            raise AuthenticationError(key_sent=True)  # refused before any Secrets Manager call
        cached = self._known(self._lookup(key_hash(key), time_left, fresh))
        # A Caller of this request's own: the cached one is shared by the container's later requests.
        return Caller(
            cached.companies, reload=lambda: self.resolve(authorization, time_left, fresh=True), owner=cached.owner
        )

    def resolve_user(
        self, issuer: str, subject: str, time_left: float = SECRETS_TIMEOUT, fresh: bool = False
    ) -> Caller:
        """The companies of a user whose access token has been verified (billy_mcp.oauth.tokens)."""
        digest = user_hash(issuer, subject)
        cached = self._lookup(USERS + digest, time_left, fresh)
        if cached is None:
            raise UserWithoutTenant()
        connected = any(company.connected for company in cached.companies)
        return Caller(
            cached.companies,
            reload=lambda: self.resolve_user(issuer, subject, time_left, fresh=True),
            owner=cached.owner or (digest if connected else None),  # the user's own document: they are its owner
        )

    def _lookup(self, digest: str, time_left: float, fresh: bool = False) -> Caller | None:
        """The caller of the secret <prefix><digest>, from the cache while it is fresh (unless `fresh`); None when
        there is none."""
        now = self._clock()
        with self._lock:
            cached = self._cache.get(digest)
            if cached is not None and cached[0] > now and not fresh:
                self._cache.move_to_end(digest)
                return cached[1]
        caller = self._fetch(digest, min(SECRETS_TIMEOUT, time_left))
        if caller is not None and not caller.companies:
            return caller  # not cached: a company connected a moment ago must be found on the client's retry
        with self._lock:
            expires = now + (self._ttl if caller is not None else self._miss_ttl)
            self._cache[digest] = (expires, caller)
            self._cache.move_to_end(digest)
            while len(self._cache) > MAX_CACHED_KEYS:
                self._cache.popitem(last=False)
        return caller

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()

    @staticmethod
    def _known(caller: Caller | None) -> Caller:
        if caller is None:
            raise AuthenticationError(key_sent=True)
        return caller

    def _fetch(self, digest: str, timeout: float) -> Caller | None:
        self.secret_reads += 1
        try:
            text = self._read_secret(self._prefix + digest, timeout)
        except secrets_store.SecretNotFound:
            return None
        except secrets_store.SecretStoreError as exc:
            raise TenantStoreUnavailable(exc.reason) from None
        return parse_caller(text)
