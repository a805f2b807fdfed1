"""A company's VAT configuration as Billy keeps it: the boxes of the momsangivelse (`salesTaxMetaFields`), the tax
rates whose `netAmountMetaFieldId` names the box their lines' net amounts go to, and the company's VAT accounts
(`salesTaxAccounts`: account, type, priority), with an energy-tax deduction account for a company that has one.

Billy publishes neither the predefined meta fields nor the `salesTaxAccounts.type` values; the names here are the
sandbox's own (Danish box names as skat.dk's form words them, and plain type names), so the report code must not
depend on them beyond what it states. Records get their ids from a generator of their own, so adding configuration
does not renumber the rest of the company.
"""

from __future__ import annotations

import random

from .builder import Builder

META_FIELDS = (
    ("A_goods", "Rubrik A - varer", "Værdien uden moms af varekøb i andre EU-lande (EU-erhvervelser)."),
    ("A_services", "Rubrik A - ydelser", "Værdien uden moms af ydelseskøb i andre EU-lande."),
    (
        "B_goods",
        "Rubrik B - varer (indberettes til EU-salg uden moms)",
        "Værdien af varesalg uden moms til andre EU-lande, som indberettes til EU-salg uden moms.",
    ),
    (
        "B_goods_not_listed",
        "Rubrik B - varer (indberettes ikke til EU-salg uden moms)",
        "Værdien af varesalg uden moms til andre EU-lande, som ikke indberettes til EU-salg uden moms.",
    ),
    ("B_services", "Rubrik B - ydelser", "Værdien af visse ydelsessalg uden moms til andre EU-lande."),
    (
        "C",
        "Rubrik C",
        "Værdien af andre varer og ydelser, der leveres uden afgift her i landet, i andre EU-lande og uden for EU.",
    ),
)
"""(key, name, description) of the momsangivelse's boxes of values excluding VAT."""

TAX_RATES = (
    # tag, name, abbreviation, rate, sales, purchases, meta field
    ("eu_goods_sale", "EU-salg af varer", "EUV", 0.0, True, False, "B_goods"),
    ("eu_services_sale", "EU-salg af ydelser", "EUY", 0.0, True, False, "B_services"),
    ("export", "Salg uden for EU", "EXP", 0.0, True, False, "C"),
    ("eu_goods_purchase", "EU-køb af varer (omvendt betalingspligt)", "EUKV", 0.25, False, True, "A_goods"),
    ("eu_services_purchase", "EU-køb af ydelser (omvendt betalingspligt)", "EUKY", 0.25, False, True, "A_services"),
)

VAT_ACCOUNT_TYPES = {7250: "salesTax", 7220: "purchaseTax", 7230: "goodsAbroadTax", 7240: "servicesAbroadTax"}
ENERGY_ACCOUNT = (7260, "Elafgift", "Fradrag for elafgift (energiafgift), momskonto af typen fradrag.")


def configure_vat(builder: Builder, energy_taxes: bool) -> None:
    """Meta fields, the EU and export rates, the VAT accounts and (`energy_taxes`) the elafgift deduction account."""
    main, builder.rng = builder.rng, random.Random(f"vat:{builder.org_id}")
    try:
        fields = {}
        for priority, (key, name, description) in enumerate(META_FIELDS):
            fields[key] = builder.add(
                "salesTaxMetaFields",
                {
                    "id": builder.new_id(),
                    "organizationId": builder.org_id,
                    "name": name,
                    "description": description,
                    "priority": priority,
                    "isPredefined": True,
                },
            )
        for rate in builder.tax_rates.values():
            rate["netAmountMetaFieldId"] = None
        for tag, name, abbreviation, value, sales, purchases, field in TAX_RATES:
            builder.tax_rates[tag] = builder.add(
                "taxRates",
                {
                    "id": builder.new_id(),
                    "organizationId": builder.org_id,
                    "name": name,
                    "abbreviation": abbreviation,
                    "description": f"{int(value * 100)}% – {fields[field]['name']}",
                    "rate": value,
                    "appliesToSales": sales,
                    "appliesToPurchases": purchases,
                    "isPredefined": True,
                    "isActive": True,
                    "predefinedTag": tag,
                    "netAmountMetaFieldId": fields[field]["id"],
                },
            )
        # How each purchase rate's VAT is deducted: wholly, on købsmoms (Billy's taxRateDeductionComponents).
        for tag in ("2014_purchases", "eu_goods_purchase", "eu_services_purchase"):
            builder.add(
                "taxRateDeductionComponents",
                {
                    "id": builder.new_id(),
                    "taxRateId": builder.tax_rates[tag]["id"],
                    "share": 1.0,
                    "source": "tax",
                    "accountId": builder.accounts[7220]["id"],
                    "priority": 0,
                },
            )
        types = dict(VAT_ACCOUNT_TYPES)
        if energy_taxes:
            number, name, description = ENERGY_ACCOUNT
            vat_group = builder.accounts[7250]["groupId"]
            builder.accounts[number] = builder.add(
                "accounts",
                {
                    "id": builder.new_id(),
                    "organizationId": builder.org_id,
                    "name": name,
                    "accountNo": number,
                    "description": description,
                    "groupId": vat_group,
                    "natureId": "liability",
                    "systemRole": None,
                    "currencyId": "DKK",
                    "taxRateId": None,
                    "isPaymentEnabled": False,
                    "isBankAccount": False,
                    "isArchived": False,
                    "bankId": None,
                    "bankName": None,
                    "bankRoutingNo": None,
                    "bankAccountNo": None,
                    "bankSwift": None,
                    "bankIban": None,
                },
            )
            types[number] = "deduction"
        for priority, (number, kind) in enumerate(types.items()):
            builder.add(
                "salesTaxAccounts",
                {
                    "id": builder.new_id(),
                    "organizationId": builder.org_id,
                    "accountId": builder.accounts[number]["id"],
                    "type": kind,
                    "priority": priority,
                },
            )
    finally:
        builder.rng = main


def vat_account_numbers(builder: Builder) -> list[int]:
    """The account numbers registered as the company's VAT accounts, in priority order."""
    number_of = {account["id"]: number for number, account in builder.accounts.items()}
    rows = sorted(builder.company.table("salesTaxAccounts"), key=lambda row: row["priority"])
    return [number_of[row["accountId"]] for row in rows]
