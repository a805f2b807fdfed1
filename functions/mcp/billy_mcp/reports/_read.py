"""Complete reads of Billy lists for the reports: every page, fetched concurrently, checked for consistency.

Page 1 of every list tells `pageCount` and `total`; the other pages are then fetched with at most
REPORT_CONCURRENCY requests in flight (Billy's largest pageSize, 1000). The read is refused before the other
pages are fetched when `total` exceeds REPORT_MAX_RECORDS. Duplicate ids across pages, a `total` or `pageCount`
that changes between pages, or fewer records than `total` mean the data moved while it was read: the read is
repeated once, then the report fails. A report is complete or an error that says what to narrow; never a
partial figure. The workers share the call's Billy session, so every page counts in the request's counters.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import billy
from ..config import settings
from ..records import paging_fields
from ..registry import ToolCall, ToolError

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

PAGE_SIZE = 1000
"""Billy's largest pageSize: the fewest requests for a complete read."""


class BadRecord(ValueError):
    """A record from Billy that a report cannot count; the message says which field is wrong."""


@dataclass(frozen=True)
class ListRead:
    """One Billy list to read completely."""

    path: str
    root: str
    query: Mapping[str, str]
    what: str
    """What the records are, for messages: 'postings up to 2026-11-20'."""
    narrow: str
    """What the caller can narrow when the list is too large or slow: 'a shorter period'."""
    convert: Callable[[dict[str, Any]], Any] | None = None
    """Applied to every record in the worker (keeps memory small); raises BadRecord for a record it cannot use."""
    sideload: tuple[str, ...] = ()
    """Root keys of sideloaded records to collect from every page (by id)."""


@dataclass
class Listing:
    records: list[Any] = field(default_factory=list)
    sideloaded: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    total: int = 0
    pages: int = 0


class _Moved(Exception):
    """The list changed while it was read (the message says how)."""


@dataclass
class _Page:
    document: dict[str, Any]
    records: list[Any]
    ids: list[str]
    error: str | None = None


class Reader:
    """The reads of one report call, sharing one bounded pool of workers and the call's deadline."""

    def __init__(self, call: ToolCall) -> None:
        config = settings()
        self.session = call.billy
        self.session.token()  # a tenant without a Billy token fails here, before any worker starts
        self.concurrency = config.report_concurrency
        self.cap = config.report_max_records

    # ---- public --------------------------------------------------------------------------------------------
    def read(
        self, lists: Sequence[ListRead], singles: Sequence[tuple[str, str]] = ()
    ) -> tuple[list[Listing], list[dict[str, Any]]]:
        """Every list completely, plus single documents ((path, what) pairs), with page 1s and singles in one wave."""
        from concurrent.futures import ThreadPoolExecutor  # on first use: about 5 ms of a cold start otherwise

        with ThreadPoolExecutor(self.concurrency, thread_name_prefix="billy-read") as pool:
            single_futures = [pool.submit(self._fetch, path, {}, what, None) for path, what in singles]
            first = [pool.submit(self._fetch, spec.path, self._query(spec, 1), spec.what, spec) for spec in lists]
            documents = [self._result(future, pool) for future in single_futures]
            listings = []
            for spec, future in zip(lists, first, strict=True):
                try:
                    listings.append(self._complete(pool, spec, self._result(future, pool)))
                except _Moved:
                    try:
                        again = self._result(
                            pool.submit(self._fetch, spec.path, self._query(spec, 1), spec.what, spec), pool
                        )
                        listings.append(self._complete(pool, spec, again))
                    except _Moved as moved:
                        raise ToolError(
                            f"Billy's {spec.what} changed while they were being read, twice ({moved}). The report was "
                            "not computed, so no figure is partial: try again in a moment."
                        ) from None
        return listings, [page.document for page in documents]

    # ---- one list ------------------------------------------------------------------------------------------------
    def _complete(self, pool: ThreadPoolExecutor, spec: ListRead, first: _Page) -> Listing:
        paging = paging_fields(first.document)
        total, page_count = paging.get("total"), paging.get("pageCount", 1)
        if total is not None and total > self.cap:
            raise ToolError(
                f"Billy holds {total:,} {spec.what}, more than the {self.cap:,} records a report reads at most "
                f"(REPORT_MAX_RECORDS). Narrow the report: {spec.narrow}."
            )
        if page_count * PAGE_SIZE > self.cap + PAGE_SIZE:
            raise ToolError(
                f"Billy says {spec.what} fill {page_count:,} pages, more than the {self.cap:,} records a report reads "
                f"at most (REPORT_MAX_RECORDS). Narrow the report: {spec.narrow}."
            )
        futures = [
            pool.submit(self._fetch, spec.path, self._query(spec, number), spec.what, spec)
            for number in range(2, page_count + 1)
        ]
        pages = [first, *(self._result(future, pool) for future in futures)]
        listing = Listing(total=total if total is not None else 0, pages=page_count)
        seen: set[str] = set()
        for number, page in enumerate(pages, start=1):
            page_paging = paging_fields(page.document)
            if page_paging.get("total") != total:
                raise _Moved(f"total was {total} on page 1 and {page_paging.get('total')} on page {number}")
            if page_paging.get("pageCount", 1) != page_count:
                raise _Moved(
                    f"pageCount was {page_count} on page 1 and {page_paging.get('pageCount')} on page {number}"
                )
            for record_id in page.ids:
                if record_id in seen:
                    raise _Moved(f"record {record_id[:64]} came twice")
                seen.add(record_id)
            listing.records += page.records
            for root in spec.sideload:
                bucket = listing.sideloaded.setdefault(root, {})
                for item in page.document.get(root) or []:
                    if isinstance(item, dict) and isinstance(item.get("id"), str):
                        bucket[item["id"]] = item
        if total is not None and len(listing.records) != total:
            raise _Moved(f"{len(listing.records)} records arrived but total says {total}")
        if total is None:
            listing.total = len(listing.records)
        return listing

    @staticmethod
    def _query(spec: ListRead, page: int) -> dict[str, str]:
        return {**spec.query, "page": str(page), "pageSize": str(PAGE_SIZE)}

    # ---- one request (in a worker) -------------------------------------------------------------------------------
    def _fetch(self, path: str, query: dict[str, str], what: str, spec: ListRead | None) -> _Page:
        """One Billy GET in a worker; a failure comes back as `error`, raised by the thread that reads the page."""
        page = _Page({}, [], [])
        try:
            page.document = self.session.fetch(path, query)
            if spec is not None:
                self._records(page, spec)
        except billy.BillyError as exc:
            page.error = self._explain(exc, what, spec)
        except ToolError as exc:
            page.error = str(exc)
        return page

    @staticmethod
    def _records(page: _Page, spec: ListRead) -> None:
        raw = page.document.get(spec.root)
        if not isinstance(raw, list):
            raise ToolError(f"Billy's answer had no '{spec.root}' list; Billy may be misbehaving, try again later.")
        for item in raw:
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                raise ToolError(f"Billy sent one of the {spec.what} without an id; the report was not computed.")
            page.ids.append(item["id"])
            if spec.convert is None:
                page.records.append(item)
                continue
            try:
                page.records.append(spec.convert(item))
            except BadRecord as exc:
                raise ToolError(
                    f"Billy sent one of the {spec.what} that cannot be counted (id {item['id'][:64]}: {exc}); "
                    "the report was not computed."
                ) from None

    def _explain(self, exc: billy.BillyError, what: str, spec: ListRead | None) -> str:
        if isinstance(exc, billy.Unavailable) and self.session.deadline - time.monotonic() < 2 * billy.MIN_REQUEST_TIME:
            narrow = f" Narrow the report: {spec.narrow}." if spec else ""
            return (
                f"The report could not read all {what} within this request's time limit ({exc.message}); no partial "
                f"figure is given.{narrow}"
            )
        return self.session.explain(exc, what)

    @staticmethod
    def _result(future: Future[_Page], pool: ThreadPoolExecutor) -> _Page:
        """A worker's page; a failure cancels the pages not yet started."""
        page = future.result()
        if page.error is not None:
            pool.shutdown(wait=False, cancel_futures=True)
            raise ToolError(page.error)
        return page
