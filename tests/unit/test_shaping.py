"""Compact and verbose output; credentials never leave."""

from __future__ import annotations

from billy_mcp.shaping import is_credential, shape

RECORD = {
    "id": "c1",
    "name": "Fjord ApS",
    "phone": None,
    "street": "",
    "isArchived": False,
    "amount": "12.50",
    "accessCode": "portal-secret",
    "downloadUrl": "https://signed",
    "apiToken": "t",
    "nested": {"password": "p", "keep": 0},
    "lines": [{"amount": 1, "description": None, "secretNote": "x"}],
}


def test_compact_drops_empty_fields_and_credentials() -> None:
    assert shape(RECORD, verbose=False) == {
        "id": "c1",
        "name": "Fjord ApS",
        "isArchived": False,
        "amount": 12.5,
        "nested": {"keep": 0},
        "lines": [{"amount": 1}],
    }


def test_verbose_keeps_every_field_but_credentials() -> None:
    shaped = shape(RECORD, verbose=True)
    assert shaped["phone"] is None and shaped["street"] == "" and shaped["lines"][0]["description"] is None
    for name in ("accessCode", "downloadUrl", "apiToken"):
        assert name not in shaped
    assert shaped["nested"] == {"keep": 0}


def test_credential_names() -> None:
    for name in (
        "accessCode",
        "downloadUrl",
        "billy_access_token",
        "password",
        "clientSecret",
        "subscriptionCardNumber",
        "apiKey",
    ):
        assert is_credential(name), name
    for name in ("amount", "name", "contactId", "isPaid", "balance"):
        assert not is_credential(name), name


def test_projection_keeps_the_id_the_named_fields_and_the_kept_relations() -> None:
    from billy_mcp.shaping import absent_fields, project

    record = {"id": "a", "name": "Ørne", "amount": 1.5, "lines": [{"amount": 1}], "state": "approved"}
    assert project(record, ["amount"], keep=["lines"]) == {"id": "a", "amount": 1.5, "lines": [{"amount": 1}]}
    assert project(record, ["nothing"]) == {"id": "a"}
    assert absent_fields([record, {"id": "b", "tax": 2}], ["tax", "id", "grossAmount", "name"]) == ["grossAmount"]
