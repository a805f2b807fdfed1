"""A signed-in user's document and the rules on it, as pure functions (the store reads and writes it).

The user's secret `<prefix>users/<user_hash>` holds
`{"companies": [{"handle", "billy_access_token", "organization_id", "name", "registration_no", "connected"}, ...],
  "keys": [{"id", "hash", "label", "created"}, ...]}`;
each of the user's API keys has a secret `<prefix><sha256(key)>` holding `{"companies": [...], "owner": <user_hash>}`,
a copy of the companies, so that the MCP function reads one secret per caller. Every change is written to the user's
secret and to each key's (billy_mcp.connect.store).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..tenants import HANDLE

MAX_COMPANIES = 25
"""Companies one user may connect: an accountant's clients fit; a script cannot store thousands of secrets' worth."""
MAX_KEYS = 10
"""API keys one user may hold (each is a secret)."""
BILLY_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,200}$")
"""A Billy access token's shape (Billy's are 40 hexadecimal characters): anything else is a paste gone wrong."""
LABEL = re.compile(r"^[^\x00-\x1f<>]{1,64}$")
"""An API key's label: what the user calls the client it is for, shown back to them."""


class ConnectError(Exception):
    """A request the page cannot carry out: `status` the HTTP status, the message what to do (never a token)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def empty() -> dict[str, Any]:
    return {"companies": [], "keys": []}


def is_managed(document: Mapping[str, Any]) -> bool:
    """An operator's mapping (`make tenant-add-user`): the operator manages it, the page only shows it."""
    return "companies" not in document


def check_handle(handle: object) -> str:
    if not isinstance(handle, str) or not HANDLE.match(handle):
        raise ConnectError(
            400, "A company's handle is 1 to 32 characters: lower-case letters a-z, digits and '-' (e.g. acme-aps)."
        )
    return handle


def check_token(token: object) -> str:
    text = token.strip() if isinstance(token, str) else ""
    if not BILLY_TOKEN.match(text):
        raise ConnectError(
            400,
            "That does not look like a Billy access token (Billy's are 40 letters and digits). Copy it again from "
            "mit.billy.dk → Settings → Access tokens.",
        )
    return text


def check_label(label: object) -> str:
    text = label.strip() if isinstance(label, str) else ""
    if not LABEL.match(text):
        raise ConnectError(400, "Name the key after the client it is for, in 1 to 64 characters (e.g. Claude Code).")
    return text


def find(document: Mapping[str, Any], handle: str) -> dict[str, Any]:
    for company in document["companies"]:
        if company["handle"] == handle:
            return dict(company)
    raise ConnectError(404, f"No company '{handle}' is connected to your sign-in.")


def check_room(document: Mapping[str, Any], handle: str) -> None:
    """Room for one more company under this handle: checked before Billy is asked about its token."""
    if len(document["companies"]) >= MAX_COMPANIES:
        raise ConnectError(409, f"You have connected {MAX_COMPANIES} companies, the most one sign-in may have.")
    if any(other["handle"] == handle for other in document["companies"]):
        raise ConnectError(409, f"The handle '{handle}' is already in use: choose another.")


def add_company(document: Mapping[str, Any], company: Mapping[str, Any]) -> dict[str, Any]:
    """The document with one more company; a handle in use, a company already connected or one too many refused."""
    companies = list(document["companies"])
    handle = check_handle(company["handle"])
    check_room(document, handle)
    for other in companies:
        if company.get("organization_id") and other.get("organization_id") == company["organization_id"]:
            raise ConnectError(
                409, f"{company.get('name') or 'This company'} is already connected as '{other['handle']}'."
            )
    return {**document, "companies": [*companies, dict(company)]}


def rename_company(document: Mapping[str, Any], handle: str, new_handle: str) -> dict[str, Any]:
    find(document, handle)
    check_handle(new_handle)
    if new_handle != handle and any(c["handle"] == new_handle for c in document["companies"]):
        raise ConnectError(409, f"The handle '{new_handle}' is already in use: choose another.")
    companies = [{**c, "handle": new_handle} if c["handle"] == handle else dict(c) for c in document["companies"]]
    return {**document, "companies": companies}


def replace_token(document: Mapping[str, Any], handle: str, checked: Mapping[str, Any]) -> dict[str, Any]:
    """A new token for a company: it must be the same Billy company (another one is connected as a new company)."""
    current = find(document, handle)
    if current.get("organization_id") and checked.get("organization_id") != current["organization_id"]:
        raise ConnectError(
            409,
            f"That token belongs to {checked.get('name') or 'another company'}, not to {current.get('name') or handle}."
            " Connect it as a new company instead.",
        )
    companies = [
        {**c, **checked, "handle": handle} if c["handle"] == handle else dict(c) for c in document["companies"]
    ]
    return {**document, "companies": companies}


def remove_company(document: Mapping[str, Any], handle: str) -> dict[str, Any]:
    find(document, handle)
    return {**document, "companies": [dict(c) for c in document["companies"] if c["handle"] != handle]}


def add_key(document: Mapping[str, Any], key: Mapping[str, Any]) -> dict[str, Any]:
    keys = list(document.get("keys", []))
    if len(keys) >= MAX_KEYS:
        raise ConnectError(409, f"You have {MAX_KEYS} API keys, the most one sign-in may have: revoke one first.")
    return {**document, "keys": [*keys, dict(key)]}


def find_key(document: Mapping[str, Any], key_id: str) -> dict[str, Any]:
    for key in document.get("keys", []):
        if key["id"] == key_id:
            return dict(key)
    raise ConnectError(404, "No such API key.")


def remove_key(document: Mapping[str, Any], key_id: str) -> dict[str, Any]:
    find_key(document, key_id)
    return {**document, "keys": [dict(k) for k in document.get("keys", []) if k["id"] != key_id]}


def view(document: Mapping[str, Any], last_used: Mapping[str, str] | None = None) -> dict[str, Any]:
    """What the page shows: never a Billy token, never a key or its hash; `last_used` by handle where known."""
    used = last_used or {}
    if is_managed(document):
        return {
            "managed": True,
            "companies": [{"handle": document.get("tenant", "?"), "name": document.get("tenant", "?")}],
            "keys": [],
        }
    shown = ("handle", "name", "registration_no", "connected", "organization_id")
    return {
        "managed": False,
        "companies": [
            {**{k: c[k] for k in shown if k in c}, **({"last_used": used[c["handle"]]} if c["handle"] in used else {})}
            for c in document["companies"]
        ],
        "keys": [{k: key[k] for k in ("id", "label", "created") if k in key} for key in document.get("keys", [])],
    }
