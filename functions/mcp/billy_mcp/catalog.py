"""Every tool billy-mcp serves, in the order `tools/list` shows them: the Billy read tools, then the reports."""

from __future__ import annotations

import json

from .registry import Registry, Tool
from .reports import TOOLS as REPORT_TOOLS
from .schema import COMPANY, COMPANY_ARGUMENT
from .tools import TOOLS as READ_TOOLS


def with_company(tool: Tool) -> Tool:
    """The tool with the optional `company` argument (a handle) that chooses among the caller's companies."""
    schema = dict(tool.input_schema)
    schema["properties"] = {**schema["properties"], COMPANY: COMPANY_ARGUMENT}
    return Tool(tool.name, tool.title, tool.description, schema, tool.output_schema, tool.function, tool.annotations)


TOOLS: tuple[Tool, ...] = tuple(with_company(tool) for tool in (*READ_TOOLS, *REPORT_TOOLS))

REGISTRY = Registry(TOOLS)


def model_facing_bytes(registry: Registry) -> int:
    """Bytes of the tools' names, descriptions and input schemas as tools/list sends them (compact JSON): the part of
    the catalog a model reads in every conversation (titles, annotations and output schemas are for the client)."""
    page, _ = registry.page(None, with_titles=True, with_output_schema=True)
    listing = json.loads(page.json)
    model_facing = [{key: tool[key] for key in ("name", "description", "inputSchema")} for tool in listing]
    return len(json.dumps(model_facing, ensure_ascii=False, separators=(",", ":")).encode())


__all__ = ["REGISTRY", "TOOLS", "model_facing_bytes"]
