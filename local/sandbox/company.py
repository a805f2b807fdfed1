"""A deterministic Danish demo company, generated from a seed, with every number derived the way Billy derives it.

Money is computed in øre (integers) and stored as kroner floats with two decimals, as Billy sends it.
Ledger: every approved document has a balanced transaction (invoice: debit 5810 gross / credit revenue net /
credit 7250 VAT; bill: debit expense net / debit 7220 VAT / credit 7320 gross; payments through 5710);
voided documents keep their transaction with every posting marked `isVoided`. Built in one direction:
builder (master data) → vat_setup → documents → reporting (VAT returns, the closed year) → this module.
"""

from __future__ import annotations

from .builder import AS_OF, Builder, Company, Record
from .documents import build_documents
from .reporting import build_reporting_data
from .vat_setup import configure_vat

__all__ = ["AS_OF", "Company", "Record", "build_company"]


def build_company(
    seed: int, name: str, token: str, slug: str, webshop_orders: int = 3200, billy_habits: bool = False
) -> Company:
    """The whole company: master data, VAT setup, documents, payments, the ledger, VAT returns and a closed fiscal
    year.

    `webshop_orders` daily webshop sales in 2026 (three postings each) make the current fiscal year large
    enough that complete reads of its postings take many pages. `billy_habits`: see Builder.
    """
    builder = Builder(seed, name, token, slug, billy_habits)
    builder.build_organization()
    builder.build_chart()
    configure_vat(builder, energy_taxes=billy_habits)
    customers, suppliers = builder.build_contacts()
    products = builder.build_products()
    build_documents(builder, customers, suppliers, products)
    build_reporting_data(builder, webshop_orders)
    return builder.company
