"""The tool-name prefix: names and every text naming a tool are prefixed, whole names only, and bad prefixes refused."""

from __future__ import annotations

import pytest

from billy_mcp.naming import ToolNames

NAMES = ToolNames(["list-accounts-tool", "get-account-tool", "list-postings-tool"], "billy__")


def test_whole_names_in_text_are_prefixed_once() -> None:
    text = "Use list-accounts-tool, then get-account-tool (not my-list-accounts-tool or list-accounts-tool-x)."
    assert NAMES.text(text) == (
        "Use billy__list-accounts-tool, then billy__get-account-tool (not my-list-accounts-tool or list-accounts-tool-x)."
    )
    assert NAMES.text(NAMES.text(text)) == NAMES.text(text)
    assert NAMES.name("list-postings-tool") == "billy__list-postings-tool"


def test_without_a_prefix_text_is_unchanged() -> None:
    bare = ToolNames(["list-accounts-tool"], "")
    assert bare.text("call list-accounts-tool") == "call list-accounts-tool"


@pytest.mark.parametrize("prefix", ["billy ", "a" * 33, "bad/", "ø_"])
def test_prefixes_outside_mcps_tool_name_characters_are_refused(prefix: str) -> None:
    with pytest.raises(ValueError, match="invalid tool-name prefix"):
        ToolNames(["x"], prefix)
