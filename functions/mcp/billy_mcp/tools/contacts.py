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
    Param("is_archived", "isArchived", boolean("Archived contacts only (true) or active only (false).")),
)


TOOLS = (
    ListSpec(
        name="list-contacts-tool",
        title="List contacts",
        description=(
            "List the company's contacts (customers = debitorer, suppliers = kreditorer), optionally searched by "
            "name or filtered to customers, suppliers or archived ones. Use it to find a contact's id for the "
            "invoice and bill tools. E-mail addresses live on contact persons: use get-contact-tool with "
            'include=["contactPersons"].'
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
        description="Get one contact by id, optionally with its contact persons (names and e-mail addresses).",
        path="contacts",
        root="contact",
        id_argument="contact_id",
        item=CONTACT,
        includes={"contactPersons": "contact.contactPersons:embed"},
    ).tool(),
)
