"""The tool catalog a model reads in every conversation: `python -m bench.catalog` (also part of `make bench`).

The model-facing part is the tools' names, descriptions and input schemas as tools/list sends them (compact JSON);
titles, annotations and output schemas are for the client. The server instructions are read once per conversation
as well, so they are printed beside it.
"""

from __future__ import annotations

from typing import Any

BUDGET = 30_000
"""Bytes (issue 18: at most 30 KB; it was 43,035 with 29 tools before)."""


def run() -> dict[str, Any]:
    from local.paths import add_function_to_path

    add_function_to_path()
    from billy_mcp.catalog import REGISTRY, model_facing_bytes
    from billy_mcp.handler import INSTRUCTIONS

    page, _ = REGISTRY.page(None, with_titles=True, with_output_schema=True)
    return {
        "tools": len(REGISTRY.tools),
        "model_facing_bytes": model_facing_bytes(REGISTRY),
        "tools_list_bytes": len(page.json.encode()),
        "instructions_bytes": len(INSTRUCTIONS.encode()),
    }


def report(figures: dict[str, Any]) -> None:
    facing = figures["model_facing_bytes"]
    verdict = "met" if facing <= BUDGET else f"missed by {facing - BUDGET:,} B"
    print(f"\ntool catalog ({figures['tools']} tools)")
    print(f"  model-facing (names, descriptions, input schemas) {facing:,} B  (budget {BUDGET:,} B: {verdict})")
    print(f"  whole tools/list result (with titles, annotations, output schemas) {figures['tools_list_bytes']:,} B")
    print(f"  server instructions {figures['instructions_bytes']:,} B")


if __name__ == "__main__":
    report(run())
