"""JSON on the wire: one compact encoder, and parts encoded once and spliced into every answer that carries them.

The tool listing is identical on every `tools/list`, and a tool result travels twice (as the text block and as
`structuredContent`): both are encoded once (`PreEncoded`) and spliced into the response text unparsed.
"""

from __future__ import annotations

import json
import secrets
import threading
from typing import Any


class PreEncoded:
    """A JSON value encoded once and reused: the tool listing (identical on every call), or a tool result that
    is sent twice (as the text block and as structuredContent) but should be encoded only once."""

    __slots__ = ("json",)

    def __init__(self, value: Any = None, *, json_text: str | None = None) -> None:
        self.json = json_text if json_text is not None else dumps(value)


_NONCE = secrets.token_hex(8)
"""Per-container marker for splice points; a client cannot guess it, so its data cannot imitate one."""
_splice = threading.local()


def _mark(part: object) -> str:
    if not isinstance(part, PreEncoded):
        raise TypeError(f"{type(part).__name__} is not JSON serialisable")
    parts: list[str] = _splice.parts
    parts.append(part.json)
    return f"\x00{_NONCE}:{len(parts) - 1}"


# Encoders built once: json.dumps with arguments builds a new JSONEncoder on every call.
dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_encode_marking = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_mark).encode


def encode(value: Any) -> str:
    """Compact JSON, with every PreEncoded part spliced in as its already-encoded text.

    The C encoder calls `default` only for objects it cannot encode, so plain bodies cost one encoding; each
    PreEncoded part becomes a unique marker string that is then replaced by the part's text.
    """
    parts: list[str] = []
    _splice.parts = parts
    text = _encode_marking(value)
    for index, part_text in enumerate(parts):
        text = text.replace(f'"\\u0000{_NONCE}:{index}"', part_text, 1)
    return text
