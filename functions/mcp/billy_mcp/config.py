"""Every environment variable the function reads, in one place, read once per container.

Names and defaults are documented in the README's configuration reference; a test keeps the two in step.
"""

from __future__ import annotations

import os
from functools import cache

# Environment variable names (the single source of truth for them).
TENANT_SECRET_PREFIX = "TENANT_SECRET_PREFIX"  # noqa: S105 - an environment variable name
TENANT_CACHE_TTL = "TENANT_CACHE_TTL"
TENANT_MISS_CACHE_TTL = "TENANT_MISS_CACHE_TTL"
ALLOWED_ORIGINS = "ALLOWED_ORIGINS"
BILLY_API_BASE_URL = "BILLY_API_BASE_URL"
SERVICE_NAME = "POWERTOOLS_SERVICE_NAME"
METRICS_NAMESPACE = "POWERTOOLS_METRICS_NAMESPACE"
METRICS_DISABLED = "POWERTOOLS_METRICS_DISABLED"
REPORT_CONCURRENCY = "REPORT_CONCURRENCY"
REPORT_MAX_RECORDS = "REPORT_MAX_RECORDS"
TOOL_NAME_PREFIX = "TOOL_NAME_PREFIX"
OAUTH_ISSUER = "OAUTH_ISSUER"
OAUTH_CLIENT_IDS = "OAUTH_CLIENT_IDS"
OAUTH_SCOPE = "OAUTH_SCOPE"
OAUTH_RESOURCE = "OAUTH_RESOURCE"
OAUTH_REQUIRE_AUDIENCE = "OAUTH_REQUIRE_AUDIENCE"
OAUTH_DOMAIN_URL = "OAUTH_DOMAIN_URL"
OAUTH_JWKS_URL = "OAUTH_JWKS_URL"
ACCEPT_LEGACY_API_KEYS = "ACCEPT_LEGACY_API_KEYS"
CONNECT_CLIENT_ID = "CONNECT_CLIENT_ID"
CONNECT_SCOPE = "CONNECT_SCOPE"
USAGE_TABLE = "USAGE_TABLE"

DEFAULTS: dict[str, str] = {
    TENANT_SECRET_PREFIX: "billy-mcp/tenants/",
    TENANT_CACHE_TTL: "300",
    TENANT_MISS_CACHE_TTL: "30",
    ALLOWED_ORIGINS: "",
    BILLY_API_BASE_URL: "https://api.billysbilling.com/v2",
    SERVICE_NAME: "billy-mcp",
    METRICS_NAMESPACE: "BillyMcp",
    METRICS_DISABLED: "false",
    REPORT_CONCURRENCY: "4",
    REPORT_MAX_RECORDS: "100000",
    TOOL_NAME_PREFIX: "",
    OAUTH_ISSUER: "",
    OAUTH_CLIENT_IDS: "",
    OAUTH_SCOPE: "billy-mcp/read",
    OAUTH_RESOURCE: "",
    OAUTH_REQUIRE_AUDIENCE: "true",
    OAUTH_DOMAIN_URL: "",
    OAUTH_JWKS_URL: "",
    ACCEPT_LEGACY_API_KEYS: "true",
    CONNECT_CLIENT_ID: "",
    CONNECT_SCOPE: "billy-mcp/connect",
    USAGE_TABLE: "",
}

MAX_BODY_BYTES = 1024 * 1024
"""Largest request body accepted (1 MiB); larger bodies get 413."""


class ConfigError(ValueError):
    """An environment variable holds a value the function cannot run with."""


class OAuthSettings:
    """Sign-in with OAuth 2.1 beside API keys (billy_mcp.oauth); absent when OAUTH_ISSUER is empty."""

    __slots__ = ("client_ids", "domain_url", "issuer", "jwks_url", "require_audience", "resource", "scope")

    def __init__(
        self,
        *,
        issuer: str,
        client_ids: frozenset[str],
        scope: str,
        resource: str,
        require_audience: bool,
        domain_url: str,
        jwks_url: str,
    ) -> None:
        # The user pool's token issuer, e.g. https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC.
        self.issuer = issuer
        self.client_ids = client_ids
        self.scope = scope
        # The canonical resource URL (…/mcp); empty: https://<the request's host>/mcp.
        self.resource = resource
        self.require_audience = require_audience
        # The hosted sign-in domain whose /oauth2/authorize and /oauth2/token clients use.
        self.domain_url = domain_url
        self.jwks_url = jwks_url


class Settings:
    """Every setting, read once. (A slotted class: see billy_mcp.protocol.Outcome.)"""

    __slots__ = (
        "accept_legacy_api_keys",
        "allowed_origins",
        "billy_api_base_url",
        "metrics_disabled",
        "metrics_namespace",
        "oauth",
        "report_concurrency",
        "report_max_records",
        "service_name",
        "tenant_cache_ttl",
        "tenant_miss_cache_ttl",
        "tenant_secret_prefix",
        "tool_name_prefix",
        "usage_table",
    )

    def __init__(
        self,
        *,
        tenant_secret_prefix: str,
        tenant_cache_ttl: float,
        tenant_miss_cache_ttl: float,
        allowed_origins: frozenset[str],
        billy_api_base_url: str,
        service_name: str,
        metrics_namespace: str,
        metrics_disabled: bool,
        report_concurrency: int,
        report_max_records: int,
        tool_name_prefix: str,
        oauth: OAuthSettings | None,
        accept_legacy_api_keys: bool,
        usage_table: str = "",
    ) -> None:
        self.tenant_secret_prefix = tenant_secret_prefix
        self.tenant_cache_ttl = tenant_cache_ttl
        self.tenant_miss_cache_ttl = tenant_miss_cache_ttl
        self.allowed_origins = allowed_origins
        self.billy_api_base_url = billy_api_base_url
        self.service_name = service_name
        self.metrics_namespace = metrics_namespace
        self.metrics_disabled = metrics_disabled
        self.report_concurrency = report_concurrency
        self.report_max_records = report_max_records
        self.tool_name_prefix = tool_name_prefix
        self.oauth = oauth
        self.accept_legacy_api_keys = accept_legacy_api_keys
        # The DynamoDB table of connected companies' last use (billy_mcp.usage); empty: not recorded.
        self.usage_table = usage_table
        """Look up keys from before the checksum (billy_mcp.api_keys) until they are rotated."""


def _number(name: str) -> float:
    raw = os.environ.get(name, DEFAULTS[name])
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number of seconds, got {raw!r}") from None
    if value < 0:
        raise ConfigError(f"{name} must not be negative, got {raw!r}")
    return value


def _count(name: str, low: int, high: int) -> int:
    raw = os.environ.get(name, "").strip() or DEFAULTS[name]
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise ConfigError(f"{name} must be a whole number from {low} to {high}, got {raw!r}")
    return int(raw)


def _prefix(name: str) -> str:
    """The tool-name prefix, refused at start-up unless MCP allows it in a tool name (see billy_mcp.naming)."""
    from .naming import PREFIX_PATTERN

    raw = os.environ.get(name, DEFAULTS[name]).strip()
    if not PREFIX_PATTERN.match(raw):
        raise ConfigError(f"{name} may hold only A-Z, a-z, 0-9, '_', '.' and '-', at most 32 of them; got {raw!r}")
    return raw


def _text(name: str) -> str:
    return os.environ.get(name, "").strip() or DEFAULTS[name]


LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost"})


def _url(name: str, value: str) -> str:
    """An https URL (http only for a loopback host, as the offline tests serve), without a trailing slash.

    The URL is parsed, not matched by prefix: `http://localhost:@attacker.example/` (a user name before the @) and
    `http://localhost.evil/` are not loopback, and no URL may carry user information."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        raise ConfigError(f"{name} must be an https URL, got {value[:80]!r}") from None
    loopback = parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS and port is not None
    if (
        not (parts.scheme == "https" or loopback)
        or not parts.hostname
        or "@" in parts.netloc
        or any(c.isspace() for c in value)
    ):
        raise ConfigError(f"{name} must be an https URL, got {value[:80]!r}")
    return value.rstrip("/")


def _oauth() -> OAuthSettings | None:
    issuer = _text(OAUTH_ISSUER)
    if not issuer:
        return None
    issuer = _url(OAUTH_ISSUER, issuer)
    client_ids = frozenset(c.strip() for c in _text(OAUTH_CLIENT_IDS).split(",") if c.strip())
    if not client_ids:
        raise ConfigError(f"{OAUTH_CLIENT_IDS} must name the app clients whose tokens are accepted")
    domain = _text(OAUTH_DOMAIN_URL)
    if not domain:
        raise ConfigError(
            f"{OAUTH_DOMAIN_URL} must be the sign-in domain (https://<domain>.auth.<region>.amazoncognito.com)"
        )
    resource = _text(OAUTH_RESOURCE)
    require_audience = _text(OAUTH_REQUIRE_AUDIENCE).lower() in ("1", "true", "yes")
    return OAuthSettings(
        issuer=issuer,
        client_ids=client_ids,
        scope=_text(OAUTH_SCOPE),
        resource=_url(OAUTH_RESOURCE, resource) if resource else "",
        require_audience=require_audience,
        domain_url=_url(OAUTH_DOMAIN_URL, domain),
        jwks_url=_url(OAUTH_JWKS_URL, _text(OAUTH_JWKS_URL) or issuer + "/.well-known/jwks.json"),
    )


@cache
def settings() -> Settings:
    """The settings of this container; tests call `settings.cache_clear()` after changing the environment."""
    origins = os.environ.get(ALLOWED_ORIGINS, DEFAULTS[ALLOWED_ORIGINS])
    return Settings(
        tenant_secret_prefix=_text(TENANT_SECRET_PREFIX),
        tenant_cache_ttl=_number(TENANT_CACHE_TTL),
        tenant_miss_cache_ttl=_number(TENANT_MISS_CACHE_TTL),
        allowed_origins=frozenset(o.strip().rstrip("/") for o in origins.split(",") if o.strip()),
        billy_api_base_url=_url(BILLY_API_BASE_URL, _text(BILLY_API_BASE_URL)),
        service_name=_text(SERVICE_NAME),
        metrics_namespace=_text(METRICS_NAMESPACE),
        metrics_disabled=_text(METRICS_DISABLED).lower() in ("1", "true", "yes"),
        report_concurrency=_count(REPORT_CONCURRENCY, 1, 16),
        report_max_records=_count(REPORT_MAX_RECORDS, 1000, 1_000_000),
        tool_name_prefix=_prefix(TOOL_NAME_PREFIX),
        oauth=_oauth(),
        accept_legacy_api_keys=_text(ACCEPT_LEGACY_API_KEYS).lower() in ("1", "true", "yes"),
        usage_table=_text(USAGE_TABLE),
    )


@cache
def connect_oauth() -> OAuthSettings | None:
    """The connect page's sign-in: the stack's user pool, but the page's own app client and scope, so a token an AI
    client holds (another client, the read scope) is refused there, and a page token is refused on the endpoint.
    None without sign-in or without CONNECT_CLIENT_ID."""
    oauth = settings().oauth
    client_id = _text(CONNECT_CLIENT_ID)
    if oauth is None or not client_id:
        return None
    return OAuthSettings(
        issuer=oauth.issuer,
        client_ids=frozenset({client_id}),
        scope=_text(CONNECT_SCOPE),
        resource="",
        require_audience=False,
        domain_url=oauth.domain_url,
        jwks_url=oauth.jwks_url,
    )
