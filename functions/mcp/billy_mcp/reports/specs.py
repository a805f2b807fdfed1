"""The seven report tools as `tools/list` shows them: names, descriptions, argument and output schemas.

Each report's function lives in its own module and is imported on the report's first call (`Implementation`), so a
container that only lists tools never loads the readers and the ledger arithmetic.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..registry import Implementation, Tool
from ..schema import ACCOUNT_NO, PAGE, PAGE_SIZE, boolean, date, enum, identifier, or_null, string
from ..tools.specs import ToolSpec

MONEY = {"type": "number", "description": "Amount in the base currency, two decimals."}
SIGNED = {"type": "number", "description": "Debit-positive amount in the base currency (credit balances are negative)."}

ACCOUNT_LINE: dict[str, Any] = {
    "accountId": or_null({"type": "string", "description": "Billy's account id; null on a computed line."}),
    "accountNo": or_null({"type": "integer"}),
    "name": {"type": "string"},
    "nature": {"type": "string"},
    "group": {"type": "string"},
    "computed": {"type": "boolean", "description": "True for a line computed here, on no Billy account."},
}
"""The fields that name an account on every report line (reports._common.account_fields fills them)."""


def group_schema(line: Mapping[str, Any], **extra: Any) -> dict[str, Any]:
    """An account group of a statement: its total and its account lines."""
    properties = {
        "groupId": or_null({"type": "string"}),
        "accountNo": or_null({"type": "integer"}),
        "name": {"type": "string"},
        "amount": MONEY,
        **extra,
        "accounts": {"type": "array", "items": dict(line)},
    }
    return {"type": "object", "properties": properties, "required": ["name", "amount", "accounts"]}


PERIOD_SCHEMA = {
    "type": "object",
    "properties": {"from": {"type": "string", "format": "date"}, "to": {"type": "string", "format": "date"}},
    "required": ["from", "to"],
}
COMMON_OUTPUT: dict[str, Any] = {
    "complete": {
        "type": "boolean",
        "description": "Always true: a report is computed from every record or not at all.",
    },
    "postingsCounted": {"type": "integer", "description": "Valid (non-voided) postings the figures are computed from."},
    "baseCurrency": {"type": "string", "description": "Currency of every amount, e.g. DKK."},
    "fiscalYear": {
        **PERIOD_SCHEMA,
        "description": "The fiscal year the report's dates fall in (from the organization).",
    },
    "basis": {"type": "string", "description": "How the figures were computed and what was left out."},
}
COMMON_REQUIRED = ["complete", "baseCurrency", "basis"]


class ReportSpec:
    """A report tool: its arguments (name → schema), its own output fields (beside COMMON_OUTPUT) and the module
    whose `attribute` computes it."""

    __slots__ = (
        "arguments",
        "attribute",
        "description",
        "module",
        "name",
        "output",
        "required_arguments",
        "required_output",
        "title",
    )

    def __init__(
        self,
        *,
        name: str,
        title: str,
        description: str,
        arguments: Mapping[str, Any],
        output: Mapping[str, Any],
        required_output: Sequence[str],
        module: str,
        attribute: str = "run",
        required_arguments: Sequence[str] = (),
    ) -> None:
        self.name = name
        self.title = title
        self.description = description
        self.arguments = arguments
        self.output = output
        self.required_output = required_output
        self.module = module
        self.attribute = attribute
        self.required_arguments = required_arguments

    def tool(self) -> Tool:
        return ToolSpec(
            name=self.name,
            title=self.title,
            description=self.description,
            arguments=self.arguments,
            output={
                "type": "object",
                "properties": {**COMMON_OUTPUT, **self.output},
                "required": [*COMMON_REQUIRED, *self.required_output],
            },
            run=Implementation(f"{__package__}.{self.module}", self.attribute),
            required=self.required_arguments,
        ).tool()


FROM_DATE = date("First day (default: the start of the fiscal year containing to_date)")
TO_DATE = date("Last day of the period (default: today)")
AS_OF = date("The date to report at (default: today)")
BUCKETS = ("notDue", "days1to30", "days31to60", "days61to90", "over90")
"""Aging buckets by days past the due date, in the order the aged reports show them."""
BUCKET_TEXT = "notDue (not yet due), days1to30, days31to60, days61to90 and over90 days past due"


CHECKS = {
    "type": "array",
    "description": "What the report reconciled; a failed check makes verified false.",
    "items": {
        "type": "object",
        "properties": {"name": {"type": "string"}, "ok": {"type": "boolean"}, "detail": {"type": "string"}},
        "required": ["name", "ok", "detail"],
    },
}
STATUTORY_LINE = {
    "type": "object",
    "properties": {
        "key": {"type": "string"},
        "label": {"type": "string"},
        "amount": MONEY,
        "subtotal": {"type": "boolean"},
        "accounts": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "accountId": {"type": "string"},
                    "accountNo": or_null({"type": "integer"}),
                    "name": {"type": "string"},
                    "amount": MONEY,
                },
            },
        },
    },
    "required": ["key", "label", "amount"],
}
VERIFIED = {"type": "boolean", "description": "Every check passed; when false, note says which failed and why."}

# ---- get-trial-balance-tool -------------------------------------------------------------------------------------
TB_ROW = {
    "type": "object",
    "properties": {
        **ACCOUNT_LINE,
        "opening": SIGNED,
        "debit": MONEY,
        "credit": MONEY,
        "closing": SIGNED,
    },
    "required": ["accountId", "accountNo", "name", "nature", "opening", "debit", "credit", "closing"],
}

LEDGER_LINE = {
    "type": "object",
    "properties": {
        "date": {"type": "string", "format": "date"},
        "transactionNo": or_null({"type": "integer", "description": "Billy's transaction number."}),
        "voucherNo": or_null({"type": "string", "description": "The voucher (bilag) number."}),
        "text": {"type": "string"},
        "document": or_null(
            {
                "type": "object",
                "description": "What the posting was booked from: type (invoice, bill, daybookTransaction, ...), id, name.",
                "properties": {
                    "type": {"type": "string"},
                    "id": or_null({"type": "string"}),
                    "name": or_null({"type": "string"}),
                },
            }
        ),
        "debit": MONEY,
        "credit": MONEY,
        "balance": {**SIGNED, "description": "Running balance after this posting (debit-positive)."},
        "transactionId": or_null({"type": "string"}),
    },
    "required": ["date", "text", "debit", "credit", "balance"],
}


# ---- get-profit-and-loss-tool -----------------------------------------------------------------------------------
PL_AMOUNTS = {
    "type": "object",
    "description": "The same figure per extra column (keys as in columns[].key).",
    "additionalProperties": {"type": "number"},
}
PL_LINE = {
    "type": "object",
    "properties": {**ACCOUNT_LINE, "amount": MONEY, "columns": PL_AMOUNTS},
    "required": ["accountId", "name", "amount"],
}
PL_GROUP = group_schema(PL_LINE, columns=PL_AMOUNTS)
PL_SECTION = {
    "type": "object",
    "properties": {
        "amount": MONEY,
        "columns": PL_AMOUNTS,
        "groups": {"type": "array", "items": PL_GROUP},
    },
    "required": ["amount", "groups"],
}


# ---- get-balance-sheet-tool -------------------------------------------------------------------------------------
BS_LINE = {
    "type": "object",
    "properties": {**ACCOUNT_LINE, "amount": MONEY},
    "required": ["accountId", "name", "amount"],
}
BS_SECTION = {
    "type": "object",
    "properties": {"amount": MONEY, "groups": {"type": "array", "items": group_schema(BS_LINE)}},
    "required": ["amount", "groups"],
}


# ---- get-vat-summary-tool ---------------------------------------------------------------------------------------
VAT_RETURN = or_null(
    {
        "type": "object",
        "description": "Billy's sales-tax return (momsangivelse) for exactly this period, when one exists.",
        "properties": {
            "id": {"type": "string"},
            "period": or_null({"type": "string"}),
            "periodText": or_null({"type": "string"}),
            "startDate": {"type": "string"},
            "endDate": {"type": "string"},
            "reportDeadline": or_null({"type": "string"}),
            "isSettled": or_null({"type": "boolean"}),
            "isPaid": or_null({"type": "boolean"}),
            "overdue": {"type": "boolean", "description": "Past reportDeadline and not settled in Billy."},
            "daysOverdue": {"type": "integer", "description": "Days past reportDeadline, when overdue."},
        },
        "required": ["id", "startDate", "endDate", "overdue"],
    }
)
VAT_BOXES = ("A_goods", "A_services", "B_goods", "B_goods_not_listed", "B_services", "C")
"""Rubrik A-varer, A-ydelser, B-varer (indberettes til EU-salg uden moms), B-varer (indberettes ikke), B-ydelser, C."""
KRONER = {"type": "integer", "description": "Whole kroner as filed (øre disregarded)."}
VAT_SETTLEMENT = or_null(
    {
        "type": "object",
        "description": "For a settled return of exactly this period: settled against the ledger now.",
        "properties": {
            "salesTaxReturnId": {"type": "string"},
            "settled": {**MONEY, "description": "What Billy's settlement of the return moved off the VAT accounts."},
            "ledgerNow": {**MONEY, "description": "The payable the ledger gives for the period today."},
            "difference": {**MONEY, "description": "ledgerNow - settled: VAT booked into the period after settling."},
            "postingsTagged": {"type": "boolean", "description": "Billy tagged the settled postings with the return."},
            "notInSettlement": {
                "type": "array",
                "description": "VAT postings dated in the period that the return did not settle (amount credit-positive).",
                "items": {
                    "type": "object",
                    "properties": {
                        "transactionId": {"type": "string"},
                        "entryDate": {"type": "string"},
                        "accountNo": or_null({"type": "integer"}),
                        "amount": MONEY,
                    },
                },
            },
        },
    }
)


# ---- get-aged-receivables-tool, get-aged-payables-tool ----------------------------------------------------------
AGED_BUCKET_AMOUNTS = dict.fromkeys(BUCKETS, MONEY)
AGED_DOCUMENT = {
    "type": "object",
    "properties": {
        "id": {"type": "string"},
        "number": or_null({"type": "string"}),
        "dueDate": {"type": "string", "format": "date"},
        "open": MONEY,
    },
    "required": ["id", "number", "dueDate", "open"],
}
AGED_LINE = {
    "type": "object",
    "properties": {
        "contactId": {"type": "string"},
        "name": or_null({"type": "string"}),
        "currencyId": {"type": "string"},
        **AGED_BUCKET_AMOUNTS,
        "total": {**MONEY, "description": "The buckets' sum: what is owed on documents, in the line's currency."},
        "unappliedCredits": {**MONEY, "description": "Credit notes not yet applied and overpayments (not bucketed)."},
        "prepayments": {**MONEY, "description": "Paid on account (the contact's balance in Billy)."},
        "netExposure": {**MONEY, "description": "total - unappliedCredits - prepayments."},
        "documents": {
            "type": "object",
            "description": "The documents in each bucket, and the unapplied credits: id, number (invoice number or "
            "bill voucher number), dueDate and the amount open (a credit's as a positive amount).",
            "properties": {
                bucket: {"type": "array", "items": AGED_DOCUMENT} for bucket in (*BUCKETS, "unappliedCredits")
            },
        },
    },
    "required": ["contactId", "currencyId", *BUCKETS, "total", "netExposure", "documents"],
}


# ---- the seven reports -------------------------------------------------------------------------------------------
def _aged(kind: str, name: str, title: str, description: str) -> ReportSpec:
    who = "customer" if kind == "invoice" else "supplier"
    return ReportSpec(
        name=name,
        title=title,
        description=description,
        arguments={
            "as_of": AS_OF,
            "contact_id": identifier(f"Only this {who} (a contact id)."),
            "currency_id": string(
                "Only documents in this currency, e.g. DKK or EUR.", maxLength=3, pattern="^[A-Z]{3}$"
            ),
        },
        output={
            "asOf": {"type": "string", "format": "date"},
            "documentsCounted": {"type": "integer", "description": "Approved documents examined."},
            "contacts": {"type": "array", "items": AGED_LINE},
            "totals": {
                "type": "object",
                "description": "Per currency: each bucket, the total, unapplied credits, prepayments, the net and "
                "the control accounts' balance (ledger) it must equal.",
                "additionalProperties": {
                    "type": "object",
                    "properties": {
                        **AGED_BUCKET_AMOUNTS,
                        "total": MONEY,
                        "unappliedCredits": MONEY,
                        "prepayments": MONEY,
                        "net": MONEY,
                        "ledger": MONEY,
                    },
                },
            },
            "inBaseCurrency": {
                "type": "object",
                "description": "All currencies in the base currency: at the documents' own exchange rates, in the "
                "control accounts, and the unrealised currency difference between them.",
                "properties": {"atDocumentRates": MONEY, "ledger": MONEY, "unrealizedCurrencyDifference": MONEY},
            },
            "checks": CHECKS,
            "verified": VERIFIED,
            "note": {"type": "string"},
        },
        required_output=["asOf", "contacts", "totals", "documentsCounted", "checks", "verified"],
        module="aged",
        attribute=f"run_{'receivables' if kind == 'invoice' else 'payables'}",
    )


REPORTS: tuple[ReportSpec, ...] = (
    ReportSpec(
        name="get-trial-balance-tool",
        title="Trial balance",
        description=(
            "Trial balance (råbalance): per account the opening balance, debits, credits and closing balance for a "
            "period, with totals proving debit = credit. Opening: a balance-sheet account's postings before "
            "from_date; an income-statement account's since its fiscal year began. Debit-positive."
        ),
        arguments={
            "from_date": FROM_DATE,
            "to_date": TO_DATE,
            "include_zero": boolean("Also accounts with no balance and no movement (default false)."),
        },
        output={
            "period": PERIOD_SCHEMA,
            "accounts": {"type": "array", "items": TB_ROW},
            "totals": {
                "type": "object",
                "properties": {
                    "opening": SIGNED,
                    "debit": MONEY,
                    "credit": MONEY,
                    "difference": {**SIGNED, "description": "debit - credit: zero when the ledger balances."},
                    "closing": SIGNED,
                },
                "required": ["debit", "credit", "difference"],
            },
            "balanced": {"type": "boolean", "description": "debit = credit, and openings and closings sum to zero."},
            "groups": {
                "type": "array",
                "description": "Subtotals per account group (Billy's groups) of the accounts listed.",
                "items": {
                    "type": "object",
                    "properties": {
                        "groupId": or_null({"type": "string"}),
                        "accountNo": or_null({"type": "integer"}),
                        "name": {"type": "string"},
                        "opening": SIGNED,
                        "debit": MONEY,
                        "credit": MONEY,
                        "closing": SIGNED,
                    },
                },
            },
            "checks": CHECKS,
            "verified": VERIFIED,
            "note": {"type": "string"},
        },
        required_output=["period", "accounts", "totals", "balanced", "postingsCounted", "checks", "verified"],
        module="trial_balance",
    ),
    ReportSpec(
        name="get-account-ledger-tool",
        title="Account ledger (kontokort)",
        description=(
            "Account ledger (kontokort) for a period: opening balance, each posting in date and voucher order with "
            "text, voucher, source document and running balance, then debits, credits and closing balance. For "
            "'what was posted on 5710 in March'. Each page of lines carries the balance before it."
        ),
        arguments={
            "account_no": ACCOUNT_NO,
            "account_id": identifier("The account's Billy id, instead of account_no."),
            "from_date": FROM_DATE,
            "to_date": TO_DATE,
            "page": PAGE,
            "page_size": {
                **PAGE_SIZE,
                "default": 100,
                "description": "Ledger lines per page.",
            },
        },
        output={
            "account": {"type": "object", "properties": ACCOUNT_LINE},
            "period": PERIOD_SCHEMA,
            "opening": SIGNED,
            "debit": MONEY,
            "credit": MONEY,
            "closing": SIGNED,
            "balanceBeforePage": {**SIGNED, "description": "The running balance before this page's first line."},
            "lines": {"type": "array", "items": LEDGER_LINE},
            "paging": {
                "type": "object",
                "properties": {
                    "page": {"type": "integer"},
                    "pageSize": {"type": "integer"},
                    "pageCount": {"type": "integer"},
                    "total": {"type": "integer", "description": "Lines in the period."},
                },
                "required": ["page", "pageSize", "pageCount", "total"],
            },
            "checks": CHECKS,
            "verified": VERIFIED,
            "note": {"type": "string"},
        },
        required_output=[
            "account",
            "period",
            "opening",
            "debit",
            "credit",
            "closing",
            "lines",
            "paging",
            "checks",
            "verified",
        ],
        module="account_ledger",
    ),
    ReportSpec(
        name="get-profit-and-loss-tool",
        title="Profit and loss",
        description=(
            "Profit and loss (resultatopgørelse) for a period: revenue and expenses by group and account, and the "
            "result (profit positive). For profit, revenue, or 'what did we spend on X' (its expense account). "
            "compare adds the previous period or year; breakdown a column per month or quarter."
        ),
        arguments={
            "from_date": FROM_DATE,
            "to_date": TO_DATE,
            "compare": enum(
                ("previous_period", "previous_year"),
                "A comparison column: the equally long period just before, or the previous year (for a whole fiscal "
                "year the previous fiscal year, else the same dates a year earlier).",
            ),
            "breakdown": enum(
                ("month", "quarter"),
                "A column per calendar month, or per fiscal quarter (three months from the fiscal year's start).",
            ),
        },
        output={
            "period": PERIOD_SCHEMA,
            "columns": {
                "type": "array",
                "description": "The period first; then the comparison and breakdown columns, whose keys index `columns` of every line.",
                "items": {
                    "type": "object",
                    "properties": {
                        "key": {"type": "string"},
                        "label": {"type": "string"},
                        "from": {"type": "string"},
                        "to": {"type": "string"},
                    },
                    "required": ["key", "from", "to"],
                },
            },
            "revenue": PL_SECTION,
            "expenses": PL_SECTION,
            "result": {"type": "number", "description": "revenue - expenses: profit positive, loss negative."},
            "resultColumns": PL_AMOUNTS,
            "statutory": {
                "type": "array",
                "description": "The period in the statutory layout (årsregnskabsloven, artsopdelt): each line's effect "
                "on the result (income positive, costs negative), with subtotals Bruttofortjeneste, Resultat af primær "
                "drift, Resultat før skat and Årets resultat.",
                "items": STATUTORY_LINE,
            },
            "checks": CHECKS,
            "verified": VERIFIED,
            "note": {"type": "string"},
        },
        required_output=["period", "columns", "revenue", "expenses", "result", "postingsCounted", "checks", "verified"],
        module="profit_and_loss",
    ),
    ReportSpec(
        name="get-balance-sheet-tool",
        title="Balance sheet",
        description=(
            "Balance sheet (balance) at a date: assets, liabilities and equity by group and account, this fiscal "
            "year's result in equity, and whether assets = liabilities + equity. For bank balances, debts, equity "
            "and solvency."
        ),
        arguments={"as_of": AS_OF},
        output={
            "asOf": {"type": "string", "format": "date"},
            "assets": BS_SECTION,
            "liabilities": BS_SECTION,
            "equity": BS_SECTION,
            "currentYearResult": {**MONEY, "description": "The fiscal year's result to as_of (profit positive)."},
            "liabilitiesAndEquity": MONEY,
            "balanced": {"type": "boolean", "description": "assets = liabilities + equity."},
            "statutory": {
                "type": "object",
                "description": "The balance in the statutory layout (årsregnskabsloven): sections anlaegsaktiver, "
                "omsaetningsaktiver, egenkapital, hensatteForpligtelser, langfristedeGaeldsforpligtelser and "
                "kortfristedeGaeldsforpligtelser, each with its lines; aktiverIAlt = passiverIAlt. A liability with a "
                "debit balance (VAT to be refunded) is under tilgodehavender.",
                "properties": {"aktiverIAlt": MONEY, "passiverIAlt": MONEY},
                "additionalProperties": {
                    "type": "object",
                    "properties": {
                        "label": {"type": "string"},
                        "amount": MONEY,
                        "lines": {"type": "array", "items": STATUTORY_LINE},
                    },
                },
            },
            "checks": CHECKS,
            "verified": VERIFIED,
            "note": {"type": "string"},
        },
        required_output=[
            "asOf",
            "assets",
            "liabilities",
            "equity",
            "currentYearResult",
            "balanced",
            "postingsCounted",
            "checks",
            "verified",
        ],
        module="balance_sheet",
    ),
    ReportSpec(
        name="get-vat-summary-tool",
        title="VAT summary",
        description=(
            "VAT return (momsangivelse) for a period from Billy's VAT setup: output VAT (salgsmoms), input VAT "
            "(købsmoms), VAT on goods and services bought abroad, energy-tax deductions, the amount payable "
            "(afgiftstilsvar), rubrik A/B/C, whole kroner as filed, and Billy's return (deadline, settled, paid, "
            "overdue; a settled one checked against the ledger)."
        ),
        arguments={
            "period": string(
                "A calendar period: 2026-Q1 (quarter), 2026-03 (month), 2026-H1 (half year) or 2026.", maxLength=7
            ),
            "from_date": {
                "type": "string",
                "format": "date",
                "description": "First day (YYYY-MM-DD), with to_date, instead of period.",
            },
            "to_date": {"type": "string", "format": "date", "description": "Last day (YYYY-MM-DD), with from_date."},
        },
        output={
            "period": PERIOD_SCHEMA,
            "outputVat": MONEY,
            "inputVat": MONEY,
            "vatOnGoodsAbroad": MONEY,
            "vatOnServicesAbroad": MONEY,
            "energyTaxDeductions": {
                "type": "object",
                "description": "Each energy-tax deduction (elafgift, ...) from the company's deduction accounts.",
                "additionalProperties": MONEY,
            },
            "payable": {**MONEY, "description": "Afgiftstilsvar: positive = to pay, negative = to be refunded."},
            "position": {"type": "string", "enum": ["payable", "refundable", "zero"]},
            "rubrik": {
                "type": "object",
                "description": "Net amounts of the period's document lines per box, from their tax rates.",
                "properties": dict.fromkeys(VAT_BOXES, MONEY),
            },
            "filed": {
                "type": "object",
                "description": "The return in whole kroner as filed; payable computed from the filed fields.",
                "properties": {
                    "outputVat": KRONER,
                    "inputVat": KRONER,
                    "vatOnGoodsAbroad": KRONER,
                    "vatOnServicesAbroad": KRONER,
                    "energyTaxDeductions": {"type": "object", "additionalProperties": KRONER},
                    "payable": KRONER,
                    "rubrik": {"type": "object", "properties": dict.fromkeys(VAT_BOXES, KRONER)},
                },
            },
            "vatAccounts": {
                "type": "array",
                "description": "Each VAT account: Billy's type, the field it fills and its amount in that field.",
                "items": {
                    "type": "object",
                    "properties": {
                        **ACCOUNT_LINE,
                        "type": or_null({"type": "string"}),
                        "field": or_null({"type": "string"}),
                        "amount": MONEY,
                    },
                },
            },
            "documentsCounted": {"type": "integer", "description": "Approved documents whose lines were read."},
            "settlementPostingsExcluded": {"type": "integer"},
            "salesTaxReturn": VAT_RETURN,
            "settlement": VAT_SETTLEMENT,
            "checks": CHECKS,
            "verified": VERIFIED,
            "note": {"type": "string"},
        },
        required_output=["period", "outputVat", "inputVat", "payable", "postingsCounted", "checks", "verified"],
        module="vat_summary",
    ),
    _aged(
        "invoice",
        "get-aged-receivables-tool",
        "Aged receivables",
        "Aged receivables (debitorer) at a date: open approved invoices (late fees included) per customer in buckets "
        f"{BUCKET_TEXT}, with the invoices in each (number, due date, open), unapplied credit notes, prepayments and "
        "net exposure; totals per currency reconciled to the control accounts. A past as_of counts what was paid or "
        "credited by then. For 'who owes us money' and overdue invoices.",
    ),
    _aged(
        "bill",
        "get-aged-payables-tool",
        "Aged payables",
        f"Aged payables (kreditorer) at a date: open approved bills per supplier in buckets {BUCKET_TEXT}, with the "
        "bills in each (voucher number, due date, open), unapplied credits, prepayments and the net; totals per "
        "currency reconciled to the control accounts. A past as_of counts what was paid by then. For 'which "
        "suppliers have we not paid'.",
    ),
)

TOOLS: tuple[Tool, ...] = tuple(report.tool() for report in REPORTS)
