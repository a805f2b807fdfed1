"""Lambda entry point (`Handler: app.lambda_handler`); the code lives in the billy_mcp package."""

from billy_mcp.handler import lambda_handler

__all__ = ["lambda_handler"]
