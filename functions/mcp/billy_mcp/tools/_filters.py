"""Client-side re-checks for filters Billy does not document (Billy silently ignores filters it does not know)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def recheck(
    arguments: Mapping[str, Any],
    items: list[dict[str, Any]],
    fields: Mapping[str, str],
    dates: Mapping[str, str] | None = None,
) -> tuple[list[dict[str, Any]], str | None]:
    """Keep the records whose `fields` (argument → Billy field) equal the arguments and whose `dates` (range
    name → Billy field, e.g. entry_date → entryDate) lie within min_<name>..max_<name>; the note says how many
    were removed and names the fields they failed on."""
    checks: list[tuple[str, Any]] = [
        (field, lambda value, wanted=arguments[argument]: value == wanted)
        for argument, field in fields.items()
        if arguments.get(argument) is not None
    ]
    for name, field in (dates or {}).items():
        low, high = arguments.get(f"min_{name}"), arguments.get(f"max_{name}")
        if low is not None or high is not None:
            checks.append((field, lambda value, low=low, high=high: _within(value, low, high)))
    if not checks:
        return items, None
    kept = []
    failed: set[str] = set()
    for item in items:
        misses = [field for field, check in checks if not check(item.get(field))]
        if misses:
            failed.update(misses)
        else:
            kept.append(item)
    removed = len(items) - len(kept)
    if not removed:
        return kept, None
    return kept, (
        f"{removed} record(s) on this page did not match {', '.join(sorted(failed))} and were removed here; "
        "Billy may have ignored that filter, so paging counts are Billy's and may include such records."
    )


def _within(day: Any, low: str | None, high: str | None) -> bool:
    """A record date (YYYY-MM-DD, possibly with a time) inside an inclusive range; no date never matches."""
    if not isinstance(day, str) or len(day) < 10:
        return False
    return (low is None or day[:10] >= low) and (high is None or day[:10] <= high)
