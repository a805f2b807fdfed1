"""Settings read at start-up: URLs must be https, or http on an exact loopback host with a port."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from billy_mcp.config import ConfigError, settings


@pytest.fixture
def fresh() -> Iterator[None]:
    settings.cache_clear()
    yield
    settings.cache_clear()


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:@attacker.example/v2",  # a user name "localhost" before the @: the host is attacker.example
        "http://localhost.evil:8080/v2",
        "http://127.0.0.1.evil.example:80/v2",
        "http://user:pass@127.0.0.1:8081/v2",
        "https://user@api.billysbilling.com/v2",
        "http://api.billysbilling.com/v2",
        "ftp://127.0.0.1:21/v2",
        "https:///v2",
        "http://127.0.0.1:notaport/v2",
    ],
)
def test_billy_base_urls_that_could_leave_the_machine_or_billy_are_refused(
    url: str, monkeypatch: pytest.MonkeyPatch, fresh: None
) -> None:
    monkeypatch.setenv("BILLY_API_BASE_URL", url)
    with pytest.raises(ConfigError, match="BILLY_API_BASE_URL"):
        settings()


@pytest.mark.parametrize(
    "url", ["https://api.billysbilling.com/v2", "http://127.0.0.1:8081/v2", "http://localhost:3000/v2/"]
)
def test_https_and_exact_loopback_hosts_are_accepted(url: str, monkeypatch: pytest.MonkeyPatch, fresh: None) -> None:
    monkeypatch.setenv("BILLY_API_BASE_URL", url)
    assert settings().billy_api_base_url == url.rstrip("/")
