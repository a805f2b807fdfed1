"""The parts of Billy's records that several layers read: the paging block of a list and account numbers.

Kept apart from the Billy client so the tool table can use them without loading the client on a cold start.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def paging_fields(document: Mapping[str, Any]) -> dict[str, int]:
    """The fields of Billy's `meta.paging` that are present and valid (whole numbers, not negative)."""
    meta = document.get("meta")
    paging = meta.get("paging") if isinstance(meta, dict) else None
    if not isinstance(paging, dict):
        return {}
    return {
        key: value
        for key in ("page", "pageCount", "pageSize", "total")
        if isinstance(value := paging.get(key), int) and not isinstance(value, bool) and value >= 0
    }


def account_number(value: Any) -> int | None:
    """An account number (accountNo) as Billy sends it: a JSON integer; a numeric string is tolerated (some
    clients report strings). Anything else is no number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None
