"""Client-side re-checks for filters Billy does not document (Billy silently ignores filters it does not know)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def recheck(
    arguments: Mapping[str, Any], items: list[dict[str, Any]], fields: Mapping[str, str]
) -> tuple[list[dict[str, Any]], str | None]:
    """Keep the records whose `fields` (argument → Billy field) equal the arguments; say how many were removed."""
    wanted = {field: arguments[argument] for argument, field in fields.items() if arguments.get(argument) is not None}
    if not wanted:
        return items, None
    kept = [item for item in items if all(item.get(field) == value for field, value in wanted.items())]
    removed = len(items) - len(kept)
    if not removed:
        return kept, None
    return kept, (
        f"{removed} record(s) on this page did not match {', '.join(sorted(wanted))} and were removed here; "
        "Billy may have ignored that filter, so paging counts are Billy's and may include such records."
    )
