"""Running billy-mcp without AWS or Docker: an HTTP → Lambda-event adapter, a Secrets Manager stand-in, the Billy sandbox."""
