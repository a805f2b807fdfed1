"""list-contacts-tool and get-contact-tool."""

from __future__ import annotations

from ..schema import boolean, record_schema, string
from .specs import GetSpec, ListSpec, Param

CONTACT = record_schema(
    "A Billy contact: a customer (debitor) and/or supplier (kreditor).",
    {
        "id": {"type": "string"},
        "name": {"type": "string"},
        "type": {"type": "string", "enum": ["company", "person"]},
        "contactNo": {"type": "string", "description": "The company's own number for the contact."},
        "registrationNo": {"type": "string", "description": "CVR number (or EU VAT number) of a company contact."},
        "countryId": {"type": "string", "description": "ISO country code, e.g. DK."},
        "isCustomer": {"type": "boolean"},
        "isSupplier": {"type": "boolean"},
        "isArchived": {"type": "boolean"},
        "paymentTermsDays": {
            "type": "integer",
            "description": "Contact-specific payment terms; absent means the company default.",
        },
        "contactPersons": {
            "type": "array",
            "items": {"type": "object"},
            "description": "Contact persons (with e-mail), when included.",
        },
    },
)

LIST_PARAMS = (
    Param("query", "q", string("Free-text search in the contact's name, number and CVR number.")),
    Param("is_customer", "isCustomer", boolean("Only customers (debitorer) when true.")),
    Param("is_supplier", "isSupplier", boolean("Only suppliers (kreditorer) when true.")),
    Param("is_archived", "isArchived", boolean("true: archived only; false: active only.")),
)


TOOLS = (
    ListSpec(
        name="list-contacts-tool",
        title="List contacts",
        description=(
            "List contacts (customers = debitorer, suppliers = kreditorer), searched or filtered: the contact ids "
            'other tools take. E-mail addresses: get-contact-tool include=["contactPersons"].'
        ),
        path="contacts",
        root="contacts",
        item=CONTACT,
        params=LIST_PARAMS,
        sort=("name", "contactNo", "createdTime"),
        recheck={"is_customer": "isCustomer", "is_supplier": "isSupplier", "is_archived": "isArchived"},
    ).tool(),
    GetSpec(
        name="get-contact-tool",
        title="Get contact",
        description=("One contact by id, optionally with its contact persons (names, e-mail addresses)."),
        path="contacts",
        root="contact",
        id_argument="contact_id",
        item=CONTACT,
        includes={"contactPersons": "contact.contactPersons:embed"},
    ).tool(),
)
