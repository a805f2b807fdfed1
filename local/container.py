"""A fresh Lambda container without starting a process: what a warm container keeps is forgotten, so the next
request reads the environment again (local serving and the tests change it between runs)."""

from __future__ import annotations


def reset_container() -> None:
    from billy_mcp import billy, handler
    from billy_mcp.config import connect_oauth, settings

    settings.cache_clear()
    connect_oauth.cache_clear()
    handler.mcp_server.cache_clear()
    handler.tenant_resolver.cache_clear()
    billy.use_transport(None)
