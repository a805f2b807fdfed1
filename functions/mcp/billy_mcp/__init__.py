"""billy-mcp: a read-only MCP server over the Billy accounting API, served from AWS Lambda."""

__version__ = "0.1.0"
