"""A signed-in user's document and their API keys' secrets in Secrets Manager, under the stack's prefix only.

boto3 here (not the MCP function's hand-written GetSecretValue): this function writes, runs when a person clicks,
and its cold start is not what an AI client waits for. Writes go to the user's secret first, then to each key's
copy of the companies, so a key never reaches a company its user has disconnected for longer than the write takes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from typing import Any

from .. import api_keys
from ..tenants import USERS, key_hash, user_hash
from . import documents

KIND_TAG = "billy-mcp:kind"
LABEL_TAG = "billy-mcp:user"


class ConnectStore:
    def __init__(self, client: Any, prefix: str, usage: Any = None, usage_table: str = "") -> None:
        self.client = client
        self.prefix = prefix
        self.usage = usage
        """A DynamoDB client for the usage table the MCP function writes (billy_mcp.usage), or None."""
        self.usage_table = usage_table

    def last_used(self, issuer: str, subject: str) -> dict[str, str]:
        """When each of the user's companies was last used through billy-mcp, by handle (ISO 8601, UTC)."""
        if self.usage is None or not self.usage_table:
            return {}
        answer = self.usage.query(
            TableName=self.usage_table,
            KeyConditionExpression="#owner = :owner",
            ExpressionAttributeNames={"#owner": "owner"},
            ExpressionAttributeValues={":owner": {"S": user_hash(issuer, subject)}},
        )
        return {item["handle"]["S"]: item["lastUsed"]["S"] for item in answer.get("Items", []) if "lastUsed" in item}

    def user_secret(self, issuer: str, subject: str) -> str:
        return self.prefix + USERS + user_hash(issuer, subject)

    def load(self, issuer: str, subject: str) -> dict[str, Any]:
        """The user's document; a user who has connected nothing yet has an empty one."""
        try:
            text = self.client.get_secret_value(SecretId=self.user_secret(issuer, subject))["SecretString"]
        except self.client.exceptions.ResourceNotFoundException:
            return documents.empty()
        document = json.loads(text)
        if not isinstance(document, dict):
            raise documents.ConnectError(500, "Your stored companies could not be read; ask the operator.")
        if not documents.is_managed(document):
            document.setdefault("keys", [])
        return document

    def save(self, issuer: str, subject: str, document: dict[str, Any], label: str) -> None:
        """The user's document, then every key's copy of the companies."""
        owner = user_hash(issuer, subject)
        self._write(self.user_secret(issuer, subject), document, {KIND_TAG: "user", LABEL_TAG: label[:256]})
        for key in document.get("keys", []):
            copy = {"companies": document["companies"], "owner": owner}
            self._write(self.prefix + key["hash"], copy, {KIND_TAG: "connect-key", LABEL_TAG: label[:256]})

    def new_key(
        self, issuer: str, subject: str, document: dict[str, Any], label: str, key_label: str
    ) -> tuple[str, dict[str, Any]]:
        """A new API key reaching the user's companies (shown once, only its hash is kept), and the document as
        saved."""
        key = api_keys.new_key()
        digest = key_hash(key)
        entry = {"id": digest[:12], "hash": digest, "label": key_label, "created": _now()}
        updated = documents.add_key(document, entry)
        self.save(issuer, subject, updated, label)
        return key, updated

    def revoke_key(
        self, issuer: str, subject: str, document: dict[str, Any], key_id: str, label: str
    ) -> dict[str, Any]:
        """The document as saved without the key; the key's secret is deleted after it."""
        entry = documents.find_key(document, key_id)
        updated = documents.remove_key(document, key_id)
        self.save(issuer, subject, updated, label)
        with contextlib.suppress(self.client.exceptions.ResourceNotFoundException):
            self.client.delete_secret(SecretId=self.prefix + entry["hash"], ForceDeleteWithoutRecovery=True)
        return updated

    def _write(self, name: str, document: dict[str, Any], tags: dict[str, str]) -> None:
        text = json.dumps(document)
        try:
            self.client.put_secret_value(SecretId=name, SecretString=text)
        except self.client.exceptions.ResourceNotFoundException:
            self.client.create_secret(
                Name=name,
                SecretString=text,
                Description="billy-mcp: companies connected on the connect page",
                Tags=[{"Key": k, "Value": v} for k, v in {**tags, "app": "billy-mcp"}.items()],
            )


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def connected_now() -> str:
    return _now()
