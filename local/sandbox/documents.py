"""Sales invoices, credit notes, purchase bills, payments, late fees and daybook transactions of the demo company."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .builder import AS_OF, EUR_RATE, FIRST_DAY, SUPPLIERS, Builder, Record, kroner

VAT = 0.25
EUR_LATE_FEE = 1340
"""A reminder fee on a euro invoice, in euro cents (about DKK 100)."""


def currency_of(contact: Record) -> str:
    """Customers abroad are invoiced in euro; everyone else in DKK."""
    return "DKK" if contact["countryId"] == "DK" else "EUR"


def rate_of(currency: str) -> float:
    return EUR_RATE if currency == "EUR" else 1.0


def vat(net_ore: int, rate: float) -> int:
    return round(net_ore * rate)


def _download_url(builder: Builder, kind: str, record_id: str, number: str | None) -> str:
    name = f"{kind}-no-{number}.pdf" if number else f"draft-{kind}.pdf"
    return f"https://api.billysbilling.com/v2/downloads/{kind}s/{record_id}/{builder.org_id}/{builder.new_id()}/{name}"


def build_documents(builder: Builder, customers: list[Record], suppliers: list[Record], products: list[Record]) -> None:
    prices = {
        p["productId"]: p["unitPrice"] for p in builder.company.table("productPrices") if p["currencyId"] == "DKK"
    }
    invoices = _sales(builder, customers, products, prices)
    _credit_notes(builder, invoices)
    _number_and_book_invoices(builder)
    _bills(builder, suppliers)
    _daybooks(builder)


# ---- sales --------------------------------------------------------------------------------------------------
def _sales(builder: Builder, customers: list[Record], products: list[Record], prices: dict[str, float]) -> list[Record]:
    rng = builder.rng
    active_customers = [c for c in customers if not c["isArchived"]] + customers[-1:]
    days = sorted(builder.random_day() for _ in range(290))
    invoices = []
    for index, day in enumerate(days):
        contact = active_customers[index % len(active_customers)] if index % 3 else rng.choice(active_customers)
        recent = (AS_OF - day).days < 25
        state = "draft" if recent and rng.random() < 0.35 else "voided" if rng.random() < 0.05 else "approved"
        terms = 30 if contact["type"] == "company" and index % 4 == 0 else 14
        invoice = _new_invoice(builder, contact, day, state, terms)
        for priority in range(rng.randint(1, 4)):
            product = rng.choice([p for p in products if not p["isArchived"]])
            unit_price = prices[product["id"]]
            quantity = float(rng.randint(1, 8)) if unit_price >= 1000 else float(rng.randint(1, 40))
            if invoice["currencyId"] == "EUR":
                unit_price = round(unit_price / EUR_RATE, 2)
            _add_line(builder, invoice, product, quantity, unit_price, priority)
        invoices.append(invoice)
    return invoices


def _new_invoice(
    builder: Builder, contact: Record, day: dt.date, state: str, terms: int, kind: str = "invoice"
) -> Record:
    invoice_id = builder.new_id()
    return builder.add(
        "invoices",
        {
            "id": invoice_id,
            "organizationId": builder.org_id,
            "type": kind,
            "createdTime": builder.created(day),
            "approvedTime": None,
            "contactId": contact["id"],
            "attContactPersonId": None,
            "entryDate": day.isoformat(),
            "paymentTermsMode": "net",
            "paymentTermsDays": terms,
            "dueDate": (day + dt.timedelta(days=terms)).isoformat(),
            "state": state,
            "sentState": "unsent" if state == "draft" else "sent",
            "externalId": None,
            "quoteId": None,
            "invoiceNo": None,
            "taxMode": "excl",
            "amount": 0.0,
            "tax": 0.0,
            "grossAmount": 0.0,
            "currencyId": currency_of(contact),
            "exchangeRate": rate_of(currency_of(contact)),
            "balance": 0.0,
            "isPaid": False,
            "creditedInvoiceId": None,
            "contactMessage": "Husk at betale til tiden" if builder.rng.random() < 0.3 else None,
            "lineDescription": "",
            "recurringInvoiceId": None,
            "templateId": None,
            "downloadUrl": None,
            "_lines": [],
            "_contact": contact,
            "_lateFees": [],
            "_payments": [],
            "_credits": [],
        },
    )


def _add_line(
    builder: Builder, invoice: Record, product: Record, quantity: float, unit_price: float, priority: int
) -> Record:
    contact = invoice["_contact"]
    domestic = contact["countryId"] == "DK"
    net = round(quantity * unit_price * 100)
    tax = vat(net, VAT) if domestic else 0
    rate = builder.tax_rates["2014_sales" if domestic else "eu_services_sale"]
    line = builder.add(
        "invoiceLines",
        {
            "id": builder.new_id(),
            "invoiceId": invoice["id"],
            "productId": product["id"],
            "description": product["name"],
            "quantity": quantity,
            "unitPrice": unit_price,
            "unit": "pieces",
            "amount": kroner(net),
            "tax": kroner(tax),
            "taxRateId": rate["id"],
            "discountText": "",
            "discountMode": None,
            "discountValue": None,
            "priority": priority,
        },
    )
    invoice["_lines"].append((line, net, tax))
    invoice["amount"] = kroner(sum(n for _, n, _ in invoice["_lines"]))
    invoice["tax"] = kroner(sum(t for _, _, t in invoice["_lines"]))
    invoice["grossAmount"] = kroner(sum(n + t for _, n, t in invoice["_lines"]))
    invoice["lineDescription"] = ", ".join(line["description"] for line, _, _ in invoice["_lines"])[:255]
    return line


def _credit_notes(builder: Builder, invoices: list[Record]) -> None:
    rng = builder.rng
    candidates = [i for i in invoices if i["state"] == "approved" and i["entryDate"] < "2026-09-01"]
    for invoice in rng.sample(candidates, 10):
        day = dt.date.fromisoformat(invoice["entryDate"]) + dt.timedelta(days=rng.randint(2, 20))
        note = _new_invoice(builder, invoice["_contact"], day, "approved", 0, kind="creditNote")
        note["creditedInvoiceId"] = invoice["id"]
        note["dueDate"] = day.isoformat()
        source, _, _ = invoice["_lines"][0]
        product = next(p for p in builder.company.table("products") if p["id"] == source["productId"])
        _add_line(builder, note, product, max(1.0, source["quantity"] // 2), source["unitPrice"], 0)
        invoice["_credits"].append(note)
    if builder.billy_habits:
        # A customer who had already paid gets a credit note tied to no invoice (billy.dk support on credit notes);
        # it waits, unapplied, for the customer's next invoice.
        paid = next(i for i in candidates if i["_contact"]["countryId"] == "DK")
        note = _new_invoice(builder, paid["_contact"], dt.date(2026, 9, 10), "approved", 0, kind="creditNote")
        note["dueDate"] = "2026-09-10"
        note["_unapplied"] = True
        source, _, _ = paid["_lines"][0]
        product = next(p for p in builder.company.table("products") if p["id"] == source["productId"])
        _add_line(builder, note, product, 2.0, source["unitPrice"], 0)


def _ore(value: float) -> int:
    return round(value * 100)


def _number_and_book_invoices(builder: Builder) -> None:
    """Assign invoice numbers in date order, then book approvals, credit notes, payments and late fees."""
    rng = builder.rng
    invoices = sorted(builder.company.table("invoices"), key=lambda i: (i["entryDate"], i["createdTime"]))
    number = 0
    for invoice in invoices:
        if invoice["state"] == "draft":
            invoice["downloadUrl"] = _download_url(builder, "invoice", invoice["id"], None)
            continue
        number += 1
        invoice["invoiceNo"] = str(number)
        invoice["approvedTime"] = invoice["createdTime"]
        invoice["downloadUrl"] = _download_url(builder, "invoice", invoice["id"], invoice["invoiceNo"])
    builder.company.organization["nextInvoiceNo"] = number + 1
    for invoice in invoices:
        if invoice["state"] == "draft":
            invoice["balance"] = invoice["grossAmount"]
            continue
        day = dt.date.fromisoformat(invoice["entryDate"])
        contact = invoice["_contact"]
        # Real Billy companies keep EU sales on 1110 and let the line's EU tax rate fill rubrik B (billy_habits).
        revenue = 1110 if contact["countryId"] == "DK" or builder.billy_habits else 1150
        net, tax = _ore(invoice["amount"]), _ore(invoice["tax"])
        label = ("Kreditnota " if invoice["type"] == "creditNote" else "Faktura ") + str(invoice["invoiceNo"])
        text = f"{label} – {contact['name']}"
        voided = invoice["state"] == "voided"
        if invoice["type"] == "creditNote":
            legs = [(revenue, "debit", net, text), (7250, "debit", tax, text), (5810, "credit", net + tax, text)]
        else:
            legs = [(5810, "debit", net + tax, text), (revenue, "credit", net, text), (7250, "credit", tax, text)]
        currency = invoice["currencyId"]
        rate = rate_of(currency)
        builder.transaction(day, f"invoice:{invoice['id']}", label, legs, voided, currency, rate)
        if voided:
            invoice["dueDate"] = None
            invoice["balance"] = invoice["grossAmount"]
            continue
        if invoice["type"] == "creditNote":
            unapplied = bool(invoice.get("_unapplied"))
            invoice["balance"] = invoice["grossAmount"] if unapplied else 0.0
            invoice["isPaid"] = not unapplied
            continue
        balance = net + tax
        for note in invoice["_credits"]:
            credit = _ore(note["grossAmount"])
            balance -= credit
            _modifier(builder, f"invoice:{note['id']}", f"invoice:{invoice['id']}", credit, note["entryDate"])
        due = dt.date.fromisoformat(invoice["dueDate"])
        age = (AS_OF - due).days
        roll = rng.random()
        if age > 45:
            outcome = "paid" if roll < 0.82 else "partly" if roll < 0.9 else "unpaid"
        elif age > 0:
            outcome = "paid" if roll < 0.55 else "partly" if roll < 0.65 else "unpaid"
        else:
            outcome = "paid" if roll < 0.3 else "unpaid"
        if outcome != "unpaid" and balance > 0:
            paid = balance if outcome == "paid" else round(balance * rng.choice([0.25, 0.5, 0.6]))
            latest = min(AS_OF, due + dt.timedelta(days=20))
            pay_day = min(day + dt.timedelta(days=rng.randint(3, max(4, (latest - day).days))), AS_OF)
            payment(builder, invoice, contact, pay_day, paid, debit=5710, credit=5810, side="debit")
            balance -= paid
        if balance > 0 and age > 30:
            fee_ore = EUR_LATE_FEE if currency == "EUR" else 10000
            for reminder in range(1 if age < 75 else 2):
                fee_day = due + dt.timedelta(days=14 * (reminder + 1))
                fee = builder.add(
                    "invoiceLateFees",
                    {
                        "id": builder.new_id(),
                        "invoiceId": invoice["id"],
                        "createdTime": builder.created(fee_day),
                        "entryDate": fee_day.isoformat(),
                        "flatFee": kroner(fee_ore),
                        "percentageFee": 0.0,
                        "amount": kroner(fee_ore),
                        "isVoided": False,
                    },
                )
                invoice["_lateFees"].append(fee)
                text = f"Rykkergebyr faktura {invoice['invoiceNo']}"
                builder.transaction(
                    fee_day,
                    f"invoiceLateFee:{fee['id']}",
                    text,
                    [(5810, "debit", fee_ore, text), (2220, "credit", fee_ore, text)],
                    False,
                    currency,
                    rate,
                )
                balance += fee_ore
        invoice["balance"] = kroner(balance)
        invoice["isPaid"] = balance == 0


def _modifier(builder: Builder, modifier: str, subject: str, ore: int, day: str) -> None:
    builder.add(
        "balanceModifiers",
        {
            "id": builder.new_id(),
            "organizationId": builder.org_id,
            "modifierReference": modifier,
            "subjectReference": subject,
            "amount": kroner(ore),
            "entryDate": day,
            "realizedCurrencyDifference": 0.0,
            "isVoided": False,
        },
    )


def payment(
    builder: Builder, document: Record, contact: Record, day: dt.date, ore: int, debit: int, credit: int, side: str
) -> None:
    """A bank payment of `ore` in the document's currency; the bank leg is in DKK at the document's rate."""
    kind = "invoice" if "invoiceNo" in document else "bill"
    currency = document["currencyId"]
    rate = rate_of(currency)
    cash = round(ore * rate)
    payment = builder.add(
        "bankPayments",
        {
            "id": builder.new_id(),
            "organizationId": builder.org_id,
            "contactId": contact["id"],
            "createdTime": builder.created(day),
            "entryDate": day.isoformat(),
            "cashAmount": kroner(cash),
            "cashSide": side,
            "cashAccountId": builder.accounts[5710]["id"],
            "cashExchangeRate": rate,
            "subjectCurrencyId": currency,
            "feeAmount": None,
            "feeAccountId": None,
            "isVoided": False,
        },
    )
    _modifier(builder, f"bankPayment:{payment['id']}", f"{kind}:{document['id']}", ore, day.isoformat())
    number = document.get("invoiceNo") or document.get("voucherNo")
    text = f"Betaling {'faktura' if kind == 'invoice' else 'regning'} {number} – {contact['name']}"
    legs = [
        (debit, "debit", cash if debit == 5710 else ore, text),
        (credit, "credit", cash if credit == 5710 else ore, text),
    ]
    builder.transaction(day, f"bankPayment:{payment['id']}", text, legs, False, currency, rate)


# ---- purchases ----------------------------------------------------------------------------------------------
def _bills(builder: Builder, suppliers: list[Record]) -> None:
    rng = builder.rng
    expense_of = dict(SUPPLIERS)
    days = sorted(builder.random_day() for _ in range(124))
    voucher = 0
    for index, day in enumerate(days):
        supplier = suppliers[index % len(suppliers)] if index % 4 else rng.choice(suppliers)
        recent = (AS_OF - day).days < 20
        state = "draft" if recent and rng.random() < 0.4 else "voided" if rng.random() < 0.04 else "approved"
        domestic = supplier["countryId"] == "DK"
        currency = "EUR" if supplier["countryId"] == "DE" else "DKK"
        fx = rate_of(currency)
        account_no = expense_of[supplier["name"]]
        bill_id = builder.new_id()
        lines = []
        for priority in range(rng.randint(1, 2)):
            net = rng.randint(150, 12000) * 100 + rng.choice([0, 50, 95])
            tax = vat(net, VAT) if domestic else 0
            rate = builder.tax_rates["2014_purchases" if domestic else "eu_services_purchase"]
            description = f"{supplier['name'].split()[0]} {['abonnement', 'forbrug', 'ydelse', 'levering'][priority % 4]} {day:%m/%Y}"
            lines.append(
                builder.add(
                    "billLines",
                    {
                        "id": builder.new_id(),
                        "billId": bill_id,
                        "accountId": builder.accounts[account_no]["id"],
                        "taxRateId": rate["id"],
                        "description": description,
                        "amount": kroner(net),
                        "tax": kroner(tax),
                        "priority": priority,
                    },
                )
            )
        net = sum(_ore(line["amount"]) for line in lines)
        tax = sum(_ore(line["tax"]) for line in lines)
        if state != "draft":
            voucher += 1
        due = day + dt.timedelta(days=rng.choice([8, 14, 30]))
        bill = add_bill(
            builder,
            bill_id,
            supplier,
            day,
            due,
            state,
            suppliers_no=f"{rng.randint(100000, 999999)}",
            voucher=None if state == "draft" else str(voucher),
            net=net,
            tax=tax,
            currency=currency,
            description=", ".join(line["description"] for line in lines),
        )
        if state == "draft":
            continue
        label = f"Regning {bill['voucherNo']}"
        text = f"{label} – {supplier['name']}"
        legs = [(account_no, "debit", net, text), (7220, "debit", tax, text), (7320, "credit", net + tax, text)]
        if not domestic:
            reverse = vat(round(net * fx), VAT)
            legs += [
                (7220, "debit", reverse, text + " (omvendt betalingspligt)"),
                (7240, "credit", reverse, text + " (omvendt betalingspligt)"),
            ]
        builder.transaction(day, f"bill:{bill_id}", label, legs, state == "voided", currency, fx)
        if state == "voided":
            continue
        age = (AS_OF - due).days
        if (age > 10 and rng.random() < 0.92) or (age <= 10 and rng.random() < 0.4):
            pay_day = min(due - dt.timedelta(days=rng.randint(0, 5)), AS_OF)
            pay_day = max(pay_day, day)
            payment(builder, bill, supplier, pay_day, net + tax, debit=7320, credit=5710, side="credit")
            bill["balance"] = 0.0
            bill["isPaid"] = True
            bill["paymentAccountId"] = builder.accounts[5710]["id"]
            bill["paymentDate"] = pay_day.isoformat()


def add_bill(
    builder: Builder,
    bill_id: str,
    supplier: Record,
    day: dt.date,
    due: dt.date,
    state: str,
    *,
    suppliers_no: str,
    voucher: str | None,
    net: int,
    tax: int,
    currency: str,
    description: str,
) -> Record:
    """A bill record as Billy serves it (amounts in øre of `currency`), unpaid until a payment is booked."""
    return builder.add(
        "bills",
        {
            "id": bill_id,
            "organizationId": builder.org_id,
            "type": "bill",
            "createdTime": builder.created(day),
            "approvedTime": None if state == "draft" else builder.created(day),
            "contactId": supplier["id"],
            "contactName": supplier["name"],
            "entryDate": day.isoformat(),
            "paymentAccountId": None,
            "paymentDate": None,
            "dueDate": due.isoformat(),
            "isBare": False,
            "state": state,
            "suppliersInvoiceNo": suppliers_no,
            "taxMode": "excl",
            "voucherNo": voucher,
            "amount": kroner(net),
            "tax": kroner(tax),
            "grossAmount": kroner(net + tax),
            "currencyId": currency,
            "exchangeRate": rate_of(currency),
            "balance": kroner(net + tax),
            "isPaid": False,
            "lineDescription": description,
            "creditedBillId": None,
            "source": "manual",
            "subject": None,
        },
    )


# ---- daybooks -----------------------------------------------------------------------------------------------
def _daybooks(builder: Builder) -> None:
    rng = builder.rng
    bank = builder.accounts[5710]["id"]
    kasse = builder.add(
        "daybooks",
        {
            "id": builder.new_id(),
            "organizationId": builder.org_id,
            "isTransactionSummaryEnabled": True,
            "name": "Kassekladde",
            "defaultContraAccountId": bank,
        },
    )
    loen = builder.add(
        "daybooks",
        {
            "id": builder.new_id(),
            "organizationId": builder.org_id,
            "isTransactionSummaryEnabled": False,
            "name": "Lønkladde",
            "defaultContraAccountId": bank,
        },
    )
    entries: list[tuple[Record, dt.date, str, list[tuple[int, int, int, str]]]] = [
        (
            kasse,
            FIRST_DAY,
            "Åbningsbalance",
            [(5710, 7140, 4000000, "Indskudt kapital"), (5710, 7120, 21000000, "Overført resultat primo")],
        ),
    ]
    month = dt.date(2025, 1, 1)
    while month <= AS_OF:
        pay_day = month.replace(day=28)
        if pay_day <= AS_OF:
            salary = rng.randint(3800000, 4400000)
            entries.append(
                (
                    loen,
                    pay_day,
                    f"Løn {month:%m/%Y}",
                    [(1410, 5710, salary, "Løn, udbetalt"), (1420, 5710, 28420, "ATP-bidrag")],
                )
            )
        fee_day = month.replace(day=3)
        entries.append(
            (
                kasse,
                fee_day,
                f"Bankgebyrer {month:%m/%Y}",
                [(2320, 5710, rng.randint(4000, 12500), "Gebyr Danske Bank")],
            )
        )
        if month.month % 3 == 0:
            entries.append(
                (
                    kasse,
                    month.replace(day=15),
                    f"Indskud fra ejer {month:%m/%Y}",
                    [(5710, 7130, rng.randint(1, 5) * 1000000, "Mellemregning")],
                )
            )
        month = (month.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    for index, (daybook, day, description, lines) in enumerate(sorted(entries, key=lambda e: e[1])):
        recent = (AS_OF - day).days < 30
        state = "draft" if recent and index % 2 == 0 else "voided" if index in (9, 31) else "approved"
        record = builder.add(
            "daybookTransactions",
            {
                "id": builder.new_id(),
                "organizationId": builder.org_id,
                "daybookId": daybook["id"],
                "createdTime": builder.created(day),
                "entryDate": day.isoformat(),
                "voucherNo": f"K{index + 1:04d}",
                "description": description,
                "extendedDescription": None,
                "apiType": None,
                "state": state,
                "priority": index,
            },
        )
        legs: list[tuple[int, str, int, str]] = []
        for priority, (account_no, contra_no, ore, text) in enumerate(lines):
            builder.add(
                "daybookTransactionLines",
                {
                    "id": builder.new_id(),
                    "daybookTransactionId": record["id"],
                    "text": text,
                    "accountId": builder.accounts[account_no]["id"],
                    "taxRateId": None,
                    "contraAccountId": builder.accounts[contra_no]["id"],
                    "amount": kroner(ore),
                    "side": "debit",
                    "currencyId": "DKK",
                    "priority": priority,
                },
            )
            legs += [(account_no, "debit", ore, text), (contra_no, "credit", ore, text)]
        if state != "draft":
            builder.transaction(day, f"daybookTransaction:{record['id']}", description, legs, state == "voided")


def strip_private(records: list[Record]) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if not k.startswith("_")} for r in records]
