"""How a Billy read tool is declared and run: `ListSpec` for a Billy list, `GetSpec` for one record by id, and
`ToolSpec` for a tool with its own function. A spec is data; `tool()` turns it into the registry's `Tool`.

A list spec names its re-checks (Billy silently ignores filters it does not know, so the records are checked
again here against the arguments that became filters), its date ranges (a minimum after its maximum is refused
before Billy is asked) and the arguments that are not Billy parameters (`prepare` turns them into ones that are).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

from ..records import paging_fields
from ..registry import Tool, ToolCall, ToolError, ToolFunction
from ..schema import (
    DEFAULT_PAGE_SIZE,
    FIELDS,
    MAX_PAGE_SIZE,
    PAGE,
    PAGE_SIZE,
    SORT_DIRECTION,
    UNTRUSTED,
    VERBOSE,
    check_ranges,
    date,
    enum,
    get_output,
    identifier,
    include_schema,
    input_schema,
    list_output,
    wanted_includes,
)
from ..shaping import absent_fields, project, shape


# ---- records in, records out -----------------------------------------------------------------------------------
def output_records(
    items: list[dict[str, Any]], arguments: Mapping[str, Any], keep: Sequence[str] = ()
) -> tuple[list[dict[str, Any]], str | None]:
    """Billy records as tool output: shaped (compact or verbose), then projected to the caller's `fields`.

    The note names requested fields that no record holds, so a misspelt name is not mistaken for missing data.
    """
    shaped: list[dict[str, Any]] = shape(items, bool(arguments.get("verbose")))
    fields = arguments.get("fields")
    if not fields:
        return shaped, None
    absent = absent_fields(shaped, fields) if shaped else []
    note = (
        f"No record here has a value for {', '.join(absent)}. Field names are Billy's, in camelCase "
        "(e.g. grossAmount); empty fields are left out unless verbose is true."
        if absent
        else None
    )
    return [project(record, fields, keep) for record in shaped], note


def with_note(result: dict[str, Any], *notes: str | None) -> dict[str, Any]:
    """`result`, with the notes that are not None joined into its `note` (no `note` key when there are none)."""
    note = " ".join(note for note in notes if note)
    if note:
        result["note"] = note
    return result


def records(document: Mapping[str, Any], root: str) -> list[dict[str, Any]]:
    value = document.get(root)
    if not isinstance(value, list):
        raise ToolError(f"Billy's answer had no '{root}' list; Billy may be misbehaving, try again later.")
    return [item for item in value if isinstance(item, dict)]


def record(document: Mapping[str, Any], root: str) -> dict[str, Any]:
    value = document.get(root)
    if not isinstance(value, dict) or not isinstance(value.get("id"), str):
        raise ToolError(f"Billy's answer had no '{root}' record; Billy may be misbehaving, try again later.")
    return value


def paging_of(document: Mapping[str, Any], fallback_page: int, fallback_size: int, count: int) -> dict[str, int]:
    fields = paging_fields(document)
    return {
        "page": fields.get("page", fallback_page),
        "pageCount": fields.get("pageCount", 1),
        "pageSize": fields.get("pageSize", fallback_size),
        "total": fields.get("total", count),
    }


# ---- arguments → Billy parameters ---------------------------------------------------------------------------
class Param:
    """One tool argument and the Billy query parameter it becomes."""

    __slots__ = ("argument", "billy", "schema")

    def __init__(self, argument: str, billy: str, schema: Mapping[str, Any]) -> None:
        self.argument = argument
        self.billy = billy
        self.schema = schema


def to_query(arguments: Mapping[str, Any], params: Sequence[Param]) -> dict[str, str]:
    query: dict[str, str] = {}
    for param in params:
        value = arguments.get(param.argument)
        if value is None:
            continue
        query[param.billy] = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return query


def date_range(name: str, billy: str, what: str) -> tuple[Param, Param]:
    """`min_<name>` / `max_<name>` arguments for Billy's `min<Billy>` / `max<Billy>` filters."""
    return (
        Param(f"min_{name}", f"min{billy}", date(f"{what} on or after")),
        Param(f"max_{name}", f"max{billy}", date(f"{what} on or before")),
    )


def range_pairs(params: Sequence[Param]) -> list[tuple[str, str]]:
    """Every (min_x, max_x) argument pair among `params`."""
    names = {param.argument for param in params}
    return [
        (name, "max_" + name[4:]) for name in sorted(names) if name.startswith("min_") and "max_" + name[4:] in names
    ]


def recheck(
    arguments: Mapping[str, Any],
    items: list[dict[str, Any]],
    fields: Mapping[str, str],
    dates: Mapping[str, str] | None = None,
) -> tuple[list[dict[str, Any]], str | None]:
    """Keep the records whose `fields` (argument → Billy field) equal the arguments and whose `dates` (range
    name → Billy field, e.g. entry_date → entryDate) lie within min_<name>..max_<name>; the note says how many
    were removed and names the fields they failed on."""
    checks: list[tuple[str, Any]] = [
        (billy_field, lambda value, wanted=arguments[argument]: value == wanted)
        for argument, billy_field in fields.items()
        if arguments.get(argument) is not None
    ]
    for name, billy_field in (dates or {}).items():
        low, high = arguments.get(f"min_{name}"), arguments.get(f"max_{name}")
        if low is not None or high is not None:
            checks.append((billy_field, lambda value, low=low, high=high: _within(value, low, high)))
    if not checks:
        return items, None
    kept = []
    failed: set[str] = set()
    for item in items:
        misses = [billy_field for billy_field, check in checks if not check(item.get(billy_field))]
        if misses:
            failed.update(misses)
        else:
            kept.append(item)
    removed = len(items) - len(kept)
    if not removed:
        return kept, None
    return kept, (
        f"{removed} record(s) on this page did not match {', '.join(sorted(failed))} and were removed here; "
        "Billy may have ignored that filter, so paging counts are Billy's and may include such records."
    )


def _within(day: Any, low: str | None, high: str | None) -> bool:
    """A record date (YYYY-MM-DD, possibly with a time) inside an inclusive range; no date never matches."""
    if not isinstance(day, str) or len(day) < 10:
        return False
    return (low is None or day[:10] >= low) and (high is None or day[:10] <= high)


# ---- the specs -------------------------------------------------------------------------------------------------------
# The specs are slotted classes declared with keywords (see billy_mcp.protocol.Outcome for why not dataclasses).
NOTHING: Mapping[str, Any] = MappingProxyType({})
Prepare = Callable[[ToolCall], dict[str, Any]]
"""Turns the caller's arguments into the ones the Billy request is built from (e.g. an account number → its id)."""
Enrich = Callable[[Mapping[str, Any], Mapping[str, Any], list[dict[str, Any]]], list[str]]
"""Adds fields to the records from the rest of Billy's answer (sideloaded records); returns the added names."""


class ListSpec:
    """A tool over one Billy list: its filters (`params`), paging, sorting, includes and re-checks."""

    __slots__ = (
        "arguments",
        "description",
        "enrich",
        "extra_output",
        "includes",
        "item",
        "name",
        "paged",
        "params",
        "path",
        "prepare",
        "recheck",
        "recheck_dates",
        "recheck_defaults",
        "required",
        "root",
        "sort",
        "title",
    )

    def __init__(
        self,
        *,
        name: str,
        title: str,
        description: str,
        path: str,
        root: str,
        item: Mapping[str, Any],
        params: Sequence[Param],
        sort: Sequence[str] = (),
        required: Sequence[str] = (),
        recheck: Mapping[str, str] = NOTHING,
        recheck_dates: Mapping[str, str] = NOTHING,
        recheck_defaults: Mapping[str, Any] = NOTHING,
        extra_output: Mapping[str, Any] = NOTHING,
        paged: bool = True,
        includes: Mapping[str, str] = NOTHING,
        arguments: Mapping[str, Any] = NOTHING,
        prepare: Prepare | None = None,
        enrich: Enrich | None = None,
    ) -> None:
        self.name = name
        self.title = title
        self.description = description
        self.path = path
        self.root = root
        self.item = item
        self.params = params
        self.sort = sort
        self.required = required
        # Argument → Billy field: records whose field differs from the argument are dropped (with a note).
        self.recheck = recheck
        # Range name → Billy field (entry_date → entryDate): records outside min_<name>..max_<name> are dropped.
        self.recheck_dates = recheck_dates
        # Values a re-check assumes for arguments left out (is_voided: False — Billy's lists hold voided records).
        self.recheck_defaults = recheck_defaults
        self.extra_output = extra_output
        # False for short lists (daybooks, tax rates): no page arguments, one page of Billy's maximum size.
        self.paged = paged
        # include value → Billy include clause, as in GetSpec.
        self.includes = includes
        # Arguments that are not Billy parameters (name → schema); `prepare` turns them into ones that are.
        self.arguments = arguments
        self.prepare = prepare
        self.enrich = enrich

    def tool(self) -> Tool:
        properties: dict[str, Any] = {p.argument: p.schema for p in self.params}
        properties |= dict(self.arguments)
        if self.paged:
            properties |= {"page": PAGE, "page_size": PAGE_SIZE}
        if self.sort:
            properties["sort_property"] = enum(self.sort, "Field to sort by.")
            properties["sort_direction"] = SORT_DIRECTION
        if self.includes:
            properties["include"] = include_schema(self.includes)
        properties["fields"] = FIELDS
        properties["verbose"] = VERBOSE
        return Tool(
            name=self.name,
            title=self.title,
            description=self.description + UNTRUSTED,
            input_schema=input_schema(properties, self.required),
            output_schema=list_output(self.root, self.item, self.extra_output),
            function=self.run,
        )

    def run(self, call: ToolCall) -> dict[str, Any]:
        arguments = call.arguments
        check_ranges(arguments, *range_pairs(self.params))
        if self.prepare is not None:
            arguments = self.prepare(call)
        page = int(arguments.get("page", 1))
        size = int(arguments.get("page_size", DEFAULT_PAGE_SIZE if self.paged else MAX_PAGE_SIZE))
        query = to_query(arguments, self.params)
        query |= {"page": str(page), "pageSize": str(size)}
        if arguments.get("sort_property"):
            query["sortProperty"] = str(arguments["sort_property"])
            query["sortDirection"] = str(arguments.get("sort_direction", "ASC"))
        wanted = wanted_includes(arguments)
        if wanted:
            query["include"] = ",".join(self.includes[name] for name in wanted)
        document = call.billy.get(self.path, query, self.root)
        items = records(document, self.root)
        filter_note = None
        if self.recheck or self.recheck_dates:
            items, filter_note = recheck(
                {**self.recheck_defaults, **arguments}, items, self.recheck, self.recheck_dates
            )
        keep = list(wanted)
        if self.enrich is not None:
            keep += self.enrich(arguments, document, items)
        output, fields_note = output_records(items, arguments, keep)
        result = {self.root: output, "paging": paging_of(document, page, size, len(items))}
        return with_note(result, filter_note, fields_note)


class GetSpec:
    """A tool that reads one Billy record by its id, optionally with related records embedded."""

    __slots__ = ("description", "id_argument", "includes", "item", "name", "path", "root", "title")

    def __init__(
        self,
        *,
        name: str,
        title: str,
        description: str,
        path: str,
        root: str,
        id_argument: str,
        item: Mapping[str, Any],
        includes: Mapping[str, str] = NOTHING,
    ) -> None:
        self.name = name
        self.title = title
        self.description = description
        # Billy collection, e.g. 'invoices' (the id is appended).
        self.path = path
        self.root = root
        self.id_argument = id_argument
        self.item = item
        # include value → Billy property, e.g. 'lines' → 'invoice.lines:embed'.
        self.includes = includes

    def tool(self) -> Tool:
        properties: dict[str, Any] = {self.id_argument: identifier(f"The {self.root}'s Billy id.")}
        if self.includes:
            properties["include"] = include_schema(self.includes)
        properties["fields"] = FIELDS
        properties["verbose"] = VERBOSE
        return Tool(
            name=self.name,
            title=self.title,
            description=self.description + UNTRUSTED,
            input_schema=input_schema(properties, [self.id_argument]),
            output_schema=get_output(self.root, self.item),
            function=self.run,
        )

    def run(self, call: ToolCall) -> dict[str, Any]:
        return self.read(call, str(call.arguments[self.id_argument]))

    def read(self, call: ToolCall, record_id: str) -> dict[str, Any]:
        """The record with `record_id`, shaped and projected as the caller asked."""
        query: dict[str, str] = {}
        wanted = wanted_includes(call.arguments)
        if wanted:
            query["include"] = ",".join(self.includes[name] for name in wanted)
        document = call.billy.get(f"{self.path}/{record_id}", query, f"the {self.root} with id '{record_id}'")
        [output], note = output_records([record(document, self.root)], call.arguments, keep=wanted)
        return with_note({self.root: output}, note)


class ToolSpec:
    """A tool with a function of its own: its arguments (name → schema), the required ones, and its output schema."""

    __slots__ = ("arguments", "description", "name", "output", "required", "run", "title")

    def __init__(
        self,
        *,
        name: str,
        title: str,
        description: str,
        arguments: Mapping[str, Any],
        output: Mapping[str, Any],
        run: ToolFunction,
        required: Sequence[str] = (),
    ) -> None:
        self.name = name
        self.title = title
        self.description = description
        self.arguments = arguments
        self.output = output
        self.run = run
        self.required = required

    def tool(self) -> Tool:
        return Tool(
            name=self.name,
            title=self.title,
            description=self.description + UNTRUSTED,
            input_schema=input_schema(self.arguments, self.required),
            output_schema=self.output,
            function=self.run,
        )
