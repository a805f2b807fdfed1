"""What the reports need beyond everyday documents: EU goods purchases (rubrik A), a webshop's daily sales (so
the current fiscal year holds over 10,000 postings), quarterly VAT returns with their settlements and payments,
and the year-end transfer that closes fiscal year 2025.

Runs after the documents with a random generator of its own, so the earlier data stay as they were.
"""

from __future__ import annotations

import datetime as dt
import random

from .builder import AS_OF, EUR_RATE, Builder, Record, kroner
from .documents import VAT, add_bill, payment, vat
from .vat_setup import ENERGY_ACCOUNT, vat_account_numbers

CLOSED_YEAR = 2025
INCOME_NATURES = ("revenue", "expense")


def build_reporting_data(builder: Builder, webshop_orders: int) -> None:
    rng, builder.rng = builder.rng, random.Random(f"reporting:{builder.org_id}")
    try:
        _eu_goods_bills(builder)
        _webshop(builder, webshop_orders)
        if builder.billy_habits:
            _energy_tax_deductions(builder)
        _vat_returns(builder)
        if builder.billy_habits:
            _late_bill(builder)  # and no year-end entry: Billy closes a fiscal year by itself
            _prepayment(builder)
        else:
            _close_year(builder, CLOSED_YEAR)
    finally:
        builder.rng = rng


def _eu_goods_bills(builder: Builder) -> None:
    """Paper bought from a German supplier in euro: reverse-charge VAT on 7230, the base on 1220 (rubrik A goods)."""
    supplier = builder.contact("Papier Union GmbH", "company", customer=False, supplier=True, country="DE")
    voucher = max(int(b["voucherNo"]) for b in builder.company.table("bills") if b["voucherNo"])
    for month in range(1, 23, 3):
        day = dt.date(2025, 1, 10) + dt.timedelta(days=30 * month)
        if day > AS_OF:
            break
        voucher += 1
        net = builder.rng.randint(800, 4000) * 100
        bill_id = builder.new_id()
        builder.add(
            "billLines",
            {
                "id": builder.new_id(),
                "billId": bill_id,
                "accountId": builder.accounts[1220]["id"],
                "taxRateId": builder.tax_rates["eu_goods_purchase"]["id"],
                "description": f"Papir og emballage {day:%m/%Y}",
                "amount": kroner(net),
                "tax": 0.0,
                "priority": 0,
            },
        )
        due = day + dt.timedelta(days=30)
        bill = add_bill(
            builder,
            bill_id,
            supplier,
            day,
            due,
            "approved",
            suppliers_no=f"PU-{day:%Y%m}",
            voucher=str(voucher),
            net=net,
            tax=0,
            currency="EUR",
            description=f"Papir og emballage {day:%m/%Y}",
        )
        text = f"Regning {voucher} – {supplier['name']}"
        reverse = vat(round(net * EUR_RATE), VAT)
        legs = [
            (1220, "debit", net, text),
            (7320, "credit", net, text),
            (7220, "debit", reverse, text + " (omvendt betalingspligt)"),
            (7230, "credit", reverse, text + " (omvendt betalingspligt)"),
        ]
        builder.transaction(day, f"bill:{bill_id}", f"Regning {voucher}", legs, False, "EUR", EUR_RATE)
        if due + dt.timedelta(days=3) <= AS_OF:
            pay_day = due + dt.timedelta(days=3)
            payment(builder, bill, supplier, pay_day, net, debit=7320, credit=5710, side="credit")
            bill.update(
                balance=0.0, isPaid=True, paymentAccountId=builder.accounts[5710]["id"], paymentDate=pay_day.isoformat()
            )


def _webshop(builder: Builder, orders: int) -> None:
    """`orders` webshop sales spread over 2026 up to AS_OF, each a daybook transaction: bank / revenue / VAT."""
    webshop = builder.add(
        "daybooks",
        {
            "id": builder.new_id(),
            "organizationId": builder.org_id,
            "isTransactionSummaryEnabled": True,
            "name": "Webshop",
            "defaultContraAccountId": builder.accounts[5710]["id"],
        },
    )
    first = dt.date(2026, 1, 1)
    days = (AS_OF - first).days + 1
    sales_rate = builder.tax_rates["2014_sales"]["id"]
    for number in range(orders):
        day = first + dt.timedelta(days=number * days // max(orders, 1))
        net = builder.rng.randint(99, 2499) * 100
        tax = vat(net, VAT)
        record = builder.add(
            "daybookTransactions",
            {
                "id": builder.new_id(),
                "organizationId": builder.org_id,
                "daybookId": webshop["id"],
                "createdTime": builder.created(day),
                "entryDate": day.isoformat(),
                "voucherNo": f"W{number + 1:05d}",
                "description": f"Webshopordre {10001 + number}",
                "extendedDescription": None,
                "apiType": "webshop",
                "state": "approved",
                "priority": number,
            },
        )
        builder.add(
            "daybookTransactionLines",
            {
                "id": builder.new_id(),
                "daybookTransactionId": record["id"],
                "text": f"Webshopordre {10001 + number}",
                "accountId": builder.accounts[1110]["id"],
                "taxRateId": sales_rate,
                "contraAccountId": builder.accounts[5710]["id"],
                "amount": kroner(net + tax),
                "side": "credit",
                "currencyId": "DKK",
                "priority": 0,
            },
        )
        text = f"Webshopordre {10001 + number}"
        legs = [(5710, "debit", net + tax, text), (1110, "credit", net, text), (7250, "credit", tax, text)]
        builder.transaction(day, f"daybookTransaction:{record['id']}", text, legs, False)


def _quarters() -> list[tuple[int, int, dt.date, dt.date, dt.date]]:
    """(year, quarter, start, end, deadline) of every quarter that ended before AS_OF (deadline: the 1st of the
    third month after the quarter, as Skattestyrelsen sets it for quarterly VAT)."""
    out = []
    for year in (2025, 2026):
        for quarter in range(1, 5):
            start = dt.date(year, 3 * quarter - 2, 1)
            end = (dt.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1)) - dt.timedelta(days=1)
            deadline_month = 3 * quarter + 3
            deadline = dt.date(year + (deadline_month > 12), (deadline_month - 1) % 12 + 1, 1)
            if end < AS_OF:
                out.append((year, quarter, start, end, deadline))
    return out


def _vat_returns(builder: Builder) -> None:
    """A sales-tax return per ended quarter. Returns whose deadline has passed are settled (their VAT balances
    moved to 7210 Afregnet moms on the quarter's last day) and paid from the bank on the deadline."""
    vat_numbers = vat_account_numbers(builder)
    account_kind = {builder.accounts[number]["id"]: number for number in vat_numbers}
    postings = builder.company.table("postings")
    for year, quarter, start, end, deadline in _quarters():
        low, high = start.isoformat(), end.isoformat()
        period_postings = [
            p
            for p in postings
            if low <= p["entryDate"] <= high and not p["isVoided"] and p["accountId"] in account_kind
        ]
        settled = deadline <= AS_OF
        record = builder.add(
            "salesTaxReturns",
            {
                "id": builder.new_id(),
                "organizationId": builder.org_id,
                "periodType": "quarter",
                "period": f"quarter:{year}-{quarter}",
                "periodText": f"{quarter}. kvartal {year}",
                "correctionNo": 0,
                "startDate": low,
                "endDate": high,
                "reportDeadline": deadline.isoformat(),
                "isSettled": settled,
                "isPaid": settled,
            },
        )
        if not settled:
            continue
        balances = dict.fromkeys(vat_numbers, 0)
        number_of = account_kind
        for posting in period_postings:
            ore = round(posting["amount"] * 100)
            balances[number_of[posting["accountId"]]] += ore if posting["side"] == "debit" else -ore
            posting["salesTaxReturnId"] = record["id"]
        text = f"Momsafregning {quarter}. kvartal {year}"
        legs = []
        for number, balance in balances.items():
            if balance:
                legs.append((number, "credit" if balance > 0 else "debit", abs(balance), text))
        payable = -sum(balances.values())
        legs.append((7210, "credit" if payable > 0 else "debit", abs(payable), text))
        settlement = builder.transaction(end, f"salesTaxReturn:{record['id']}", text, legs, False)
        for posting in postings[-len(legs) :]:
            if posting["transactionId"] == settlement["id"]:
                posting["salesTaxReturnId"] = record["id"]
        pay_text = f"Betaling af moms {quarter}. kvartal {year}"
        builder.transaction(
            deadline,
            f"salesTaxPayment:{record['id']}",
            pay_text,
            [
                (7210, "debit" if payable > 0 else "credit", abs(payable), pay_text),
                (5710, "credit" if payable > 0 else "debit", abs(payable), pay_text),
            ],
            False,
        )


def _energy_tax_deductions(builder: Builder) -> None:
    """Elafgift deducted each quarter as Billy's support describes it: a daybook entry debiting the company's own
    deduction account (a VAT account of type deduction) and crediting the electricity expense (1530)."""
    number = ENERGY_ACCOUNT[0]
    kladde = next(d for d in builder.company.table("daybooks") if d["name"] == "Kassekladde")
    for year, quarter, _start, end, _deadline in _quarters():
        day = end - dt.timedelta(days=3)
        amount = builder.rng.randint(200, 900) * 100 + builder.rng.choice([0, 25, 50])
        text = f"Elafgift {quarter}. kvartal {year}"
        _journal_entry(
            builder,
            kladde,
            day,
            f"E{year}{quarter}",
            text,
            "Fradrag for elafgift på elregningerne i kvartalet",
            number,
            1530,
            amount,
        )


LATE_BILL_DAY = dt.date(2026, 2, 16)
"""A supplier's bill dated in the first quarter of 2026, booked after that quarter's VAT was settled."""


def _late_bill(builder: Builder) -> None:
    """A domestic bill dated in a settled quarter, booked after the settlement: its VAT is in the ledger's figure for
    the quarter but not in what was settled (and carries no salesTaxReturnId)."""
    supplier = next(c for c in builder.company.table("contacts") if c["isSupplier"] and c["countryId"] == "DK")
    voucher = max(int(b["voucherNo"]) for b in builder.company.table("bills") if b["voucherNo"]) + 1
    net, bill_id = 4180_00, builder.new_id()
    tax = vat(net, VAT)
    text = f"Regning {voucher} – {supplier['name']}"
    builder.add(
        "billLines",
        {
            "id": builder.new_id(),
            "billId": bill_id,
            "accountId": builder.accounts[1810]["id"],
            "taxRateId": builder.tax_rates["2014_purchases"]["id"],
            "description": "Kontorartikler, faktura modtaget for sent",
            "amount": kroner(net),
            "tax": kroner(tax),
            "priority": 0,
        },
    )
    add_bill(
        builder,
        bill_id,
        supplier,
        LATE_BILL_DAY,
        LATE_BILL_DAY + dt.timedelta(days=30),
        "approved",
        suppliers_no="SENT-2026-02",
        voucher=str(voucher),
        net=net,
        tax=tax,
        currency="DKK",
        description="Kontorartikler, faktura modtaget for sent",
    )
    legs = [(1810, "debit", net, text), (7220, "debit", tax, text), (7320, "credit", net + tax, text)]
    builder.transaction(LATE_BILL_DAY, f"bill:{bill_id}", f"Regning {voucher}", legs, False)


PREPAYMENT_DAY = dt.date(2026, 10, 5)
PREPAYMENT = 15_000_00


def _prepayment(builder: Builder) -> None:
    """A customer pays on account before any invoice (Billy: Kontakter → Mere → Indbetaling): the bank against 7310
    Skyldnere til kunder, and the amount on the customer's contact balance."""
    customer = next(c for c in builder.company.table("contacts") if c["isCustomer"] and c["countryId"] == "DK")
    text = f"Indbetaling a conto – {customer['name']}"
    record = builder.add(
        "bankPayments",
        {
            "id": builder.new_id(),
            "organizationId": builder.org_id,
            "contactId": customer["id"],
            "createdTime": builder.created(PREPAYMENT_DAY),
            "entryDate": PREPAYMENT_DAY.isoformat(),
            "cashAmount": kroner(PREPAYMENT),
            "cashSide": "debit",
            "cashAccountId": builder.accounts[5710]["id"],
            "cashExchangeRate": 1.0,
            "subjectCurrencyId": "DKK",
            "feeAmount": None,
            "feeAccountId": None,
            "isVoided": False,
        },
    )
    originator = f"bankPayment:{record['id']}"
    builder.transaction(
        PREPAYMENT_DAY, originator, text, [(5710, "debit", PREPAYMENT, text), (7310, "credit", PREPAYMENT, text)], False
    )
    builder.add(
        "contactBalancePostings",
        {
            "id": builder.new_id(),
            "organizationId": builder.org_id,
            "contactId": customer["id"],
            "originatorReference": originator,
            "createdTime": builder.created(PREPAYMENT_DAY),
            "entryDate": PREPAYMENT_DAY.isoformat(),
            "amount": kroner(PREPAYMENT),
            "side": "credit",
            "currencyId": "DKK",
            "isVoided": False,
        },
    )


def _close_year(builder: Builder, year: int) -> None:
    """Transfer the year's result from 7110 Dette års resultat to 7120 Overført resultat on the year's last day,
    as the bookkeeper posts Billy's year-end entries (efterposteringer) through the daybook."""
    income = {a["id"] for a in builder.company.table("accounts") if a["natureId"] in INCOME_NATURES}
    low, high = f"{year}-01-01", f"{year}-12-31"
    debit_positive = 0
    for posting in builder.company.table("postings"):
        if posting["accountId"] in income and low <= posting["entryDate"] <= high and not posting["isVoided"]:
            ore = round((posting["baseAmount"] if "baseAmount" in posting else posting["amount"]) * 100)
            debit_positive += ore if posting["side"] == "debit" else -ore
    result = -debit_positive
    day = dt.date(year, 12, 31)
    kladde = next(d for d in builder.company.table("daybooks") if d["name"] == "Kassekladde")
    text = f"Overførsel af årets resultat {year}"
    debit, credit = (7110, 7120) if result >= 0 else (7120, 7110)
    _journal_entry(builder, kladde, day, f"A{year}", text, "Årsafslutning: efterpostering", debit, credit, abs(result))


def _journal_entry(
    builder: Builder,
    daybook: Record,
    day: dt.date,
    voucher: str,
    text: str,
    extended: str,
    debit: int,
    credit: int,
    ore: int,
) -> None:
    """A one-line daybook transaction (debit `debit`, contra account `credit`) and the transaction that books it."""
    record = builder.add(
        "daybookTransactions",
        {
            "id": builder.new_id(),
            "organizationId": builder.org_id,
            "daybookId": daybook["id"],
            "createdTime": builder.created(day),
            "entryDate": day.isoformat(),
            "voucherNo": voucher,
            "description": text,
            "extendedDescription": extended,
            "apiType": None,
            "state": "approved",
            "priority": 0,
        },
    )
    builder.add(
        "daybookTransactionLines",
        {
            "id": builder.new_id(),
            "daybookTransactionId": record["id"],
            "text": text,
            "accountId": builder.accounts[debit]["id"],
            "taxRateId": None,
            "contraAccountId": builder.accounts[credit]["id"],
            "amount": kroner(ore),
            "side": "debit",
            "currencyId": "DKK",
            "priority": 0,
        },
    )
    builder.transaction(
        day,
        f"daybookTransaction:{record['id']}",
        text,
        [(debit, "debit", ore, text), (credit, "credit", ore, text)],
        False,
    )
