"""Every tool billy-mcp serves, in the order `tools/list` shows them: the Billy read tools, then the reports."""

from __future__ import annotations

from .registry import Registry, Tool
from .reports import TOOLS as REPORT_TOOLS
from .tools import TOOLS as READ_TOOLS

TOOLS: tuple[Tool, ...] = (*READ_TOOLS, *REPORT_TOOLS)

REGISTRY = Registry(TOOLS)

__all__ = ["REGISTRY", "TOOLS"]
