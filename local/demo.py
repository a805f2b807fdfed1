"""`make demo`: the Billy sandbox company behind the real handler on 127.0.0.1, proven with one MCP client call.

Starts the sandbox, a local Secrets Manager with a fresh API key, and the endpoint; asks the endpoint through
the official `mcp` SDK client how many approved invoices are overdue and what they add up to; prints the URL,
the key and client configuration; runs until Ctrl-C and stops everything it started.
"""

from __future__ import annotations

import errno
import json
import os
import sys
from contextlib import ExitStack
from typing import Any

from .serve import Endpoint, new_api_key, running_endpoint, wait_for_interrupt


def step(message: str) -> None:
    print(f"==> {message}", flush=True)


async def overdue_summary(endpoint: Endpoint) -> dict[str, Any]:
    """One real MCP session: the aged receivables report, i.e. what approved invoices are overdue, per currency."""
    import httpx2
    from mcp import Client
    from mcp.client.streamable_http import streamable_http_client

    async with (
        httpx2.AsyncClient(headers={"Authorization": f"Bearer {endpoint.api_key}"}, timeout=30) as http,
        Client(streamable_http_client(endpoint.url, http_client=http)) as client,
    ):
        organization = (await client.call_tool("get-organization-tool", {})).structured_content or {}
        result = await client.call_tool("get-aged-receivables-tool", {})
        if result.is_error or not result.structured_content:
            raise RuntimeError(
                str(getattr(result.content[0], "text", "")) if result.content else "get-aged-receivables-tool failed"
            )
        data = result.structured_content
        late = ("days1to30", "days31to60", "days61to90", "over90")
        count = sum(len(line["documents"].get(bucket, [])) for line in data["contacts"] for bucket in late)
        overdue = {
            currency: sum(round(totals[bucket] * 100) for bucket in late) / 100
            for currency, totals in data["totals"].items()
        }
        return {
            "company": organization.get("organization", {}).get("name", "?"),
            "version": client.protocol_version,
            "count": count,
            "overdue": overdue,
        }


def client_configuration(url: str, key: str) -> str:
    header = f"Authorization: Bearer {key}"
    cursor = {"mcpServers": {"billy": {"url": url, "headers": {"Authorization": f"Bearer {key}"}}}}
    vscode = {"servers": {"billy": {"type": "http", "url": url, "headers": {"Authorization": f"Bearer {key}"}}}}
    desktop = {"mcpServers": {"billy": {"command": "npx", "args": ["-y", "mcp-remote", url, "--header", header]}}}
    return "\n".join(
        [
            "Claude Code:",
            f'  claude mcp add --transport http billy {url} --header "{header}"',
            "",
            "Claude Desktop (claude_desktop_config.json, with an API key through mcp-remote; its Connectors need OAuth):",
            "  " + json.dumps(desktop),
            "",
            "Cursor (~/.cursor/mcp.json):",
            "  " + json.dumps(cursor),
            "",
            "VS Code (.vscode/mcp.json):",
            "  " + json.dumps(vscode),
            "",
            "MCP Inspector (CLI; needs Node >= 22):",
            f'  npx @modelcontextprotocol/inspector@2.12.0 --cli {url} --transport http --header "{header}" --method tools/list',
            "  or, without npx or a Node of your own (the copy `make node-tools` installs):",
            f"  make inspector ARGS='--cli {url} --transport http --header \"{header}\" --method tools/list'",
        ]
    )


def main() -> int:
    import anyio

    from .sandbox import DEMO_TOKEN, running_sandbox

    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")  # keep the demo's screen for the demo
    port = int(os.environ.get("PORT", "3000"))
    api_key = os.environ.get("MCP_API_KEY", "").strip() or new_api_key()
    with ExitStack() as stack:
        step("building the demo company and starting the Billy sandbox")
        billy_url, _api = stack.enter_context(running_sandbox())
        step("starting the local Secrets Manager and the MCP endpoint")
        try:
            endpoint = stack.enter_context(running_endpoint(billy_url, DEMO_TOKEN, api_key, port, tenant="demo"))
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise
            step(f"port {port} is busy; using a free port instead (set PORT=... to choose)")
            endpoint = stack.enter_context(running_endpoint(billy_url, DEMO_TOKEN, api_key, 0, tenant="demo"))
        step("asking the endpoint through the MCP SDK client: which approved invoices are overdue?")
        summary = anyio.run(overdue_summary, endpoint)
        amounts = " and ".join(f"{amount:,.2f} {currency}" for currency, amount in sorted(summary["overdue"].items()))
        print(
            f"\n{summary['company']}: {summary['count']} approved invoices are overdue, {amounts} outstanding "
            f"(get-aged-receivables-tool, MCP {summary['version']}).\n",
            flush=True,
        )
        from billy_mcp.prompts import PROMPTS  # importable once the endpoint runs (serve put it on the path)

        print(
            f"Endpoint: {endpoint.url}  (also {endpoint.gateway_url}, the gateway path)\n"
            f"API key:  {endpoint.api_key}\n"
            f"Prompts:  {', '.join(prompt.name for prompt in PROMPTS)}\n",
            flush=True,
        )
        print(client_configuration(endpoint.url, endpoint.api_key), flush=True)
        print("\nServing until Ctrl-C.", flush=True)
        wait_for_interrupt()
    print("stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
