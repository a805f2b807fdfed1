"""Complete reads against an in-memory Billy: pages in flight are bounded, every request is counted in the
call's session (whichever worker made it), and data that moves while it is read is read once more, then refused."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

from billy_mcp import billy
from billy_mcp.http_transport import Answer
from billy_mcp.registry import ToolCall, ToolError
from billy_mcp.reports._read import ListRead, Reader
from billy_mcp.session import BillySession
from billy_mcp.tenants import Tenant


class PagedBilly:
    """Serves `count` records 1000 a page, waiting `delay` per request; `moves` makes the next answers inconsistent."""

    def __init__(self, count: int, delay: float = 0.0) -> None:
        self.count, self.delay = count, delay
        self.in_flight = self.most_in_flight = self.requests = 0
        self.moves: list[str] = []
        self.lock = threading.Lock()

    def get(self, target: str, headers: Mapping[str, str], timeout: float, max_bytes: int) -> Answer:
        with self.lock:
            self.in_flight += 1
            self.requests += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
            move = self.moves.pop(0) if self.moves else None
        try:
            time.sleep(self.delay)
            query = dict(parse_qsl(urlsplit(target).query))
            page, size = int(query["page"]), int(query["pageSize"])
            ids = [f"r{n}" for n in range((page - 1) * size, min(page * size, self.count))]
            total = self.count
            if move == "duplicate" and page > 1:
                ids[0] = "r0"
            if move == "total" and page > 1:
                total += 1
            document = {
                "meta": {
                    "paging": {"page": page, "pageCount": max(1, -(-total // size)), "pageSize": size, "total": total}
                },
                "postings": [{"id": i} for i in ids],
            }
            return Answer(200, {}, json.dumps(document).encode())
        finally:
            with self.lock:
                self.in_flight -= 1


@pytest.fixture
def call(monkeypatch: pytest.MonkeyPatch) -> Iterator[ToolCall]:
    from billy_mcp.config import settings

    monkeypatch.setenv("REPORT_CONCURRENCY", "3")
    settings.cache_clear()
    yield ToolCall({}, BillySession(Tenant(name="t", billy_access_token="tok"), time.monotonic() + 20))
    billy.use_transport(None)
    settings.cache_clear()


SPEC = ListRead("postings", "postings", {}, "postings", "a shorter period")


def test_every_page_with_bounded_concurrency_and_counted_requests(call: ToolCall) -> None:
    fake = PagedBilly(9_500, delay=0.02)
    billy.use_transport(fake)
    [listing], _ = Reader(call).read([SPEC])
    assert [r["id"] for r in listing.records] == [f"r{n}" for n in range(9_500)] and listing.pages == 10
    assert fake.most_in_flight == 3 and fake.requests == 10 == call.billy.counters.requests


@pytest.mark.parametrize("move", ["duplicate", "total"])
def test_moving_data_is_read_again_once_then_refused(call: ToolCall, move: str) -> None:
    fake = PagedBilly(2_500)
    billy.use_transport(fake)
    fake.moves = [move] * 3  # page 1, then pages 2 and 3 of the first read see it
    [listing], _ = Reader(call).read([SPEC])
    assert len(listing.records) == 2_500 and fake.requests == 6
    fake.moves = [move] * 6
    with pytest.raises(ToolError, match="changed while they were being read, twice"):
        Reader(call).read([SPEC])


def test_conversion_failures_name_the_record(call: ToolCall) -> None:
    from billy_mcp.reports._read import BadRecord

    def convert(record: dict[str, Any]) -> Any:
        if record["id"] == "r1500":
            raise BadRecord("side is neither debit nor credit")
        return record["id"]

    billy.use_transport(PagedBilly(2_000))
    with pytest.raises(ToolError, match="id r1500: side is neither"):
        Reader(call).read([ListRead("postings", "postings", {}, "postings", "x", convert=convert)])
