"""get-organization-tool and list-organizations-tool."""

from __future__ import annotations

from typing import Any

from ..registry import ToolCall, ToolError
from ..schema import FIELDS, VERBOSE, get_output, identifier, list_output, record_schema
from .specs import ToolSpec, output_records, record, with_note

ORGANIZATION = record_schema(
    "A Billy organization (company).",
    {
        "id": {"type": "string"},
        "name": {"type": "string", "description": "Company name."},
        "registrationNo": {"type": "string", "description": "CVR number (Danish company registration number)."},
        "baseCurrencyId": {"type": "string", "description": "Currency the books are kept in, e.g. DKK."},
        "fiscalYearEndMonth": {"type": "integer", "description": "Month (1-12) the fiscal year ends."},
        "firstFiscalYearStart": {"type": "string", "description": "First day of the first fiscal year in Billy."},
        "hasVat": {"type": "boolean", "description": "Whether the company is VAT-registered (momsregistreret)."},
        "vatPeriod": {"type": "string", "description": "VAT return period (momsperiode), e.g. quarter."},
        "paymentTermsDays": {"type": "integer", "description": "Default payment terms in days."},
        "isLocked": {"type": "boolean", "description": "True when Billy has locked the organization."},
        "lockedReason": {"type": "string", "description": "Why Billy locked it, when locked."},
    },
)


def _get_organization(call: ToolCall) -> dict[str, Any]:
    organization_id = call.arguments.get("organization_id") or call.billy.tenant.organization_id
    if organization_id:
        document = call.billy.get(
            f"organizations/{organization_id}", {}, f"the organization with id '{organization_id}'"
        )
    else:
        document = call.billy.get("organization", {}, "the token's organization")
    [output], note = output_records([record(document, "organization")], call.arguments)
    return with_note({"organization": output}, note)


def _list_organizations(call: ToolCall) -> dict[str, Any]:
    from .. import billy  # loaded by the session's first request anyway; kept off the cold start of tools/list

    try:
        document = call.billy.fetch("organizations", {})
    except (billy.NoAccess, billy.NotFound):
        own = record(call.billy.get("organization", {}, "the token's organization"), "organization")
        output, fields_note = output_records([own], call.arguments)
        return with_note(
            {"organizations": output, "paging": {"page": 1, "pageCount": 1, "pageSize": 1, "total": 1}},
            "This access token is tied to one company and may not list organizations; this is the token's own company.",
            fields_note,
        )
    except billy.BillyError as exc:
        raise ToolError(call.billy.explain(exc, "the organization list")) from None
    items = document.get("organizations")
    if not isinstance(items, list):
        raise ToolError("Billy's answer had no 'organizations' list; Billy may be misbehaving, try again later.")
    items = [item for item in items if isinstance(item, dict)]
    output, note = output_records(items, call.arguments)
    paging = {"page": 1, "pageCount": 1, "pageSize": max(len(items), 1), "total": len(items)}
    return with_note({"organizations": output, "paging": paging}, note)


TOOLS = (
    ToolSpec(
        name="get-organization-tool",
        title="Get organization",
        description=(
            "Get the Billy company (organization) behind this connection: name, CVR number (registrationNo), "
            "address, base currency, fiscal year, VAT setup and whether Billy has locked it. Use it first to learn "
            "which company you are reading. organization_id is optional (defaults to the token's company)."
        ),
        arguments={
            "organization_id": identifier("A Billy organization id; leave out for the token's own company."),
            "fields": FIELDS,
            "verbose": VERBOSE,
        },
        output=get_output("organization", ORGANIZATION),
        run=_get_organization,
    ).tool(),
    ToolSpec(
        name="list-organizations-tool",
        title="List organizations",
        description=(
            "List the Billy organizations this connection can read. A company access token sees exactly one; "
            "when Billy does not let the token list organizations, the token's own company is returned with a note."
        ),
        arguments={"fields": FIELDS, "verbose": VERBOSE},
        output=list_output("organizations", ORGANIZATION),
        run=_list_organizations,
    ).tool(),
)
