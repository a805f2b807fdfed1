"""Turning Billy records into tool output: compact by default, never a credential.

Compact drops fields that carry no information (null, empty strings) so AI clients pay fewer tokens;
verbose keeps every field Billy sent. Credentials-like fields are removed in both modes: a contact's
customer-portal `accessCode`, rotating signed `downloadUrl`s, payment-card details and anything named
like a token, password or secret.
"""

from __future__ import annotations

import re
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


def shape(value: Any, verbose: bool) -> Any:
    """A copy of `value` without credentials (and, unless verbose, without null or empty-string fields)."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str) or is_credential(key):
                continue
            if not verbose and (item is None or item == ""):
                continue
            if key in NUMERIC_FIELDS and isinstance(item, str):
                item = _number(item)
            out[key] = shape(item, verbose)
        return out
    if isinstance(value, list):
        return [shape(item, verbose) for item in value]
    return value


def _number(text: str) -> float | str:
    try:
        return float(text)
    except ValueError:
        return text
