"""The connect page's side of the stack: a signed-in user connects their own Billy companies and makes API keys.

It runs in its own function (`connect_app.lambda_handler`), the only one allowed to write secrets under the stack's
prefix; the MCP function only reads what it writes (billy_mcp.tenants). `documents` holds the rules on a user's
document (pure), `store` reads and writes it, `billy_check` asks Billy about a pasted token, `api` serves the JSON
API and `page` the page itself.
"""
