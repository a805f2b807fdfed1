"""One request's session with Billy: the tenant's token, the request's deadline and its request counters.

Every tool and report reaches Billy through `BillySession.get`, which turns a Billy failure into the `ToolError`
a user can act on. The counters belong to the request (not to a thread), so a report's page workers add to the
same counts as the thread that serves the request.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from .registry import ToolError
from .tenants import Caller, CompanyChoice, Tenant

if TYPE_CHECKING:
    from . import billy


class Counters:
    """The Billy requests of one MCP request, for its log line and metrics; thread-safe, because a report's
    pages are fetched by several workers at once."""

    __slots__ = ("_lock", "last_status", "latency_ms", "requests", "retries")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requests = 0
        self.retries = 0
        self.last_status: int | None = None
        self.latency_ms = 0.0

    def answered(self, status: int | None, latency_ms: float) -> None:
        with self._lock:
            self.requests += 1
            self.latency_ms += latency_ms
            if status is not None:
                self.last_status = status

    def retried(self) -> None:
        with self._lock:
            self.retries += 1


class NoCompanyConnected(ToolError):
    """The caller has no company yet (a user who signed in but has not connected one): the server answers with the
    way to connect one (a URL elicitation where the client takes one) instead of this message."""


class BillySession:
    """The caller's companies and, once a call has chosen one (`for_company`), that company's token; the deadline and
    the counters are the request's, shared by every session made from it."""

    def __init__(
        self, who: Tenant | Caller, deadline: float, counters: Counters | None = None, caller: Caller | None = None
    ) -> None:
        self.caller = caller or (who if isinstance(who, Caller) else Caller([who]))
        self._chosen: Tenant | None = who if isinstance(who, Tenant) else None
        self._reloaded = False
        self._used = False
        self.deadline = deadline
        """time.monotonic() value by which the answer must be ready."""
        self.counters = counters or Counters()

    @property
    def tenant(self) -> Tenant:
        """The company this session reads: the caller's only one when the call named none. Several or none is a
        ToolError that lists the handles (NoCompanyConnected for none), said at the first request for the company."""
        if self._chosen is None:
            try:
                self._chosen = self._choose(None)
            except CompanyChoice as exc:
                raise (NoCompanyConnected if exc.none_connected else ToolError)(str(exc)) from None
        return self._chosen

    def for_company(self, handle: str | None) -> BillySession:
        """This request's session for the company a call names (None: this session, which picks the caller's only
        one when first asked); an unknown handle is a ToolError at once."""
        if handle is None:
            return self
        try:
            chosen = self._choose(handle)
        except CompanyChoice as exc:
            raise ToolError(str(exc)) from None
        return BillySession(chosen, self.deadline, self.counters, caller=self.caller)

    def _choose(self, handle: str | None) -> Tenant:
        """The company `handle` names (None: the only one). When the caller's companies cannot tell, their secret is
        read once more: a company may have been connected, renamed or disconnected since the warm cache read it."""
        try:
            return self.caller.company(handle)
        except CompanyChoice:
            if self.caller.reload is None or self._reloaded:
                raise
            self._reloaded = True
            self.caller = self.caller.reload()
            return self.caller.company(handle)

    def token(self) -> str:
        """The company's Billy access token, or the ToolError that says how to configure one. The first use of a
        company its user connected is noted for the connect page's "last used" (billy_mcp.usage)."""
        tenant = self.tenant
        if tenant.connected and self.caller.owner is not None and not self._used:
            self._used = True
            from . import usage
            from .config import settings

            usage.record(settings().usage_table, self.caller.owner, tenant.handle)
        if tenant.billy_access_token is None:
            raise ToolError(
                f"The Billy integration is not configured for tenant '{tenant.name}': "
                f"{tenant.problem or 'the tenant secret has no billy_access_token'}. An administrator must store the "
                f"company's Billy access token in the tenant's secret (make tenant-set-token NAME={tenant.name})."
            )
        return tenant.billy_access_token

    def fetch(self, path: str, query: dict[str, str]) -> dict[str, Any]:
        """One Billy GET, raising billy.BillyError: for callers that treat some failures as answers."""
        from . import billy  # the client (and http_transport) load with a container's first Billy request

        return billy.get(path, query, self.token(), self.deadline, self.counters)

    def get(self, path: str, query: dict[str, str], what: str) -> dict[str, Any]:
        """One Billy GET; a failure becomes a ToolError that says what happened to `what` and what to do."""
        from . import billy

        try:
            return self.fetch(path, query)
        except billy.BillyError as exc:
            raise ToolError(self.explain(exc, what)) from None

    def explain(self, exc: billy.BillyError, what: str) -> str:
        """A Billy failure in words a user can act on. A 403 may mean the organization is locked: that is asked
        of Billy (`locked_reason`, one more request on this error path only) so the message can say so."""
        from . import billy

        status = f"HTTP {exc.status}" if exc.status else "no HTTP answer"
        name = self.tenant.name
        if isinstance(exc, billy.TokenRejected):
            if self.tenant.connected:
                return (
                    f"Billy rejected the access token of company '{name}' ({status}: {exc.message}): it was deleted "
                    "or revoked. Create a new token in mit.billy.dk → Settings → Access tokens and replace it on this "
                    "server's /connect page."
                )
            return (
                f"Billy rejected the access token of tenant '{name}' ({status}: {exc.message}). "
                "Create a new token in mit.billy.dk → Settings → Access tokens and store it in the tenant's secret "
                f"(make tenant-set-token NAME={name})."
            )
        if isinstance(exc, billy.NotFound):
            return f"Not found: {what} does not exist in this Billy company ({status}: {exc.message})."
        if isinstance(exc, billy.NoAccess):
            locked = self.locked_reason()
            if locked is not None:
                return (
                    f"The Billy organization is locked: {locked or 'Billy gave no reason'}. Billy blocks access until "
                    "the owner resolves it in mit.billy.dk (for example by updating the subscription)."
                )
            return (
                f"Billy refused access to {what} ({status}: {exc.message}). The tenant's access token may lack "
                "permission; create a token with access in mit.billy.dk → Settings → Access tokens."
            )
        if isinstance(exc, billy.InvalidRequest):
            return f"Billy rejected the request for {what} as invalid ({status}: {exc.message})."
        if isinstance(exc, billy.RateLimited):
            return (
                f"Billy is rate limiting this company's requests ({status}) and did not recover within this request's "
                "time limit despite retries. Wait a minute, then try again with fewer or smaller requests."
            )
        return f"Billy is unavailable right now ({exc.message}). Nothing was changed; try again in a little while."

    def locked_reason(self) -> str | None:
        """Billy's reason when the organization is locked ("" when it gives none), else None (also when the
        organization cannot be read)."""
        from . import billy

        try:
            document = self.fetch("organization", {})
        except billy.BillyError:
            return None
        organization = document.get("organization")
        if isinstance(organization, dict) and organization.get("isLocked") is True:
            reason = organization.get("lockedReason")
            return billy.scrub(reason[:500], self.token()) if isinstance(reason, str) else ""
        return None
