"""list-tax-rates-tool, list-sales-tax-returns-tool and get-sales-tax-return-tool (moms: rates and returns)."""

from __future__ import annotations

from ..schema import boolean, record_schema
from .specs import GetSpec, ListSpec, Param

TAX_RATE = record_schema(
    "A VAT rate (momssats) that lines and accounts refer to by taxRateId.",
    {
        "id": {"type": "string"},
        "name": {"type": "string", "description": "e.g. Salgsmoms, Købsmoms."},
        "abbreviation": {"type": "string"},
        "rate": {"type": "number", "description": "A fraction: 0.25 is 25 %."},
        "appliesToSales": {"type": "boolean"},
        "appliesToPurchases": {"type": "boolean"},
        "isActive": {"type": "boolean"},
    },
)

SALES_TAX_RETURN = record_schema(
    "A sales-tax return (momsangivelse) for one VAT period.",
    {
        "id": {"type": "string"},
        "periodType": {"type": "string", "description": "month, quarter or halfYear."},
        "period": {"type": "string", "description": "e.g. quarter:2026-2."},
        "periodText": {"type": "string", "description": "e.g. '2. kvartal 2026'."},
        "correctionNo": {"type": "integer", "description": "0 for the return itself, 1+ for corrections."},
        "startDate": {"type": "string"},
        "endDate": {"type": "string"},
        "reportDeadline": {"type": "string", "description": "Last day to report (and pay) to SKAT."},
        "isSettled": {"type": "boolean", "description": "The period's VAT was settled (moved to Afregnet moms)."},
        "isPaid": {"type": "boolean", "description": "The settled VAT was paid."},
    },
)


TOOLS = (
    ListSpec(
        name="list-tax-rates-tool",
        title="List VAT rates",
        description=(
            "List VAT rates (momssatser): name, rate as a fraction (0.25 = 25 %), sales or purchases: the taxRateId "
            "on accounts, products and lines."
        ),
        path="taxRates",
        root="taxRates",
        item=TAX_RATE,
        params=(Param("is_active", "isActive", boolean("Only active rates (true) or inactive ones (false).")),),
        recheck={"is_active": "isActive"},
        paged=False,
    ).tool(),
    ListSpec(
        name="list-sales-tax-returns-tool",
        title="List VAT returns",
        description=(
            "List sales-tax returns (momsangivelser): each VAT period's dates, reporting deadline, settled and "
            "paid. get-vat-summary-tool computes a period's VAT."
        ),
        path="salesTaxReturns",
        root="salesTaxReturns",
        item=SALES_TAX_RETURN,
        params=(Param("is_settled", "isSettled", boolean("Only settled returns (true) or open ones (false).")),),
        recheck={"is_settled": "isSettled"},
    ).tool(),
    GetSpec(
        name="get-sales-tax-return-tool",
        title="Get VAT return",
        description=("One sales-tax return (momsangivelse) by id: period, dates, deadline, settled and paid."),
        path="salesTaxReturns",
        root="salesTaxReturn",
        id_argument="sales_tax_return_id",
        item=SALES_TAX_RETURN,
    ).tool(),
)
