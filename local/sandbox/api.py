"""The Billy API v2 behaviour of the sandbox, independent of HTTP: (method, path, query, headers) → answer.

Envelopes, singular and plural roots, paging (default and maximum pageSize 1000), include with embed and
sideload, filters, sorting, auth errors and 404/405 bodies as shared/reference/billy-api.md describes them.
Choices where Billy's behaviour is undocumented: pageSize > 1000 → 400 INVALID_PARAMETER; a page past the
last → an empty list; an unknown sortProperty is ignored; a locked organization answers 403
ORGANIZATION_LOCKED everywhere except /organization(s).
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from .company import Company, Record
from .documents import strip_private
from .resources import RESOURCES, Relation, Resource

MAX_PAGE_SIZE = 1000
REQUEST_LOG_SIZE = 1000
"""Requests remembered for tests; bounded so a long-running sandbox does not grow."""
PUBLIC_BASE = "https://api.billysbilling.com/v2"


@dataclass
class Fault:
    """A switchable misbehaviour: answer `status` (with `body`) for the next `times` matching requests."""

    status: int = 500
    times: int = 1_000_000
    retry_after: str | None = None
    body: str | None = None
    """None: Billy's JSON error envelope; otherwise sent verbatim (HTML, empty, truncated JSON)."""
    delay: float = 0.0
    """Seconds to wait before answering (slow responses); with status 200 the real answer follows."""
    path_prefix: str = ""
    token: str | None = None
    reset: bool = False
    """Close the connection without answering (a connection reset)."""
    page: int | None = None
    """Only requests for this page of a list (None: any request)."""
    inflate_total: int = 0
    """With status 200: serve the real answer with paging.total raised by this much (data moving under a read)."""


@dataclass
class Answer:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def _json(status: int, document: dict[str, Any], started: float, headers: dict[str, str] | None = None) -> Answer:
    document = {
        "meta": {
            "statusCode": status,
            "success": 200 <= status < 300,
            **document.pop("meta", {}),
            "time": round(time.perf_counter() - started, 4),
        },
        **document,
    }
    return Answer(
        status,
        json.dumps(document, ensure_ascii=False).encode(),
        {"Content-Type": "application/json; charset=utf-8", **(headers or {})},
    )


def error(status: int, code: str, message: str, started: float) -> Answer:
    return _json(
        status,
        {
            "errorMessage": message,
            "errorCode": code,
            "errorTime": time.strftime("%Y-%m-%dT%H:%M:%S"),
            "helpUrl": "https://www.billy.dk/support/",
        },
        started,
    )


class SandboxApi:
    """Serves one or more companies, each reached with its own access token."""

    def __init__(self, companies: list[Company]) -> None:
        self.companies = {company.token: company for company in companies}
        self.faults: list[Fault] = []
        self.requests: deque[tuple[str, str, list[tuple[str, str]]]] = deque(maxlen=REQUEST_LOG_SIZE)
        self.headers_seen: deque[dict[str, str]] = deque(maxlen=REQUEST_LOG_SIZE)
        """Each request's headers, so tests can prove what billy-mcp sends Billy (and what it never does)."""
        """The latest requests seen: (method, path, query pairs), for tests that check what a client sent."""
        self.strict_organizations = False
        """When true, GET /organizations answers 403 (as a company token might)."""
        self.ignore_filters: set[str] = set()
        """Resources whose filters are ignored, as Billy silently ignores filters it does not support."""
        self._lock = threading.Lock()
        self._indexes: dict[tuple[str, str], dict[str, Record]] = {}
        self._children: dict[tuple[str, str, str], dict[str, list[Record]]] = {}

    # ---- control ---------------------------------------------------------------------------------------------
    def add_fault(self, fault: Fault) -> Fault:
        with self._lock:
            self.faults.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self.faults.clear()
            self.requests.clear()
            self.headers_seen.clear()
            self.strict_organizations = False
            self.ignore_filters.clear()
            for company in self.companies.values():
                company.organization["isLocked"] = False
                company.organization["lockedCode"] = None
                company.organization["lockedReason"] = ""

    def lock(
        self, token: str, reason: str = "Abonnementet er udløbet. Opdater betalingsoplysningerne i Billy."
    ) -> None:
        organization = self.companies[token].organization
        organization.update({"isLocked": True, "lockedCode": "subscriptionExpired", "lockedReason": reason})

    def _take_fault(self, path: str, token: str | None, page: str | None) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.page is not None and (page or "1") != str(fault.page):
                    continue
                if fault.times > 0 and path.startswith(fault.path_prefix) and fault.token in (None, token):
                    fault.times -= 1
                    return fault
        return None

    # ---- entry -----------------------------------------------------------------------------------------------
    def handle(self, method: str, path: str, query: list[tuple[str, str]], headers: dict[str, str]) -> Answer:
        started = time.perf_counter()
        with self._lock:
            self.requests.append((method, path, list(query)))
            self.headers_seen.append(dict(headers))
        if not path.startswith("/v2/"):
            return error(404, "UNKNOWN_RESOURCE", f"Unknown resource `{path}`.", started)
        if method != "GET":
            return error(
                405, "METHOD_NOT_ALLOWED", f"The sandbox is read-only: {method} is not allowed on `{path}`.", started
            )
        token = headers.get("x-access-token")
        fault = self._take_fault(path, token, _params(query).get("page"))
        if fault is not None and fault.inflate_total:
            return _inflated(self._answer(path, query, token, started), fault.inflate_total)
        if fault is not None:
            if fault.delay:
                time.sleep(fault.delay)
            if fault.reset:
                return Answer(0, b"")
            extra = {"Retry-After": fault.retry_after} if fault.retry_after is not None else {}
            if fault.body is not None:
                return Answer(fault.status, fault.body.encode(), {"Content-Type": "text/html", **extra})
            if fault.status != 200:
                answer = error(fault.status, _fault_code(fault.status), f"Sandbox fault: HTTP {fault.status}.", started)
                answer.headers |= extra
                return answer
        return self._answer(path, query, token, started)

    def _answer(self, path: str, query: list[tuple[str, str]], token: str | None, started: float) -> Answer:
        parts = [p for p in path[4:].split("/") if p]
        if not token:
            return error(
                401,
                "AUTHENTICATION_REQUIRED",
                "You must use Basic auth or an OAuth access token to make requests to the API.",
                started,
            )
        company = self.companies.get(token)
        if company is None:
            return error(401, "OAUTH_INVALID_ACCESS_TOKEN", "Invalid OAuth 2 access token.", started)
        params = _params(query)
        if parts and parts[0] in ("organization", "organizations", "user"):
            return self._organization(company, parts, params, started)
        if company.organization.get("isLocked"):
            return error(403, "ORGANIZATION_LOCKED", "The organization is locked.", started)
        if not parts or parts[0] not in RESOURCES or len(parts) > 2:
            return error(404, "UNKNOWN_RESOURCE", f"Unknown resource `{path}`.", started)
        name = parts[0]
        resource = RESOURCES[name]
        if len(parts) == 2:
            record = self._index(company, name).get(parts[1])
            if record is None:
                return error(
                    404, "RECORD_NOT_FOUND", f"No `{resource.singular}` record with id `{parts[1]}` was found.", started
                )
            document: dict[str, Any] = {resource.singular: dict(record)}
            self._include(company, resource, [document[resource.singular]], params.get("include", ""), document)
            return _json(200, document, started)
        return self._list(company, name, resource, params, started)

    # ---- organization ---------------------------------------------------------------------------------------
    def _organization(self, company: Company, parts: list[str], params: dict[str, str], started: float) -> Answer:
        organization = company.organization
        if parts == ["organization"]:
            return _json(200, {"organization": dict(organization)}, started)
        if parts == ["user"]:
            return _json(
                200, {"user": {"id": "sandbox-user", "name": "Sandbox Bruger", "email": "demo@example.dk"}}, started
            )
        if parts == ["organizations"]:
            if self.strict_organizations:
                return error(403, "FORBIDDEN", "This access token cannot list organizations.", started)
            return self._page([dict(organization)], "organizations", params, started, "/organizations")
        if len(parts) == 2 and parts[0] == "organizations":
            if parts[1] != organization["id"]:
                return error(
                    404, "RECORD_NOT_FOUND", f"No `organization` record with id `{parts[1]}` was found.", started
                )
            return _json(200, {"organization": dict(organization)}, started)
        return error(404, "UNKNOWN_RESOURCE", f"Unknown resource `/v2/{'/'.join(parts)}`.", started)

    # ---- lists ------------------------------------------------------------------------------------------------
    def _list(self, company: Company, name: str, resource: Resource, params: dict[str, str], started: float) -> Answer:
        records = company.table(name)
        if name in self.ignore_filters:
            resource = Resource(resource.singular, sort=resource.sort, relations=resource.relations)
        for key in resource.equals:
            if key in params:
                wanted = params[key]
                records = [r for r in records if _text(r.get(key)) == wanted]
        for field_name in resource.date_ranges:
            suffix = field_name[0].upper() + field_name[1:]
            low, high = params.get("min" + suffix), params.get("max" + suffix)
            if low:
                records = [r for r in records if r.get(field_name) is not None and str(r[field_name]) >= low]
            if high:
                records = [r for r in records if r.get(field_name) is not None and str(r[field_name]) <= high]
        query = params.get("q", "").strip().casefold()
        if query and resource.search:
            records = [
                r
                for r in records
                if any(query in _text(self._value(company, r, f)).casefold() for f in resource.search)
            ]
        sort = params.get("sortProperty")
        if sort in resource.sort:
            descending = params.get("sortDirection", "ASC").upper() == "DESC"
            records = sorted(records, key=lambda r: _sort_key(self._value(company, r, sort)), reverse=descending)
        return self._page(records, name, params, started, f"/{name}", company, resource)

    def _page(
        self,
        records: list[Record],
        name: str,
        params: dict[str, str],
        started: float,
        path: str,
        company: Company | None = None,
        resource: Resource | None = None,
    ) -> Answer:
        try:
            page = int(params.get("page", "1"))
            size = int(params.get("pageSize", str(MAX_PAGE_SIZE)))
        except ValueError:
            return error(400, "INVALID_PARAMETER", "page and pageSize must be integers.", started)
        if size > MAX_PAGE_SIZE:
            return error(400, "INVALID_PARAMETER", f"pageSize cannot be greater than {MAX_PAGE_SIZE}.", started)
        if page < 1 or size < 1:
            return error(400, "INVALID_PARAMETER", "page and pageSize must be positive.", started)
        total = len(records)
        page_count = max(1, -(-total // size))
        chosen = [dict(r) for r in strip_private(records[(page - 1) * size : page * size])]
        document: dict[str, Any] = {name: chosen}
        if company is not None and resource is not None:
            self._include(company, resource, chosen, params.get("include", ""), document)

        def url(number: int) -> str:
            query = {k: v for k, v in params.items() if k not in ("page",)}
            if number > 1:
                query["page"] = str(number)
            return f"{PUBLIC_BASE}{path}" + (f"?{urlencode(query)}" if query else "")

        paging: dict[str, Any] = {
            "page": page,
            "pageCount": page_count,
            "pageSize": size,
            "total": total,
            "firstUrl": url(1),
            "lastUrl": url(page_count),
        }
        if page > 1:
            paging["previousUrl"] = url(page - 1)
        if page < page_count:
            paging["nextUrl"] = url(page + 1)
        document["meta"] = {"paging": paging}
        return _json(200, document, started)

    # ---- include ----------------------------------------------------------------------------------------------
    def _include(
        self, company: Company, resource: Resource, records: list[Record], include: str, document: dict[str, Any]
    ) -> None:
        for clause in filter(None, (c.strip() for c in include.split(","))):
            target, _, mode = clause.partition(":")
            owner, _, prop = target.partition(".")
            relation = resource.relations.get(prop)
            if owner != resource.singular or relation is None:
                continue
            embed = mode == "embed"
            for record in records:
                related = self._related(company, relation, record, resource)
                if embed:
                    record[prop] = related if relation.kind != "belongs_to" else (related[0] if related else None)
                else:
                    bucket = document.setdefault(relation.table, [])
                    seen = {r["id"] for r in bucket}
                    bucket.extend(r for r in related if r["id"] not in seen)
                    if relation.kind != "belongs_to":
                        record[prop.rstrip("s") + "Ids"] = [r["id"] for r in related]

    def _related(self, company: Company, relation: Relation, record: Record, resource: Resource) -> list[Record]:
        if relation.kind == "belongs_to":
            parent = self._index(company, relation.table).get(record.get(relation.key) or "")
            return [dict(parent)] if parent else []
        value = f"{resource.singular}:{record['id']}" if relation.kind == "reference" else record["id"]
        return [dict(r) for r in self._children_of(company, relation.table, relation.key).get(value, [])]

    # ---- lookups ----------------------------------------------------------------------------------------------
    def _index(self, company: Company, table: str) -> dict[str, Record]:
        key = (company.token, table)
        index = self._indexes.get(key)
        if index is None:
            index = {r["id"]: {k: v for k, v in r.items() if not k.startswith("_")} for r in company.table(table)}
            self._indexes[key] = index
        return index

    def _children_of(self, company: Company, table: str, foreign_key: str) -> dict[str, list[Record]]:
        key = (company.token, table, foreign_key)
        groups = self._children.get(key)
        if groups is None:
            groups = {}
            for record in company.table(table):
                groups.setdefault(str(record.get(foreign_key)), []).append(record)
            for children in groups.values():
                children.sort(key=lambda r: r.get("priority", 0))
            self._children[key] = groups
        return groups

    def _value(self, company: Company, record: Record, path: str) -> Any:
        if "." not in path:
            return record.get(path)
        head, _, rest = path.partition(".")
        table = {"contact": "contacts"}.get(head)
        parent = self._index(company, table).get(record.get(head + "Id") or "") if table else None
        return parent.get(rest) if parent else None


def _inflated(answer: Answer, extra: int) -> Answer:
    document = json.loads(answer.body)
    paging = document.get("meta", {}).get("paging")
    if isinstance(paging, dict):
        paging["total"] += extra
    return Answer(answer.status, json.dumps(document, ensure_ascii=False).encode(), answer.headers)


def _params(query: list[tuple[str, str]]) -> dict[str, str]:
    params: dict[str, str] = {}
    for key, value in query:
        params.setdefault(key, value)
    return params


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _sort_key(value: Any) -> tuple[int, Any]:
    if value is None:
        return (0, "")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (1, value)
    if isinstance(value, str) and value.isdigit():
        return (1, int(value))
    return (2, str(value).casefold())


def _fault_code(status: int) -> str:
    return {
        400: "INVALID_REQUEST",
        401: "OAUTH_INVALID_ACCESS_TOKEN",
        403: "FORBIDDEN",
        404: "RECORD_NOT_FOUND",
        405: "METHOD_NOT_ALLOWED",
        422: "INVALID_RECORD",
        429: "TOO_MANY_REQUESTS",
    }.get(status, "INTERNAL_ERROR")
