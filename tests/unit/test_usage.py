"""billy_mcp.usage: a connected company's last use, written at most once an hour per container and never at the cost
of the call."""

from __future__ import annotations

from typing import Any

import pytest

from billy_mcp import aws_json, usage


@pytest.fixture(autouse=True)
def fresh() -> None:
    usage.forget()


def test_a_company_is_recorded_once_an_hour_per_container() -> None:
    assert usage.due("owner", "acme", 1000.0) is True
    assert usage.due("owner", "acme", 1000.0 + usage.EVERY_SECONDS - 1) is False
    assert usage.due("owner", "nordlys", 1001.0) is True  # another company: its own hour
    assert usage.due("other", "acme", 1001.0) is True  # another user's company of the same handle
    assert usage.due("owner", "acme", 1000.0 + usage.EVERY_SECONDS) is True


def test_the_update_names_the_user_and_the_handle_and_a_failure_is_only_logged(
    monkeypatch: pytest.MonkeyPatch, captured: Any
) -> None:
    sent: list[dict[str, Any]] = []

    def post(
        service: str, target: str, payload: dict[str, Any], url: str, timeout: float
    ) -> tuple[int, dict[str, Any]]:
        sent.append({"service": service, "target": target, **payload, "timeout": timeout})
        return 400, {"__type": "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException"}

    monkeypatch.setattr(aws_json, "post", post)
    usage.record("billy-mcp-usage", "a" * 64, "acme")
    usage.record("billy-mcp-usage", "a" * 64, "acme")  # within the hour: not sent again
    usage.record("", "a" * 64, "nordlys")  # no table configured: nothing sent
    [update] = sent
    assert update["service"] == "dynamodb" and update["target"] == "DynamoDB_20120810.UpdateItem"
    assert update["Key"] == {"owner": {"S": "a" * 64}, "handle": {"S": "acme"}}
    assert update["UpdateExpression"] == "SET lastUsed = :used" and update["timeout"] <= 0.5
    assert "last use not recorded" in captured.getvalue() and "ResourceNotFoundException" in captured.getvalue()
