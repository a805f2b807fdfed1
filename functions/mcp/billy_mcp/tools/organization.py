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


def _own_organization(call: ToolCall) -> dict[str, Any]:
    """The connection's company: the tenant's organization when its secret names one, else the token's own. A
    connection reads one company, whatever organizations Billy would let its token see."""
    configured = call.billy.tenant.organization_id
    if configured:
        document = call.billy.get(f"organizations/{configured}", {}, f"the organization with id '{configured}'")
    else:
        document = call.billy.get("organization", {}, "the token's organization")
    return record(document, "organization")


def _get_organization(call: ToolCall) -> dict[str, Any]:
    own = _own_organization(call)
    asked = call.arguments.get("organization_id")
    if asked is not None and asked != own["id"]:
        raise ToolError(
            f"The organization '{str(asked)[:64]}' is not the company of this connection, which reads only "
            f"{own.get('name') or own['id']} ({own['id']}). Leave organization_id out."
        )
    [output], note = output_records([own], call.arguments)
    return with_note({"organization": output}, note)


def _list_organizations(call: ToolCall) -> dict[str, Any]:
    output, note = output_records([_own_organization(call)], call.arguments)
    paging = {"page": 1, "pageCount": 1, "pageSize": 1, "total": 1}
    return with_note({"organizations": output, "paging": paging}, note)


TOOLS = (
    ToolSpec(
        name="get-organization-tool",
        title="Get organization",
        description=(
            "The Billy company (organization) of this connection: name, CVR number (registrationNo), address, base "
            "currency, fiscal year, VAT setup and whether Billy has locked it. Call it first."
        ),
        arguments={
            "organization_id": identifier("Optional; another company's id is refused."),
            "fields": FIELDS,
            "verbose": VERBOSE,
        },
        output=get_output("organization", ORGANIZATION),
        run=_get_organization,
    ).tool(),
    ToolSpec(
        name="list-organizations-tool",
        title="List organizations",
        description=("The organizations this connection can read: its one company."),
        arguments={"fields": FIELDS, "verbose": VERBOSE},
        output=list_output("organizations", ORGANIZATION),
        run=_list_organizations,
    ).tool(),
)
