"""Ask Billy about a pasted access token before anything is stored: which company it opens, and whether it may.

`GET /v2/organization` answers with the token's own company (Billy's API documentation; tokens made under
Settings → Access tokens are tied to one company). The messages use the words of Billy's own help: a token that is
mistyped, deleted or revoked is refused (401), one without access to the company is refused (403), and a locked
organization must be resolved in mit.billy.dk first.
"""

from __future__ import annotations

import time
from typing import Any

from ..session import Counters
from .documents import ConnectError

CHECK_SECONDS = 10.0
"""How long the page waits for Billy's answer about a token."""


def check_token(token: str) -> dict[str, Any]:
    """The company behind `token` (organization id, name, CVR), or the ConnectError that says what to do."""
    from .. import billy

    try:
        document = billy.get("organization", {}, token, time.monotonic() + CHECK_SECONDS, Counters())
    except billy.TokenRejected:
        raise ConnectError(
            400,
            "Billy does not accept this access token: it is mistyped, or it was deleted or revoked. Create a new one "
            "in mit.billy.dk → Settings → Access tokens → Create access token, and paste it here.",
        ) from None
    except billy.NoAccess:
        raise ConnectError(
            400,
            "Billy answered 403: this token may not read the company. Create an access token in that company's "
            "Billy (mit.billy.dk → Settings → Access tokens) and paste it here.",
        ) from None
    except billy.BillyError as exc:
        raise ConnectError(
            502, f"Billy could not be asked about the token ({exc.message}); try again shortly."
        ) from None
    organization = document.get("organization")
    if not isinstance(organization, dict) or not isinstance(organization.get("id"), str):
        raise ConnectError(502, "Billy's answer named no company; try again shortly.")
    raw_name = organization.get("name")
    name = raw_name if isinstance(raw_name, str) else ""
    if organization.get("isLocked"):
        reason = organization.get("lockedReason") or "Billy gives no reason"
        raise ConnectError(
            400,
            f"Billy has locked {name or 'this company'} ({reason}). Resolve it in mit.billy.dk (for example the "
            "subscription), then connect it again.",
        )
    registration = organization.get("registrationNo")
    return {
        "organization_id": organization["id"],
        "name": name[:200],
        "registration_no": registration[:32] if isinstance(registration, str) else "",
    }
