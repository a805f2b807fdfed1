"""The tool-name prefix hosted MCP gateways use to namespace many servers' tools in one client configuration.

With TOOL_NAME_PREFIX=billy__ every tool is listed and called as `billy__<name>`; the prefix is also written
into every text that names a tool (descriptions, server instructions, prompts), so a model that follows a
description's advice ("use list-accounts-tool to …") calls a name that exists.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

PREFIX_PATTERN = re.compile(r"^[A-Za-z0-9_.-]{0,32}$")
"""Characters MCP allows in tool names (2025-11-25: A-Z a-z 0-9 _ - .), at most 32 of them."""


class ToolNames:
    """Rewrites the bare names of a tool table to their prefixed form, inside any text."""

    def __init__(self, names: Iterable[str], prefix: str) -> None:
        if not PREFIX_PATTERN.match(prefix):
            raise ValueError(f"invalid tool-name prefix {prefix!r}")
        self.prefix = prefix
        ordered = sorted(set(names), key=len, reverse=True)  # longest first: no name is cut by a shorter one
        alternatives = "|".join(re.escape(name) for name in ordered)
        # A name counts only as a whole word: not inside a longer name, and not already prefixed.
        self._pattern = re.compile(rf"(?<![A-Za-z0-9_.-])(?:{alternatives})(?![A-Za-z0-9_-])") if ordered else None

    def name(self, bare: str) -> str:
        return self.prefix + bare

    def text(self, text: str) -> str:
        """`text` with every whole tool name in it prefixed."""
        if not self.prefix or self._pattern is None:
            return text
        return self._pattern.sub(lambda match: self.prefix + match.group(0), text)
