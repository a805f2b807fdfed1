"""What the sandbox serves per Billy resource: filters, free-text fields, sort properties and relations.

Filters follow shared/reference/billy-api.md: the documented invoice, bill and daybookTransaction filters
exactly, `<belongsTo>Id` equality, the flags clients use (isArchived, isCustomer, ...), and the postings
filters clients rely on. Anything else is ignored, as Billy ignores unknown parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Relation:
    table: str
    key: str
    """has_many: the child's foreign key; belongs_to: the parent's `<name>Id`; reference: the child's reference field."""
    kind: str  # has_many | belongs_to | reference


@dataclass(frozen=True)
class Resource:
    singular: str
    equals: tuple[str, ...] = ()
    """Query params compared for equality with the field of the same name (strings, booleans as true/false)."""
    date_ranges: tuple[str, ...] = ()
    """Fields with minX/maxX filters (e.g. entryDate → minEntryDate, maxEntryDate)."""
    search: tuple[str, ...] = ()
    """Fields `q` searches (case-insensitive substring; dotted names follow a belongs-to)."""
    sort: tuple[str, ...] = ()
    relations: dict[str, Relation] = field(default_factory=dict)


INVOICE_RELATIONS = {
    "lines": Relation("invoiceLines", "invoiceId", "has_many"),
    "contact": Relation("contacts", "contactId", "belongs_to"),
    "lateFees": Relation("invoiceLateFees", "invoiceId", "has_many"),
    "balanceModifiers": Relation("balanceModifiers", "subjectReference", "reference"),
}

RESOURCES: dict[str, Resource] = {
    "contacts": Resource(
        "contact",
        equals=("isCustomer", "isSupplier", "isArchived", "type", "contactNo", "countryId"),
        search=("name", "contactNo", "registrationNo"),
        sort=("name", "createdTime", "contactNo"),
        relations={"contactPersons": Relation("contactPersons", "contactId", "has_many")},
    ),
    "contactPersons": Resource("contactPerson", equals=("contactId",)),
    "products": Resource(
        "product",
        equals=("isArchived", "productNo", "accountId"),
        search=("name", "productNo", "description"),
        sort=("name", "productNo"),
        relations={"prices": Relation("productPrices", "productId", "has_many")},
    ),
    "productPrices": Resource("productPrice", equals=("productId", "currencyId")),
    "invoices": Resource(
        "invoice",
        equals=(
            "contactId",
            "creditedInvoiceId",
            "state",
            "invoiceNo",
            "externalId",
            "isPaid",
            "currencyId",
            "recurringInvoiceId",
            "quoteId",
            "type",
        ),
        date_ranges=("entryDate", "dueDate"),
        search=("invoiceNo", "contact.name", "lineDescription", "amount", "grossAmount", "balance"),
        sort=(
            "entryDate",
            "dueDate",
            "createdTime",
            "invoiceNo",
            "lineDescription",
            "amount",
            "grossAmount",
            "balance",
            "contact.name",
            "approvedTime",
        ),
        relations=INVOICE_RELATIONS,
    ),
    "invoiceLines": Resource("invoiceLine", equals=("invoiceId", "productId")),
    "invoiceLateFees": Resource("invoiceLateFee", equals=("invoiceId",)),
    "bills": Resource(
        "bill",
        equals=("contactId", "creditedBillId", "isPaid", "state", "currencyId", "suppliersInvoiceNo", "isBare"),
        date_ranges=("entryDate", "dueDate"),
        search=("contact.name", "lineDescription", "voucherNo", "amount", "suppliersInvoiceNo", "balance"),
        sort=(
            "entryDate",
            "dueDate",
            "createdTime",
            "lineDescription",
            "amount",
            "grossAmount",
            "balance",
            "contact.name",
            "voucherNo",
            "suppliersInvoiceNo",
        ),
        relations={
            "lines": Relation("billLines", "billId", "has_many"),
            "contact": Relation("contacts", "contactId", "belongs_to"),
            "balanceModifiers": Relation("balanceModifiers", "subjectReference", "reference"),
        },
    ),
    "billLines": Resource("billLine", equals=("billId", "accountId")),
    "accounts": Resource(
        "account",
        equals=("natureId", "isArchived", "isPaymentEnabled", "isBankAccount", "groupId", "systemRole"),
        search=("name", "accountNo", "description"),
        sort=("accountNo", "name"),
        relations={
            "group": Relation("accountGroups", "groupId", "belongs_to"),
            "nature": Relation("accountNatures", "natureId", "belongs_to"),
        },
    ),
    "accountGroups": Resource("accountGroup", equals=("natureId",), sort=("accountNo", "priority")),
    "accountNatures": Resource("accountNature"),
    "salesTaxReturns": Resource(
        "salesTaxReturn", equals=("isSettled", "isPaid", "periodType"), date_ranges=("startDate", "endDate")
    ),
    "taxRates": Resource(
        "taxRate",
        equals=("appliesToSales", "appliesToPurchases", "isActive"),
        relations={
            "netAmountMetaField": Relation("salesTaxMetaFields", "netAmountMetaFieldId", "belongs_to"),
            "deductionComponents": Relation("taxRateDeductionComponents", "taxRateId", "has_many"),
        },
    ),
    "salesTaxMetaFields": Resource("salesTaxMetaField", sort=("priority",)),
    "taxRateDeductionComponents": Resource("taxRateDeductionComponent", equals=("taxRateId",)),
    "contactBalancePostings": Resource(
        "contactBalancePosting",
        equals=("contactId", "isVoided", "currencyId"),
        date_ranges=("entryDate",),
        relations={"contact": Relation("contacts", "contactId", "belongs_to")},
    ),
    "salesTaxAccounts": Resource(
        "salesTaxAccount",
        equals=("accountId", "type"),
        sort=("priority",),
        relations={"account": Relation("accounts", "accountId", "belongs_to")},
    ),
    "postings": Resource(
        "posting",
        equals=("accountId", "transactionId", "isVoided", "currencyId"),
        date_ranges=("entryDate",),
        search=("text",),
        sort=("entryDate", "priority", "amount"),
    ),
    "transactions": Resource(
        "transaction",
        equals=("isVoided", "originatorReference"),
        date_ranges=("entryDate",),
        sort=("entryDate", "transactionNo"),
        relations={"postings": Relation("postings", "transactionId", "has_many")},
    ),
    "bankPayments": Resource(
        "bankPayment",
        equals=("contactId", "isVoided", "cashAccountId"),
        date_ranges=("entryDate",),
        relations={"associations": Relation("balanceModifiers", "modifierReference", "reference")},
    ),
    "balanceModifiers": Resource("balanceModifier", equals=("subjectReference", "modifierReference", "isVoided")),
    "daybooks": Resource("daybook"),
    "daybookTransactions": Resource(
        "daybookTransaction",
        equals=("daybookId", "apiType", "state"),
        date_ranges=("entryDate",),
        search=("description", "extendedDescription", "voucherNo"),
        sort=("priority", "entryDate", "createdTime"),
        relations={"lines": Relation("daybookTransactionLines", "daybookTransactionId", "has_many")},
    ),
    "daybookTransactionLines": Resource("daybookTransactionLine", equals=("daybookTransactionId", "accountId")),
}
