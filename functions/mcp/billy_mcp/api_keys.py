"""The format of billy-mcp's API keys, checked before any Secrets Manager call.

A key is `bmcp_`, 43 URL-safe characters of randomness (256 bits) and a 6-character checksum of them (36 bits of a
SHA-256). A key whose checksum does not match is refused with 401 without a lookup, so random or mistyped keys cost
no AWS call: a client guessing keys would have to hit the checksum 1 time in 68 billion to cost one lookup. (A
checksum, not a keyed MAC: it stops guessing and noise, not a forger who knows the format; the request throttle and
the optional CloudFront WAF rate rule are for that.)

Keys from before the checksum (`bmcp_` and 43 characters) are looked up only while ACCEPT_LEGACY_API_KEYS is true;
rotate them (`make tenant-rotate`) and then switch it off.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets

PREFIX = "bmcp_"
_BODY = 43
_CHECK = 6
_CURRENT = re.compile(rf"^{PREFIX}[A-Za-z0-9_-]{{{_BODY + _CHECK}}}$")
_LEGACY = re.compile(rf"^{PREFIX}[A-Za-z0-9_-]{{{_BODY}}}$")


def _checksum(body: str) -> str:
    digest = hashlib.sha256(("billy-mcp api key:" + body).encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii")[:_CHECK]


def new_key() -> str:
    body = secrets.token_urlsafe(32)
    return PREFIX + body + _checksum(body)


def plausible(key: str, accept_legacy: bool) -> bool:
    """Whether the key can be one this server issued, and so is worth a Secrets Manager lookup."""
    if _CURRENT.match(key):
        body, check = key[len(PREFIX) : len(PREFIX) + _BODY], key[len(PREFIX) + _BODY :]
        return secrets.compare_digest(_checksum(body), check)
    return accept_legacy and bool(_LEGACY.match(key))
