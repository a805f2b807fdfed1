"""AWS Signature Version 4 for a single JSON POST, so reading a secret does not need boto3.

Why hand-written: importing boto3 and creating a Secrets Manager client adds about 140 ms to every cold start
on top of the function's own imports (`python -m bench.imports`, part of `make bench`), and the function makes
exactly one AWS call, `GetSecretValue`. The algorithm is AWS's published one; tests check these
signatures against botocore's signer byte for byte.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime


class Credentials:
    __slots__ = ("access_key", "secret_key", "session_token")

    def __init__(self, access_key: str, secret_key: str, session_token: str | None = None) -> None:
        self.access_key = access_key
        self.secret_key = secret_key
        self.session_token = session_token

    def __repr__(self) -> str:
        return f"Credentials(access_key={self.access_key[:4]}…)"


def _hmac(key: bytes, message: str) -> bytes:
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).digest()


def signing_key(secret_key: str, date_stamp: str, region: str, service: str) -> bytes:
    key = _hmac(f"AWS4{secret_key}".encode(), date_stamp)
    key = _hmac(key, region)
    key = _hmac(key, service)
    return _hmac(key, "aws4_request")


def sign_post(
    *,
    credentials: Credentials,
    region: str,
    service: str,
    host: str,
    path: str,
    headers: dict[str, str],
    body: bytes,
    now: datetime | None = None,
) -> dict[str, str]:
    """Headers to send with a POST of `body` to `host` + `path` (no query string), signed for `service`."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    amz_date = moment.strftime("%Y%m%dT%H%M%SZ")
    date_stamp = moment.strftime("%Y%m%d")
    payload_hash = hashlib.sha256(body).hexdigest()
    signed: dict[str, str] = {k.lower(): " ".join(v.strip().split()) for k, v in headers.items()}
    signed["host"] = host
    signed["x-amz-date"] = amz_date
    if credentials.session_token:
        signed["x-amz-security-token"] = credentials.session_token
    names = sorted(signed)
    canonical_headers = "".join(f"{name}:{signed[name]}\n" for name in names)
    signed_headers = ";".join(names)
    canonical_request = "\n".join(["POST", path or "/", "", canonical_headers, signed_headers, payload_hash])
    scope = f"{date_stamp}/{region}/{service}/aws4_request"
    string_to_sign = "\n".join(
        ["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical_request.encode()).hexdigest()]
    )
    signature = hmac.new(
        signing_key(credentials.secret_key, date_stamp, region, service), string_to_sign.encode(), hashlib.sha256
    ).hexdigest()
    out = {name: signed[name] for name in names if name != "host"}
    out["authorization"] = (
        f"AWS4-HMAC-SHA256 Credential={credentials.access_key}/{scope}, "
        f"SignedHeaders={signed_headers}, Signature={signature}"
    )
    return out
