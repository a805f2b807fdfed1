"""The connect page itself: a static HTML page, its script and style, and the sign-in settings the script needs.

Served by the stack (nothing from a CDN, no build step) under a strict Content-Security-Policy: scripts and styles
only from this origin, requests only to this origin and the stack's sign-in domain, no frames, no inline code.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from urllib.parse import urlsplit

from ..apigw import HttpRequest, HttpResponse, TextBody
from ..config import connect_oauth

FILES = {
    "/connect": ("index.html", "text/html; charset=utf-8"),
    "/connect/": ("index.html", "text/html; charset=utf-8"),
    "/connect/app.js": ("app.js", "text/javascript; charset=utf-8"),
    "/connect/app.css": ("app.css", "text/css; charset=utf-8"),
}
CONFIG_PATH = "/connect/config.json"


@cache
def _file(name: str) -> str:
    return resources.files(__package__).joinpath("static", name).read_text(encoding="utf-8")


def security_headers(sign_in: str) -> dict[str, str]:
    return {
        "Content-Security-Policy": (
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            f"connect-src 'self' {sign_in}; form-action 'self' {sign_in}; frame-ancestors 'none'; base-uri 'none'"
        ),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-store",
    }


def answer(request: HttpRequest) -> HttpResponse:
    """The page's files and settings; anything else is 404."""
    oauth = connect_oauth()
    if oauth is None or request.method not in ("GET", "HEAD"):
        return HttpResponse(404, {"error": "Not Found"})
    sign_in = _origin(oauth.domain_url)
    headers = security_headers(sign_in)
    if request.path == CONFIG_PATH:
        [client_id] = sorted(oauth.client_ids)[:1] or [""]
        config = {"signInUrl": oauth.domain_url.rstrip("/"), "clientId": client_id, "scope": oauth.scope}
        return HttpResponse(200, config, headers)
    found = FILES.get(request.path)
    if found is None:
        return HttpResponse(404, {"error": "Not Found"}, headers)
    name, content_type = found
    return HttpResponse(200, TextBody(_file(name)), {**headers, "Content-Type": content_type})


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
