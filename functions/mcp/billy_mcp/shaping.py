"""Turning Billy records into tool output: compact by default, never a credential.

Compact drops fields that carry no information (null, empty strings) so AI clients pay fewer tokens;
verbose keeps every field Billy sent; a caller's field list keeps only the fields it names. Credentials-like
fields are removed in every mode: a contact's customer-portal `accessCode`, rotating signed `downloadUrl`s,
payment-card details and anything named like a token, password or secret.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from typing import Any

CREDENTIAL_FIELDS = frozenset(
    {
        "accessCode",
        "downloadUrl",
        "subscriptionCardNumber",
        "subscriptionCardType",
        "subscriptionCardExpires",
        "subscriptionTransaction",
    }
)
_CREDENTIAL_NAME = re.compile(r"token|password|passwd|secret|api_?key|accesscode|signature", re.IGNORECASE)

NUMERIC_FIELDS = frozenset(
    {
        "amount",
        "tax",
        "grossAmount",
        "balance",
        "exchangeRate",
        "quantity",
        "unitPrice",
        "flatFee",
        "percentageFee",
        "cashAmount",
        "feeAmount",
        "rate",
        "baseAmount",
        "discountValue",
        "realizedCurrencyDifference",
    }
)
"""Billy sends these as numbers; a few clients saw numeric strings, which are converted so schemas hold."""


def is_credential(name: str) -> bool:
    return name in CREDENTIAL_FIELDS or bool(_CREDENTIAL_NAME.search(name))


_DROP, _PLAIN, _NUMERIC = 0, 1, 2
_field_kinds: dict[str, int] = {}
_KINDS_LIMIT = 4096
"""Billy's field names are a small fixed set, so their kinds are memoised; bounded, as the names are untrusted."""


def _kind(key: object) -> int:
    if not isinstance(key, str):
        return _DROP
    kind = _DROP if is_credential(key) else _NUMERIC if key in NUMERIC_FIELDS else _PLAIN
    if len(_field_kinds) < _KINDS_LIMIT:
        _field_kinds[key] = kind
    return kind


def shape(value: Any, verbose: bool) -> Any:
    """A copy of `value` without credentials (and, unless verbose, without null or empty-string fields)."""
    if isinstance(value, dict):
        return _shape_record(value, verbose)
    if isinstance(value, list):
        return [shape(item, verbose) for item in value]
    return value


def _shape_record(record: dict[Any, Any], verbose: bool) -> dict[str, Any]:
    # Runs over every field of every record: one memo lookup per field and exact type checks first.
    out: dict[str, Any] = {}
    kinds = _field_kinds
    for key, item in record.items():
        kind = kinds.get(key)
        if kind is None:
            kind = _kind(key)
        if kind == _DROP:
            continue
        if item is None:
            if verbose:
                out[key] = item
            continue
        cls = item.__class__
        if cls is str:
            if not item:
                if verbose:
                    out[key] = item
                continue
            if kind == _NUMERIC:
                item = _number(item)
        elif cls is dict or cls is list or isinstance(item, (dict, list)):
            item = shape(item, verbose)
        out[key] = item
    return out


def _number(text: str) -> float | str:
    try:
        return float(text)
    except ValueError:
        return text


def project(record: dict[str, Any], fields: Collection[str], keep: Collection[str] = ()) -> dict[str, Any]:
    """Only the caller's `fields` of a shaped record, plus its `id` and the embedded relations in `keep`."""
    return {key: value for key, value in record.items() if key == "id" or key in fields or key in keep}


def absent_fields(records: Sequence[Mapping[str, Any]], fields: Sequence[str]) -> list[str]:
    """The requested fields that no record holds (a misspelling, or empty everywhere), in the caller's order."""
    return [name for name in dict.fromkeys(fields) if name != "id" and not any(name in record for record in records)]
