"""`make serve`: the real `lambda_handler` on http://127.0.0.1:$PORT/mcp (and /mcp/billy, the gateway path),
tenants in a local Secrets Manager.

Against the real Billy API:  BILLY_ACCESS_TOKEN=... [MCP_API_KEY=...] [PORT=3000] python -m local.serve
Against the Billy sandbox:   python -m local.serve --sandbox
Runs until interrupted (Ctrl-C or SIGTERM) and then stops everything it started.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any

from .adapter import Handler, make_server, serve_in_thread, wait_until_listening
from .container import reset_container
from .paths import add_function_to_path
from .secrets_standin import (
    DEFAULT_PREFIX,
    create_usage_table,
    fake_aws_environment,
    put_tenant,
    put_user,
    running_standin,
    secrets_client,
)

LOCAL_ORIGINS = "http://localhost:*,http://127.0.0.1:*,http://[::1]:*"
"""Browser pages served from this machine (the MCP Inspector's UI among them); any other Origin gets 403."""


@dataclass(frozen=True)
class Endpoint:
    url: str
    api_key: str
    billy_url: str
    tenant: str

    @property
    def gateway_url(self) -> str:
        """The same endpoint at the path hosted MCP gateways use (/mcp/billy)."""
        return self.url + "/billy"


def new_api_key() -> str:
    """A key of the deployed format (with its checksum), as `make tenant-add` makes them."""
    add_function_to_path()
    from billy_mcp import api_keys

    return api_keys.new_key()


@contextmanager
def running_endpoint(
    billy_url: str, billy_token: str, api_key: str, port: int = 3000, tenant: str = "local"
) -> Iterator[Endpoint]:
    """Start the Secrets Manager stand-in with one tenant and serve the handler; stop both on exit."""
    with ExitStack() as stack:
        standin = stack.enter_context(running_standin())
        os.environ.update(fake_aws_environment(standin))
        os.environ["TENANT_SECRET_PREFIX"] = os.environ.get("TENANT_SECRET_PREFIX", DEFAULT_PREFIX)
        os.environ["BILLY_API_BASE_URL"] = billy_url
        os.environ.setdefault("ALLOWED_ORIGINS", LOCAL_ORIGINS)
        os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")
        client = secrets_client(standin)
        put_tenant(client, api_key, tenant, billy_token, prefix=os.environ["TENANT_SECRET_PREFIX"])
        add_function_to_path()
        _add_signed_in_user(client, tenant, billy_token)
        from app import lambda_handler

        reset_container()
        prefixes: dict[str, Handler] = {}
        if os.environ.get("OAUTH_ISSUER") and os.environ.get("CONNECT_CLIENT_ID"):
            import connect_app  # the connect page, as its own function serves it on the stack

            os.environ["USAGE_TABLE"] = create_usage_table(standin)
            reset_container()
            connect_app.reset()
            prefixes["/connect"] = connect_app.lambda_handler
        server = stack.enter_context(serve_in_thread(make_server(lambda_handler, "127.0.0.1", port, prefixes=prefixes)))
        bound = server.server_address[1]
        url = f"http://127.0.0.1:{bound}/mcp"
        wait_until_listening(url)
        yield Endpoint(url, api_key, billy_url, tenant)


def _add_signed_in_user(client: Any, tenant: str, billy_token: str) -> None:
    """With OAUTH_ISSUER and MCP_OAUTH_SUBJECT set, that user of that issuer signs in to this tenant (as
    `make tenant-add-user` does on AWS), so sign-in can be tried and tested locally."""
    issuer, subject = os.environ.get("OAUTH_ISSUER", "").strip(), os.environ.get("MCP_OAUTH_SUBJECT", "").strip()
    if issuer and subject:
        put_user(client, issuer, subject, tenant, billy_token, prefix=os.environ["TENANT_SECRET_PREFIX"])


@contextmanager
def billy_backend(use_sandbox: bool) -> Iterator[tuple[str, str]]:
    """(Billy base URL, access token): the sandbox's, or the user's from the environment."""
    if use_sandbox:
        from .sandbox import DEMO_TOKEN, running_sandbox

        with running_sandbox() as (url, _api):
            yield url, DEMO_TOKEN
        return
    token = os.environ.get("BILLY_ACCESS_TOKEN", "").strip()
    if not token:
        sys.exit(
            "BILLY_ACCESS_TOKEN is not set: export your Billy access token (mit.billy.dk → Settings → Access "
            "tokens), or run `make demo` to try the built-in sandbox company."
        )
    yield os.environ.get("BILLY_API_BASE_URL", "https://api.billysbilling.com/v2").rstrip("/"), token


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def wait_for_interrupt() -> None:
    """Block until Ctrl-C or SIGTERM. The handler raises instead of setting an Event: a handler that takes a lock
    the interrupted main thread already holds (Event.set during Event.wait) deadlocks, and the process never stops."""
    signal.signal(signal.SIGTERM, _interrupt)
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        # Started in the background by a non-interactive shell: SIGINT arrives ignored; honour it anyway.
        signal.signal(signal.SIGINT, _interrupt)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        # Stopping now: a second Ctrl-C or SIGTERM ends the process at once instead of interrupting the clean-up.
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m local.serve", description=__doc__.splitlines()[0] if __doc__ else None
    )
    parser.add_argument(
        "--sandbox", action="store_true", help="serve the built-in Billy sandbox company instead of the real Billy API"
    )
    parser.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("PORT", "3000")),
        help="port on 127.0.0.1 (default $PORT or 3000)",
    )
    args = parser.parse_args(argv)
    api_key = os.environ.get("MCP_API_KEY", "").strip() or new_api_key()
    add_function_to_path()
    from billy_mcp import api_keys

    if not api_keys.plausible(api_key, accept_legacy=True):
        raise SystemExit(
            "MCP_API_KEY is not a billy-mcp API key (bmcp_ and 43 or 49 URL-safe characters); leave it unset and a "
            "key is made for you."
        )
    with (
        billy_backend(args.sandbox) as (billy_url, token),
        running_endpoint(billy_url, token, api_key, args.port) as endpoint,
    ):
        print(f"billy-mcp serving {endpoint.url}", flush=True)
        print(f"  gateway path: {endpoint.gateway_url}", flush=True)
        print(f"  Billy API: {endpoint.billy_url}", flush=True)
        if not os.environ.get("MCP_API_KEY"):
            print(f"  API key (send as 'Authorization: Bearer <key>'): {endpoint.api_key}", flush=True)
        print("Press Ctrl-C to stop.", flush=True)
        wait_for_interrupt()
    print("stopped", flush=True)


if __name__ == "__main__":
    main()
