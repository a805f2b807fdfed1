"""MCP protocol revisions this server speaks, and the era each belongs to."""

from __future__ import annotations

MODERN_VERSIONS: tuple[str, ...] = ("2026-07-28",)
"""Stateless revisions: every request carries its version in `params._meta`."""

HANDSHAKE_VERSIONS: tuple[str, ...] = ("2025-11-25", "2025-06-18", "2025-03-26")
"""Revisions negotiated with `initialize`, newest first."""

KNOWN_HANDSHAKE_VERSIONS: frozenset[str] = frozenset({*HANDSHAKE_VERSIONS, "2024-11-05"})
"""Handshake-era revision strings we recognise (2024-11-05 is recognised but not served)."""

LATEST_HANDSHAKE = HANDSHAKE_VERSIONS[0]
DEFAULT_HEADERLESS_VERSION = "2025-03-26"
"""What a request without `MCP-Protocol-Version` is taken to speak (the spec's fallback)."""

SUPPORTED_VERSIONS: tuple[str, ...] = (*MODERN_VERSIONS, *HANDSHAKE_VERSIONS)
"""Everything served, newest first, as `server/discover` and -32022 errors name it."""

PROTOCOL_VERSION_META_KEY = "io.modelcontextprotocol/protocolVersion"
CLIENT_CAPABILITIES_META_KEY = "io.modelcontextprotocol/clientCapabilities"
SERVER_INFO_META_KEY = "io.modelcontextprotocol/serverInfo"


def at_least(version: str, minimum: str) -> bool:
    """True when a served revision is `minimum` or newer (served revision strings sort by date)."""
    return version >= minimum
