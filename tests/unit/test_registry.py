"""How the server is found and installed: the MCP Registry's server.json, validated against the Registry's released
schema (shipped in the skillsaw package), and the template's Serverless Application Repository metadata."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from billy_mcp import __version__
from billy_mcp.handler import IDENTITY
from tests.integration.test_template import TEMPLATE

ROOT = Path(__file__).resolve().parents[2]
SERVER = json.loads((ROOT / "server.json").read_text(encoding="utf-8"))


def registry_schema(version: str) -> dict[str, Any]:
    folder = "v" + version.replace("-", "_")
    text = resources.files("skillsaw.schemas.mcp_registry").joinpath(folder, "server.schema.json").read_text()
    schema: dict[str, Any] = json.loads(text)
    return schema


def test_server_json_is_valid_against_the_registry_schema_it_names() -> None:
    version = re.search(r"/schemas/(\d{4}-\d{2}-\d{2})/server\.schema\.json$", SERVER["$schema"])
    assert version is not None
    schema = registry_schema(version.group(1))
    assert schema["$id"] == SERVER["$schema"]
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    assert [error.message for error in validator.iter_errors(SERVER)] == []


def test_an_invalid_server_json_is_caught() -> None:
    """The check can fail: a description over the Registry's 100 characters and a remote without a URL."""
    schema = registry_schema("2025-12-11")
    broken = {**SERVER, "description": "x" * 101, "remotes": [{"type": "streamable-http"}]}
    assert len(list(jsonschema.Draft7Validator(schema).iter_errors(broken))) >= 2


def test_server_json_describes_this_server() -> None:
    assert SERVER["version"] == __version__ and SERVER["title"] == IDENTITY.title
    [remote] = SERVER["remotes"]
    assert remote["type"] == "streamable-http" and remote["url"].endswith("/mcp")
    [header] = remote["headers"]
    assert header["name"] == "Authorization" and header["isSecret"] is True and header["isRequired"] is False


def test_the_stack_can_be_published_to_the_serverless_application_repository() -> None:
    application = TEMPLATE["Metadata"]["AWS::ServerlessRepo::Application"]
    assert re.fullmatch(r"[a-zA-Z0-9\-]{1,140}", application["Name"])
    assert 1 <= len(application["Description"]) <= 256
    assert re.fullmatch(r"[a-z0-9](([a-z0-9]|-(?!-))*[a-z0-9])?", application["Author"])
    assert application["SemanticVersion"] == __version__
    assert (ROOT / application["ReadmeUrl"]).is_file()
    assert len(application["Labels"]) <= 10
    assert all(re.fullmatch(r"[a-zA-Z0-9+\-_:/@]{1,127}", label) for label in application["Labels"])
