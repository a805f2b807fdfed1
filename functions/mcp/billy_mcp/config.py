"""Every environment variable the function reads, in one place, read once per container.

Names and defaults are documented in the README's configuration reference; a test keeps the two in step.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
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
}

MAX_BODY_BYTES = 1024 * 1024
"""Largest request body accepted (1 MiB); larger bodies get 413."""


class ConfigError(ValueError):
    """An environment variable holds a value the function cannot run with."""


@dataclass(frozen=True, slots=True)
class Settings:
    tenant_secret_prefix: str
    tenant_cache_ttl: float
    tenant_miss_cache_ttl: float
    allowed_origins: frozenset[str]
    billy_api_base_url: str
    service_name: str
    metrics_namespace: str
    metrics_disabled: bool
    report_concurrency: int
    report_max_records: int
    tool_name_prefix: str


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


@cache
def settings() -> Settings:
    """The settings of this container; tests call `settings.cache_clear()` after changing the environment."""
    origins = os.environ.get(ALLOWED_ORIGINS, DEFAULTS[ALLOWED_ORIGINS])
    return Settings(
        tenant_secret_prefix=_text(TENANT_SECRET_PREFIX),
        tenant_cache_ttl=_number(TENANT_CACHE_TTL),
        tenant_miss_cache_ttl=_number(TENANT_MISS_CACHE_TTL),
        allowed_origins=frozenset(o.strip().rstrip("/") for o in origins.split(",") if o.strip()),
        billy_api_base_url=_text(BILLY_API_BASE_URL).rstrip("/"),
        service_name=_text(SERVICE_NAME),
        metrics_namespace=_text(METRICS_NAMESPACE),
        metrics_disabled=_text(METRICS_DISABLED).lower() in ("1", "true", "yes"),
        report_concurrency=_count(REPORT_CONCURRENCY, 1, 16),
        report_max_records=_count(REPORT_MAX_RECORDS, 1000, 1_000_000),
        tool_name_prefix=_prefix(TOOL_NAME_PREFIX),
    )
