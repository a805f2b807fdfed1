"""The tool table: each tool is data (name, title, schemas, annotations) plus the function that answers it.

A function may be named by module instead of imported (`Implementation`): the table then costs `tools/list` only
its schemas, and the module loads on the tool's first call. Arguments are validated against the tool's input schema before its function runs. Validators are compiled
lazily per tool with fastjsonschema (pure Python, ~14 ms to import, only on the first `tools/call`):
the `jsonschema` package costs several times that on a cold start and brings attrs/referencing/rpds.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .naming import ToolNames
from .wire import PreEncoded

if TYPE_CHECKING:
    from .session import BillySession

READ_ONLY: Mapping[str, bool] = MappingProxyType(
    {"readOnlyHint": True, "destructiveHint": False, "idempotentHint": True, "openWorldHint": True}
)

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def is_date(value: str) -> bool:
    """A real calendar date written YYYY-MM-DD (so 2025-02-30 is refused)."""
    if not _DATE.match(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


class ToolError(Exception):
    """A failure the caller can act on; its message becomes the text of an `isError: true` result."""


class ToolCall:
    """What a tool function gets: validated arguments and the request's Billy session (token, deadline, counters)."""

    __slots__ = ("arguments", "billy")

    def __init__(self, arguments: dict[str, Any], billy: BillySession) -> None:
        self.arguments = arguments
        self.billy = billy


ToolFunction = Callable[[ToolCall], dict[str, Any]]


class Implementation:
    """A tool function named by module and attribute, imported on its first call (reports: their arithmetic and
    readers stay off the cold start of a container that only lists tools)."""

    __slots__ = ("attribute", "module")

    def __init__(self, module: str, attribute: str = "run") -> None:
        self.module = module
        self.attribute = attribute

    def __call__(self, call: ToolCall) -> dict[str, Any]:
        import importlib

        function: ToolFunction = getattr(importlib.import_module(self.module), self.attribute)
        return function(call)


class Tool:
    """One tool as served. (A slotted class: see billy_mcp.protocol.Outcome.)"""

    __slots__ = ("annotations", "description", "function", "input_schema", "name", "output_schema", "title")

    def __init__(
        self,
        name: str,
        title: str,
        description: str,
        input_schema: Mapping[str, Any],
        output_schema: Mapping[str, Any],
        function: ToolFunction | Implementation,
        annotations: Mapping[str, Any] = READ_ONLY,
    ) -> None:
        self.name = name
        self.title = title
        self.description = description
        self.input_schema = input_schema
        self.output_schema = output_schema
        self.function = function
        self.annotations = annotations

    def renamed(self, name: str, description: str) -> Tool:
        """The same tool under another name and description (the tool-name prefix)."""
        return Tool(
            name, self.title, description, self.input_schema, self.output_schema, self.function, self.annotations
        )

    def wire(self, with_titles: bool, with_output_schema: bool) -> dict[str, Any]:
        """The tool as `tools/list` shows it; older revisions know neither titles nor output schemas."""
        entry: dict[str, Any] = {"name": self.name}
        if with_titles:
            entry["title"] = self.title
        entry["description"] = self.description
        entry["inputSchema"] = self.input_schema
        if with_output_schema:
            entry["outputSchema"] = self.output_schema
        annotations = dict(self.annotations)
        if with_titles:
            annotations.setdefault("title", self.title)
        entry["annotations"] = annotations
        return entry


class InvalidCursor(ValueError):
    pass


MAX_CURSOR = 64
"""The longest cursor this server could have issued (base64 of "tools:<offset>"), with room to spare."""


class Registry:
    """An ordered, immutable set of tools with cursor paging and argument validation."""

    def __init__(self, tools: Sequence[Tool], page_size: int = 100) -> None:
        names = [tool.name for tool in tools]
        if len(set(names)) != len(names):
            raise ValueError("tool names must be unique")
        for name in names:
            if not re.fullmatch(r"[A-Za-z0-9_.-]{1,128}", name):
                raise ValueError(f"invalid tool name {name!r}")
        self.tools: tuple[Tool, ...] = tuple(tools)
        self._by_name = {tool.name: tool for tool in self.tools}
        self._page_size = page_size
        self._wire: dict[tuple[bool, bool], list[dict[str, Any]]] = {}
        self._pages: dict[tuple[bool, bool, int], PreEncoded] = {}
        self._validators: dict[str, Callable[[Any], Any]] = {}

    def get(self, name: str) -> Tool | None:
        return self._by_name.get(name)

    def prefixed(self, names: ToolNames) -> Registry:
        """The same tools under prefixed names, with every tool name in their descriptions prefixed too."""
        return Registry(
            [tool.renamed(names.name(tool.name), names.text(tool.description)) for tool in self.tools],
            self._page_size,
        )

    def page(self, cursor: str | None, with_titles: bool, with_output_schema: bool) -> tuple[PreEncoded, str | None]:
        """One page of tools in declaration order (encoded once per container) and the next page's cursor."""
        start = self._decode_cursor(cursor) if cursor is not None else 0
        key = (with_titles, with_output_schema)
        if key not in self._wire:
            self._wire[key] = [tool.wire(with_titles, with_output_schema) for tool in self.tools]
        listing = self._wire[key]
        end = start + self._page_size
        next_cursor = self._encode_cursor(end) if end < len(listing) else None
        page = self._pages.get((*key, start))
        if page is None:
            page = self._pages[(*key, start)] = PreEncoded(listing[start:end])
        return page, next_cursor

    def _encode_cursor(self, offset: int) -> str:
        return base64.urlsafe_b64encode(f"tools:{offset}".encode()).decode()

    def _decode_cursor(self, cursor: str) -> int:
        if len(cursor) > MAX_CURSOR:  # a crafted cursor of thousands of digits would overflow int()'s digit limit
            raise InvalidCursor(cursor[:MAX_CURSOR])
        try:
            text = base64.urlsafe_b64decode(cursor.encode("ascii")).decode("ascii")
        except (binascii.Error, ValueError, UnicodeError):
            raise InvalidCursor(cursor) from None
        prefix, _, number = text.partition(":")
        if prefix != "tools" or not number.isdigit() or int(number) >= max(len(self.tools), 1):
            raise InvalidCursor(cursor)
        return int(number)

    def validate(self, tool: Tool, arguments: dict[str, Any]) -> str | None:
        """None when `arguments` satisfy the tool's input schema, else a message naming the argument at fault."""
        validator = self._validators.get(tool.name)
        if validator is None:
            import fastjsonschema  # lazy: only tools/call pays for it

            validator = fastjsonschema.compile(dict(tool.input_schema), formats={"date": is_date}, use_default=False)
            self._validators[tool.name] = validator
        try:
            validator(arguments)
        except Exception as exc:  # fastjsonschema.JsonSchemaValueException
            return _describe(exc)
        return None


_JSON_TYPES = {
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "object": "an object",
    "array": "a list",
    "null": "null",
}


def _describe(exc: Exception) -> str:
    """The validator's complaint reworded so a model can correct the call: the argument, the form wanted, an example."""
    message = str(getattr(exc, "message", exc))
    name = getattr(exc, "name", "data") or "data"
    if name == "data":
        message = message.replace("data must not contain", "arguments must not contain")
        message = message.replace("data must contain", "arguments must contain")
        return message.replace("data ", "arguments ", 1)
    argument = name.split(".", 1)[1] if "." in name else name
    rule = getattr(exc, "rule", None)
    value = getattr(exc, "value", None)
    definition = getattr(exc, "definition", None) or {}
    if rule == "format" and definition.get("format") == "date" and isinstance(value, str):
        return _date_problem(argument, value)
    if rule == "type" and isinstance(definition.get("type"), str):
        wanted = _JSON_TYPES.get(definition["type"], definition["type"])
        if definition.get("format") == "date":
            wanted = "a date written YYYY-MM-DD, e.g. 2026-03-01"
        return f"argument '{argument}' must be {wanted}"
    return message.replace(name, f"argument '{argument}'", 1)


def _date_problem(argument: str, value: str) -> str:
    """A date in the right shape that does not exist is told apart from a date written another way (01-03-2026)."""
    shown = repr(value[:20])
    if _DATE.match(value):
        return f"argument '{argument}' is {shown}, which is not a calendar date; write a real date as YYYY-MM-DD"
    return f"argument '{argument}' must be a date written YYYY-MM-DD, e.g. 2026-03-01; got {shown}"
