"""The rules on a user's companies and keys (billy_mcp.connect.documents), as pure functions."""

from __future__ import annotations

import json
from typing import Any

import pytest

from billy_mcp.connect import documents
from billy_mcp.connect.documents import ConnectError


def company(handle: str, organization: str, token: str = "t" * 40) -> dict[str, Any]:
    return {"handle": handle, "billy_access_token": token, "organization_id": organization, "name": handle.title()}


def with_companies(*entries: dict[str, Any]) -> dict[str, Any]:
    return {"companies": list(entries), "keys": [{"id": "abc123def456", "hash": "f" * 64, "label": "Cursor"}]}


def test_the_view_never_carries_a_token_or_a_key_hash() -> None:
    document = with_companies(company("acme", "o1", token="secret-billy-token-0001"))
    shown = documents.view(document, {"acme": "2026-12-03T10:00:00+00:00"})
    text = json.dumps(shown)
    assert "secret-billy-token-0001" not in text and "f" * 64 not in text
    assert shown["companies"] == [
        {"handle": "acme", "name": "Acme", "organization_id": "o1", "last_used": "2026-12-03T10:00:00+00:00"}
    ]
    assert shown["keys"] == [{"id": "abc123def456", "label": "Cursor"}]


def test_a_company_is_added_once_under_a_free_handle_and_within_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    document = with_companies(company("acme", "o1"))
    added = documents.add_company(document, company("nordlys", "o2"))
    assert [c["handle"] for c in added["companies"]] == ["acme", "nordlys"]
    assert document["companies"] != added["companies"]  # the input is left as it was
    with pytest.raises(ConnectError, match="already in use"):
        documents.add_company(added, company("acme", "o3"))
    with pytest.raises(ConnectError, match="already connected as 'acme'"):
        documents.add_company(added, company("acme-2", "o1"))
    monkeypatch.setattr(documents, "MAX_COMPANIES", 2)
    with pytest.raises(ConnectError, match="the most one sign-in may have") as info:
        documents.add_company(added, company("third", "o3"))
    assert info.value.status == 409


def test_rename_replace_and_remove() -> None:
    document = with_companies(company("acme", "o1"), company("nordlys", "o2"))
    renamed = documents.rename_company(document, "acme", "acme-aps")
    assert [c["handle"] for c in renamed["companies"]] == ["acme-aps", "nordlys"]
    with pytest.raises(ConnectError, match="already in use"):
        documents.rename_company(document, "acme", "nordlys")
    with pytest.raises(ConnectError) as missing:
        documents.rename_company(document, "nope", "x")
    assert missing.value.status == 404
    replaced = documents.replace_token(document, "acme", {"organization_id": "o1", "billy_access_token": "n" * 40})
    assert replaced["companies"][0]["billy_access_token"] == "n" * 40
    with pytest.raises(ConnectError, match="Connect it as a new company"):
        documents.replace_token(document, "acme", {"organization_id": "o2", "name": "Nordlys"})
    assert [c["handle"] for c in documents.remove_company(document, "acme")["companies"]] == ["nordlys"]


@pytest.mark.parametrize("handle", ["", "Acme", "acme aps", "a" * 33, "æble", None, 7])
def test_a_handle_outside_a_z_0_9_and_dash_of_at_most_32_is_refused(handle: object) -> None:
    with pytest.raises(ConnectError, match="1 to 32 characters") as info:
        documents.check_handle(handle)
    assert info.value.status == 400


@pytest.mark.parametrize("token", ["", "short", "has spaces in it and is long enough", "x" * 201, None])
def test_a_token_of_the_wrong_shape_is_refused_before_billy_is_asked(token: object) -> None:
    with pytest.raises(ConnectError, match="does not look like a Billy access token"):
        documents.check_token(token)
    assert documents.check_token("  " + "a1" * 20 + "\n") == "a1" * 20  # pasted with spaces around it


def test_keys_are_bounded_and_removed_by_id(monkeypatch: pytest.MonkeyPatch) -> None:
    document = with_companies()
    monkeypatch.setattr(documents, "MAX_KEYS", 1)
    with pytest.raises(ConnectError, match="revoke one first"):
        documents.add_key(document, {"id": "0" * 12, "hash": "0" * 64, "label": "x"})
    assert documents.remove_key(document, "abc123def456")["keys"] == []
    with pytest.raises(ConnectError, match="No such API key"):
        documents.remove_key(document, "000000000000")


def test_an_operators_mapping_is_shown_as_managed() -> None:
    mapping = {"tenant": "acme", "billy_access_token": "secret"}
    assert documents.is_managed(mapping) is True
    assert documents.view(mapping) == {"managed": True, "companies": [{"handle": "acme", "name": "acme"}], "keys": []}
