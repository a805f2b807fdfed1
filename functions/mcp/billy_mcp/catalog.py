"""Every tool billy-mcp serves, in the order `tools/list` shows them: the Billy read tools, then the reports.

Kept apart from `tools` and `reports` because the reports are built on the tools' helpers.
"""

from __future__ import annotations

from .reports import TOOLS as REPORT_TOOLS
from .tools import TOOLS as READ_TOOLS
from .tools import Registry, Tool

TOOLS: tuple[Tool, ...] = (*READ_TOOLS, *REPORT_TOOLS)

REGISTRY = Registry(TOOLS)

__all__ = ["REGISTRY", "TOOLS"]
