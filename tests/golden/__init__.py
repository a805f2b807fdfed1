"""The recorded behaviour of the endpoint on the sandbox: refactors must leave every answer byte-identical."""
