"""The connect page's JSON API: `/connect/api/...`, for the signed-in user named by the request's access token.

Requests carry `Authorization: Bearer <access token>` from the stack's sign-in, checked as the MCP function checks
them (billy_mcp.oauth.tokens), but issued to the connect page's own app client with its own scope, so a token an AI
client holds cannot change anyone's companies. No cookies: a cross-site request has nothing to ride on.

    GET    /connect/api/me                     the user's companies and keys (never a token)
    POST   /connect/api/companies              {"handle", "token"}: checked with Billy, then stored
    PATCH  /connect/api/companies/<handle>     {"handle"} renames, {"token"} replaces the token
    DELETE /connect/api/companies/<handle>
    POST   /connect/api/keys                   {"label"}: a new API key, shown once
    DELETE /connect/api/keys/<id>
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable
from typing import Any

from ..apigw import HttpRequest, HttpResponse
from ..config import connect_oauth
from ..tenants import bearer_key
from . import documents
from .documents import ConnectError
from .store import ConnectStore, connected_now

PREFIX = "/connect/api/"
NO_STORE = {"Cache-Control": "no-store"}
MAX_BODY = 16 * 1024
"""Largest request body: a handle and a token, or a label, fit many times over."""
_COMPANY = re.compile(r"^companies/([^/]{1,64})$")
_KEY = re.compile(r"^keys/([0-9a-f]{12})$")


class Identity:
    __slots__ = ("issuer", "label", "subject")

    def __init__(self, issuer: str, subject: str, label: str) -> None:
        self.issuer = issuer
        self.subject = subject
        self.label = label


def answer(request: HttpRequest, store: ConnectStore, check_token: Callable[[str], dict[str, Any]]) -> HttpResponse:
    """One API request; every refusal is `{"error": <what to do>}` with its status."""
    try:
        identity = _identity(request)
        body = _body(request)
        return _route(request.method, request.path[len(PREFIX) :], body, identity, store, check_token)
    except ConnectError as exc:
        return HttpResponse(exc.status, {"error": str(exc)}, dict(NO_STORE))


def _identity(request: HttpRequest) -> Identity:
    oauth = connect_oauth()
    if oauth is None:
        raise ConnectError(404, "Sign-in is not enabled on this server.")
    token = bearer_key(request.headers.get("authorization"))
    if token is None:
        raise ConnectError(401, "Sign in first.")
    from ..oauth import tokens

    try:
        identity = tokens.verifier(oauth).verify(token, ())
    except tokens.TokenRejected as exc:
        raise ConnectError(401, f"Sign in again: {exc}.") from None
    except tokens.ScopeMissing as exc:
        raise ConnectError(403, f"Sign in again through this page: {exc}.") from None
    except tokens.KeysUnavailable:
        raise ConnectError(503, "The sign-in keys could not be read; try again shortly.") from None
    return Identity(identity.issuer, identity.subject, identity.subject)


def _body(request: HttpRequest) -> dict[str, Any]:
    if request.method not in ("POST", "PATCH"):
        return {}
    if "application/json" not in request.headers.get("content-type", ""):
        raise ConnectError(415, "Send JSON (Content-Type: application/json).")
    raw = request.body
    if len(raw) > MAX_BODY:
        raise ConnectError(413, "The request is too large.")
    try:
        text = base64.b64decode(raw).decode() if request.is_base64 else raw
        body = json.loads(text or "{}")
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ConnectError(400, "The request body is not valid JSON.") from None
    if not isinstance(body, dict):
        raise ConnectError(400, "The request body must be a JSON object.")
    return body


def _route(
    method: str,
    route: str,
    body: dict[str, Any],
    who: Identity,
    store: ConnectStore,
    check_token: Callable[[str], dict[str, Any]],
) -> HttpResponse:
    document = store.load(who.issuer, who.subject)
    if route == "me" and method == "GET":
        return _ok(200, _view(store, who, document))
    if documents.is_managed(document):
        raise ConnectError(
            409, "Your operator manages the company you reach; ask them to change it (make tenant-revoke-user)."
        )
    company = _COMPANY.match(route)
    key = _KEY.match(route)
    if route == "companies" and method == "POST":
        handle = documents.check_handle(body.get("handle"))
        token = documents.check_token(body.get("token"))
        documents.check_room(document, handle)  # before Billy is asked
        checked = check_token(token)
        entry = {"handle": handle, "billy_access_token": token, **checked, "connected": connected_now()}
        updated = documents.add_company(document, entry)
        store.save(who.issuer, who.subject, updated, who.label)
        return _ok(201, _view(store, who, updated))
    if company and method == "PATCH":
        handle = company.group(1)
        updated = document
        if "token" in body:
            checked = check_token(documents.check_token(body["token"]))
            updated = documents.replace_token(updated, handle, {**checked, "billy_access_token": body["token"].strip()})
        if "handle" in body:
            updated = documents.rename_company(updated, handle, documents.check_handle(body["handle"]))
        if updated is document:
            raise ConnectError(400, "Send a new handle, a new token, or both.")
        store.save(who.issuer, who.subject, updated, who.label)
        return _ok(200, _view(store, who, updated))
    if company and method == "DELETE":
        updated = documents.remove_company(document, company.group(1))
        store.save(who.issuer, who.subject, updated, who.label)
        return _ok(200, _view(store, who, updated))
    if route == "keys" and method == "POST":
        label = documents.check_label(body.get("label"))
        new_key, updated = store.new_key(who.issuer, who.subject, document, who.label, label)
        return _ok(201, {"key": new_key, **_view(store, who, updated)})
    if key and method == "DELETE":
        updated = store.revoke_key(who.issuer, who.subject, document, key.group(1), who.label)
        return _ok(200, _view(store, who, updated))
    raise ConnectError(404, "No such request.")


def _view(store: ConnectStore, who: Identity, document: dict[str, Any]) -> dict[str, Any]:
    return documents.view(document, store.last_used(who.issuer, who.subject))


def _ok(status: int, body: dict[str, Any]) -> HttpResponse:
    return HttpResponse(status, body, dict(NO_STORE))
