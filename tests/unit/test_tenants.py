"""API key → tenant: bearer parsing, hashing, secret parsing and the warm cache."""

from __future__ import annotations

import hashlib
import json

import pytest

from billy_mcp import secrets_store
from billy_mcp.tenants import (
    MAX_CACHED_KEYS,
    AuthenticationError,
    CompanyChoice,
    TenantResolver,
    TenantStoreUnavailable,
    bearer_key,
    key_hash,
    parse_caller,
    parse_secret,
)

PREFIX = "billy-mcp/tenants/"


@pytest.mark.parametrize(
    "header, key",
    [
        ("Bearer abc", "abc"),
        ("bearer  abc ", "abc"),
        ("BEARER abc", "abc"),
        ("Basic abc", None),
        ("Bearer", None),
        ("Bearer   ", None),
        ("", None),
        (None, None),
        ("abc", None),
    ],
)
def test_bearer_key(header: str | None, key: str | None) -> None:
    assert bearer_key(header) == key


def test_key_hash_is_sha256_hex() -> None:
    assert key_hash("bmcp_x") == hashlib.sha256(b"bmcp_x").hexdigest()


@pytest.mark.parametrize(
    "text, name, token, problem",
    [
        ('{"tenant": "acme", "billy_access_token": "t", "organization_id": "o"}', "acme", "t", None),
        ('{"tenant": "acme"}', "acme", None, "no billy_access_token"),
        ('{"tenant": "acme", "billy_access_token": "  "}', "acme", None, "no billy_access_token"),
        ("not json", "unknown", None, "not valid JSON"),
        ('["a"]', "unknown", None, "not a JSON object"),
        ('{"billy_access_token": "t"}', "unknown", "t", None),
    ],
)
def test_parse_secret(text: str, name: str, token: str | None, problem: str | None) -> None:
    tenant = parse_secret(text)
    assert (tenant.name, tenant.billy_access_token) == (name, token)
    assert (problem is None and tenant.problem is None) or (problem is not None and problem in (tenant.problem or ""))


def test_tenant_repr_hides_the_token() -> None:
    assert "sekret" not in repr(parse_secret('{"tenant": "a", "billy_access_token": "sekret"}'))


class FakeStore:
    def __init__(self) -> None:
        self.secrets: dict[str, str] = {}
        self.reads: list[str] = []
        self.fail: Exception | None = None

    def __call__(self, name: str, timeout: float) -> str:
        self.reads.append(name)
        if self.fail:
            raise self.fail
        if name not in self.secrets:
            raise secrets_store.SecretNotFound()
        return self.secrets[name]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def resolver(store: FakeStore, clock: Clock) -> TenantResolver:
    return TenantResolver(PREFIX, ttl=300, miss_ttl=30, read_secret=store, clock=clock)


def test_hits_are_cached_for_the_ttl_and_reread_after() -> None:
    store, clock = FakeStore(), Clock()
    store.secrets[PREFIX + key_hash("k1")] = '{"tenant": "acme", "billy_access_token": "t"}'
    tenants = resolver(store, clock)
    assert tenants.resolve("Bearer k1").companies[0].name == "acme"
    clock.now += 299
    assert tenants.resolve("Bearer k1").companies[0].name == "acme"
    assert len(store.reads) == 1
    clock.now += 2
    tenants.resolve("Bearer k1")
    assert len(store.reads) == 2
    assert store.reads[0] == PREFIX + key_hash("k1")


def test_misses_are_cached_briefly_and_revocation_takes_effect_after_the_ttl() -> None:
    store, clock = FakeStore(), Clock()
    tenants = resolver(store, clock)
    for _ in range(5):
        with pytest.raises(AuthenticationError) as info:
            tenants.resolve("Bearer unknown")
        assert info.value.key_sent is True
    assert len(store.reads) == 1
    clock.now += 31
    store.secrets[PREFIX + key_hash("unknown")] = '{"tenant": "late"}'
    assert tenants.resolve("Bearer unknown").companies[0].name == "late"
    del store.secrets[PREFIX + key_hash("unknown")]  # revoked
    clock.now += 301
    with pytest.raises(AuthenticationError):
        tenants.resolve("Bearer unknown")


@pytest.mark.parametrize("header", [None, "", "Basic x"])
def test_no_key_is_an_authentication_error_without_invalid_token(header: str | None) -> None:
    with pytest.raises(AuthenticationError) as info:
        resolver(FakeStore(), Clock()).resolve(header)
    assert info.value.key_sent is (header == "Basic x")


def test_store_failures_are_unavailable_and_not_cached() -> None:
    store, clock = FakeStore(), Clock()
    store.fail = secrets_store.SecretStoreError("ThrottlingException", 400)
    tenants = resolver(store, clock)
    with pytest.raises(TenantStoreUnavailable) as info:
        tenants.resolve("Bearer k")
    assert info.value.reason == "ThrottlingException"
    store.fail = None
    store.secrets[PREFIX + key_hash("k")] = '{"tenant": "acme"}'
    assert tenants.resolve("Bearer k").companies[0].name == "acme"


def test_the_cache_never_holds_raw_keys_and_stays_bounded() -> None:
    store, clock = FakeStore(), Clock()
    tenants = resolver(store, clock)
    for number in range(MAX_CACHED_KEYS + 50):
        with pytest.raises(AuthenticationError):
            tenants.resolve(f"Bearer guess-{number}")
    cache = tenants._cache
    assert len(cache) == MAX_CACHED_KEYS
    assert all(len(key) == 64 and "guess" not in key for key in cache)


def test_keys_with_a_checksum_and_legacy_keys_while_allowed() -> None:
    from billy_mcp import api_keys

    key = api_keys.new_key()
    assert len(key) == 54 and api_keys.plausible(key, accept_legacy=False)
    flipped = key[:-1] + ("A" if key[-1] != "A" else "B")
    assert not api_keys.plausible(flipped, accept_legacy=True)
    legacy = "bmcp_" + "x" * 43
    assert api_keys.plausible(legacy, accept_legacy=True) and not api_keys.plausible(legacy, accept_legacy=False)
    for junk in ("", "bmcp_", "bmcp_short", "Bearer " + key, key + "x", "bmcp_" + "é" * 49):
        assert not api_keys.plausible(junk, accept_legacy=True)


def test_an_implausible_key_is_refused_without_a_lookup() -> None:
    store = FakeStore()
    resolver = TenantResolver("p/", 300, 30, read_secret=store, clock=Clock(), plausible=lambda key: key == "good")
    with pytest.raises(AuthenticationError) as refused:
        resolver.resolve("Bearer bad")
    assert refused.value.key_sent is True and store.reads == []


def test_a_companies_document_gives_each_company_its_handle_and_token() -> None:
    caller = parse_caller(
        json.dumps(
            {
                "companies": [
                    {"handle": "acme", "billy_access_token": "t1", "organization_id": "o1"},
                    {"handle": "nordlys", "billy_access_token": "t2"},
                    {"handle": "acme", "billy_access_token": "t3"},  # a repeated handle: the last one counts
                    {"handle": "Not A Handle!", "billy_access_token": "t4"},
                    "not an object",
                ]
            }
        )
    )
    assert caller.handles == ["acme", "nordlys", "not-a-handle"]
    assert caller.company("acme").billy_access_token == "t3" and caller.company("acme").connected is True
    assert caller.company("nordlys").problem is None
    with pytest.raises(CompanyChoice, match=r"2 companies|3 companies"):
        caller.company(None)
    with pytest.raises(CompanyChoice, match=r"no company 'havoern'. Its companies .*: acme, nordlys"):
        caller.company("havoern")


def test_an_operators_tenant_is_one_company_whose_handle_is_its_name() -> None:
    caller = parse_caller('{"tenant": "Acme A/S", "billy_access_token": "t"}')
    [company] = caller.companies
    assert (company.name, company.handle, company.connected) == ("Acme A/S", "acme-a-s", False)
    assert caller.company(None) is company


def test_no_company_says_where_to_connect_one_and_is_not_cached() -> None:
    store, clock = FakeStore(), Clock()
    store.secrets[PREFIX + key_hash("k")] = '{"companies": []}'
    tenants = resolver(store, clock)
    with pytest.raises(CompanyChoice, match="/connect") as info:
        tenants.resolve("Bearer k").company(None)
    assert info.value.none_connected is True
    store.secrets[PREFIX + key_hash("k")] = '{"companies": [{"handle": "acme", "billy_access_token": "t"}]}'
    assert tenants.resolve("Bearer k").handles == ["acme"]  # connected a moment ago: found at once
    assert len(store.reads) == 2
