"""How a declared read tool runs: its arguments become Billy's query, ranges are refused before Billy is asked,
records Billy should have filtered out are re-checked away with a note, and the spec's schemas are complete."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

from billy_mcp import billy
from billy_mcp.registry import ToolError
from billy_mcp.schema import UNTRUSTED, boolean, check_ranges, record_schema, string
from billy_mcp.tools.specs import GetSpec, ListSpec, Param, date_range, range_pairs, recheck, to_query
from tests.support import MemoryBilly, session_call

ITEM = record_schema("A thing.", {"id": {"type": "string"}, "name": {"type": "string"}})
PARAMS = (
    Param("query", "q", string("Search.")),
    Param("is_archived", "isArchived", boolean("Archived only.")),
    *date_range("entry_date", "EntryDate", "Entry date"),
)
THINGS = ListSpec(
    name="list-things-tool",
    title="List things",
    description="List things.",
    path="things",
    root="things",
    item=ITEM,
    params=PARAMS,
    sort=("name",),
    recheck={"is_archived": "isArchived", "is_voided": "isVoided"},
    recheck_dates={"entry_date": "entryDate"},
    recheck_defaults={"is_voided": False},
)


def paged(*things: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    paging = {"page": 1, "pageCount": 1, "pageSize": 50, "total": len(things)}
    return 200, {"meta": {"paging": paging}, "things": list(things)}


@pytest.fixture
def memory() -> Iterator[MemoryBilly]:
    fake = MemoryBilly({})
    billy.use_transport(fake)
    yield fake
    billy.use_transport(None)


def query_of(target: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(target).query))


def test_arguments_become_billys_parameters_in_billys_form() -> None:
    arguments = {"query": "Ørsted", "is_archived": False, "min_entry_date": "2026-01-01", "page": 2}
    assert to_query(arguments, PARAMS) == {"q": "Ørsted", "isArchived": "false", "minEntryDate": "2026-01-01"}
    assert range_pairs(PARAMS) == [("min_entry_date", "max_entry_date")]


def test_a_minimum_after_its_maximum_is_refused_with_both_values() -> None:
    check_ranges({"min_entry_date": "2026-01-01", "max_entry_date": "2026-01-01"}, ("min_entry_date", "max_entry_date"))
    with pytest.raises(ToolError, match=r"min_entry_date \(2026-02-01\) is after max_entry_date \(2026-01-01\)"):
        check_ranges(
            {"min_entry_date": "2026-02-01", "max_entry_date": "2026-01-01"}, ("min_entry_date", "max_entry_date")
        )


def test_the_list_schema_has_paging_sorting_fields_and_verbose() -> None:
    tool = THINGS.tool()
    assert list(tool.input_schema["properties"]) == [
        "query",
        "is_archived",
        "min_entry_date",
        "max_entry_date",
        "page",
        "page_size",
        "sort_property",
        "sort_direction",
        "fields",
        "verbose",
    ]
    assert tool.input_schema["additionalProperties"] is False and tool.output_schema["required"] == ["things", "paging"]
    assert tool.description.endswith(UNTRUSTED)


def test_a_list_call_sends_the_query_and_rechecks_what_billy_returned(memory: MemoryBilly) -> None:
    memory.answers["things"] = paged(
        {"id": "a", "name": "kept", "isArchived": False, "isVoided": False, "entryDate": "2026-01-05"},
        {"id": "b", "name": "archived", "isArchived": True, "isVoided": False, "entryDate": "2026-01-05"},
        {"id": "c", "name": "voided", "isArchived": False, "isVoided": True, "entryDate": "2026-01-05"},
        {"id": "d", "name": "too late", "isArchived": False, "isVoided": False, "entryDate": "2026-02-01"},
    )
    arguments = {"is_archived": False, "max_entry_date": "2026-01-31", "sort_property": "name", "page_size": 10}
    data = THINGS.run(session_call(arguments))
    assert [thing["id"] for thing in data["things"]] == ["a"]
    assert "3 record(s) on this page did not match entryDate, isArchived, isVoided" in data["note"]
    [target] = memory.targets
    assert query_of(target) == {
        "isArchived": "false",
        "maxEntryDate": "2026-01-31",
        "page": "1",
        "pageSize": "10",
        "sortProperty": "name",
        "sortDirection": "ASC",
    }


def test_an_inverted_range_asks_billy_nothing(memory: MemoryBilly) -> None:
    with pytest.raises(ToolError, match="is after"):
        THINGS.run(session_call({"min_entry_date": "2026-03-01", "max_entry_date": "2026-02-01"}))
    assert memory.targets == []


def test_a_recheck_with_nothing_to_check_keeps_everything() -> None:
    items = [{"id": "a"}, {"id": "b"}]
    assert recheck({}, items, {"is_archived": "isArchived"}) == (items, None)


def test_a_get_reads_one_record_with_its_includes(memory: MemoryBilly) -> None:
    spec = GetSpec(
        name="get-thing-tool",
        title="Get thing",
        description="Get one thing.",
        path="things",
        root="thing",
        id_argument="thing_id",
        item=ITEM,
        includes={"lines": "thing.lines:embed"},
    )
    memory.answers["things/t1"] = (200, {"thing": {"id": "t1", "name": "x", "lines": [{"id": "l1"}]}})
    data = spec.run(session_call({"thing_id": "t1", "include": ["lines"], "fields": ["name"]}))
    assert data == {"thing": {"id": "t1", "name": "x", "lines": [{"id": "l1"}]}}
    assert query_of(memory.targets[0]) == {"include": "thing.lines:embed"}
    with pytest.raises(ToolError, match="Not found: the thing with id 'nope' does not exist"):
        spec.run(session_call({"thing_id": "nope"}))
