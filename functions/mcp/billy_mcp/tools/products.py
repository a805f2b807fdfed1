"""list-products-tool and get-product-tool."""

from __future__ import annotations

from ..schema import boolean, record_schema, string
from .specs import GetSpec, ListSpec, Param

PRODUCT = record_schema(
    "A product or service the company sells.",
    {
        "id": {"type": "string"},
        "name": {"type": "string"},
        "productNo": {"type": "string", "description": "The company's product number."},
        "description": {"type": "string"},
        "accountId": {"type": "string", "description": "Revenue account sales of it are booked to."},
        "isArchived": {"type": "boolean"},
        "prices": {
            "type": "array",
            "items": {"type": "object"},
            "description": "Unit prices excl. VAT, one per currency (when included).",
        },
    },
)


TOOLS = (
    ListSpec(
        name="list-products-tool",
        title="List products",
        description=(
            "List products and services (varer og ydelser), searched by name or number. Prices: get-product-tool "
            'with include=["prices"].'
        ),
        path="products",
        root="products",
        item=PRODUCT,
        params=(
            Param("query", "q", string("Free-text search in product name, number and description.")),
            Param("is_archived", "isArchived", boolean("true: archived only; false: active only.")),
        ),
        sort=("name", "productNo"),
        recheck={"is_archived": "isArchived"},
    ).tool(),
    GetSpec(
        name="get-product-tool",
        title="Get product",
        description=("One product by id, optionally with its prices (excl. VAT, per currency)."),
        path="products",
        root="product",
        id_argument="product_id",
        item=PRODUCT,
        includes={"prices": "product.prices:embed"},
    ).tool(),
)
