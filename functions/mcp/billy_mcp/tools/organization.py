"""get-organization-tool and list-organizations-tool."""

from __future__ import annotations

from typing import Any

from ..registry import ToolCall, ToolError
from ..schema import FIELDS, VERBOSE, get_output, identifier, list_output, record_schema
from ..session import BillySession
from ..tenants import CompanyChoice
from .specs import ToolSpec, output_records, record, with_note

ORGANIZATION = record_schema(
    "A Billy organization (company).",
    {
        "id": {"type": "string"},
        "handle": {"type": "string", "description": "The company's handle: the company argument of every tool."},
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


def _own_organization(billy: BillySession) -> dict[str, Any]:
    """The company's organization: the one its secret names, else the token's own. A company is one organization,
    whatever others Billy would let its token see."""
    configured = billy.tenant.organization_id
    if configured:
        document = billy.get(f"organizations/{configured}", {}, f"the organization with id '{configured}'")
    else:
        document = billy.get("organization", {}, "the token's organization")
    return {"handle": billy.tenant.handle, **record(document, "organization")}


def _get_organization(call: ToolCall) -> dict[str, Any]:
    own = _own_organization(call.billy)
    asked = call.arguments.get("organization_id")
    if asked is not None and asked != own["id"]:
        raise ToolError(
            f"The organization '{str(asked)[:64]}' is not the company of this call, which reads only "
            f"{own.get('name') or own['id']} ({own['id']}). Leave organization_id out; company chooses among the "
            "companies of this connection."
        )
    [output], note = output_records([own], call.arguments)
    return with_note({"organization": output}, note)


def _list_organizations(call: ToolCall) -> dict[str, Any]:
    """Every company of the caller, one Billy request each (in parallel when there are several); a company whose
    token Billy refuses is named in the note instead of failing the list."""
    companies = call.billy.caller.companies
    sessions = [call.billy.for_company(company.handle) for company in companies]
    if len(sessions) > 1:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(min(len(sessions), 8), thread_name_prefix="billy-orgs") as pool:
            answers = list(pool.map(_answer_of, sessions))
    else:
        answers = [_answer_of(session) for session in sessions]
    found = [answer for answer in answers if isinstance(answer, dict)]
    problems = [answer for answer in answers if isinstance(answer, str)]
    output, note = output_records(found, call.arguments)
    if not companies:
        try:
            call.billy.caller.company(None)
        except CompanyChoice as exc:
            problems.append(str(exc))
    paging = {"page": 1, "pageCount": 1, "pageSize": max(len(output), 1), "total": len(output)}
    return with_note({"organizations": output, "paging": paging}, *problems, note)


def _answer_of(billy: BillySession) -> dict[str, Any] | str:
    try:
        return _own_organization(billy)
    except ToolError as exc:
        return f"{billy.tenant.handle}: {exc}"


TOOLS = (
    ToolSpec(
        name="get-organization-tool",
        title="Get organization",
        description=(
            "The Billy company (organization): name, CVR number (registrationNo), address, base currency, fiscal "
            "year, VAT setup and whether Billy has locked it. Call it first."
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
        description=(
            "The companies this connection reaches: handle (the company argument), name, CVR number and "
            "whether Billy has locked it."
        ),
        arguments={"fields": FIELDS, "verbose": VERBOSE},
        output=list_output("organizations", ORGANIZATION),
        run=_list_organizations,
    ).tool(),
)
