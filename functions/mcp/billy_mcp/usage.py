"""When each connected company was last used, for the connect page's "last used" column.

The one thing the MCP function writes: an item per (user, company handle) in the stack's usage table (DynamoDB
`UpdateItem`, the function's only write permission; secrets stay read-only). At most once an hour per company per
container, with a short timeout, and never at the cost of the call: a failure is logged and forgotten. Only companies
a user connected on the connect page are recorded (an operator's tenant has no user to show it to).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import OrderedDict

from . import aws_json

EVERY_SECONDS = 3600.0
"""How often one container records the same company: "last used" is shown to the day, not the second."""
TIMEOUT_SECONDS = 0.5
MAX_REMEMBERED = 4096
TARGET = "DynamoDB_20120810.UpdateItem"

_lock = threading.Lock()
_recorded: OrderedDict[tuple[str, str], float] = OrderedDict()


def due(owner: str, handle: str, now: float) -> bool:
    """Whether this container should record the company now (and, if so, that it has)."""
    key = (owner, handle)
    with _lock:
        last = _recorded.get(key)
        if last is not None and now - last < EVERY_SECONDS:
            return False
        _recorded[key] = now
        _recorded.move_to_end(key)
        while len(_recorded) > MAX_REMEMBERED:
            _recorded.popitem(last=False)
        return True


def record(table: str, owner: str, handle: str) -> None:
    """Note that `owner`'s company `handle` is being used; quietly does nothing when it was noted within the hour."""
    if not table or not due(owner, handle, time.monotonic()):
        return
    used = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    payload = {
        "TableName": table,
        "Key": {"owner": {"S": owner}, "handle": {"S": handle}},
        "UpdateExpression": "SET lastUsed = :used",
        "ExpressionAttributeValues": {":used": {"S": used}},
    }
    try:
        status, document = aws_json.post(
            "dynamodb", TARGET, payload, aws_json.endpoint("dynamodb", "DYNAMODB"), TIMEOUT_SECONDS
        )
        reason = None if status == 200 else aws_json.error_type(status, document)
    except aws_json.AwsCallError as exc:
        reason = exc.reason
    if reason is not None:
        from .observability import logger

        logger.warning("last use not recorded", extra={"reason": reason[:64]})


def forget() -> None:
    """A fresh container's memory (tests)."""
    with _lock:
        _recorded.clear()
