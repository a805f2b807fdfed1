"""The demo company's builder: its constants, master data (organization, chart, contacts, products) and the
numbering and ledger helpers that documents and reporting data are booked with.

Money is computed in øre (integers) and stored as kroner floats with two decimals, as Billy sends it.
Ledger: every approved document has a balanced transaction (invoice: debit 5810 gross / credit revenue net /
credit 7250 VAT; bill: debit expense net / debit 7220 VAT / credit 7320 gross; payments through 5710);
voided documents keep their transaction with every posting marked `isVoided`.
"""

from __future__ import annotations

import base64
import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from .chart import ACCOUNTS, GROUPS, group_of

Record = dict[str, Any]

AS_OF = dt.date(2026, 11, 20)
"""The last day the demo company has bookkeeping for (the data never depends on the real clock)."""
FIRST_DAY = dt.date(2025, 1, 1)
EUR_RATE = 7.46
"""DKK per EUR for the demo company's euro documents (a fixed rate, so no currency differences arise)."""
BASE_ONLY = frozenset({5710, 5720, 7210, 7220, 7230, 7240, 7250})
"""Accounts that are kept in DKK: bank, cash and VAT (reverse-charge VAT is computed on the DKK value)."""

FIRST_NAMES = [
    "Søren",
    "Mette",
    "Jørgen",
    "Åse",
    "Bjørn",
    "Kirsten",
    "Ægidius",
    "Signe",
    "Mads",
    "Lærke",
    "Frederik",
    "Ida",
    "Rasmus",
    "Maja",
    "Anders",
    "Sofie",
    "Niels",
    "Karen",
    "Jens",
    "Birgitte",
]
LAST_NAMES = [
    "Jørgensen",
    "Ærøboe",
    "Møller",
    "Sørensen",
    "Læsøe",
    "Nørgaard",
    "Hansen",
    "Østergaard",
    "Pedersen",
    "Kjær",
    "Bøgh",
    "Nielsen",
    "Dræby",
    "Skovgård",
    "Aagaard",
    "Løkke",
]
COMPANY_WORDS = [
    "Fjord",
    "Bølge",
    "Skærgård",
    "Kløver",
    "Høj",
    "Ørne",
    "Strand",
    "Lyng",
    "Ålholm",
    "Birk",
    "Sønder",
    "Nørre",
    "Vester",
    "Øster",
    "Havn",
    "Mølle",
    "Ege",
    "Lærke",
    "Rønne",
    "Skov",
]
COMPANY_KINDS = [
    "Tømrer",
    "Bageri",
    "Rådgivning",
    "Arkitekter",
    "Tandklinik",
    "VVS",
    "Reklamebureau",
    "Cykler",
    "Blomster",
    "El-service",
    "Revision",
    "Café",
    "Bogtrykkeri",
    "Maskinfabrik",
    "Køkkener",
]
LEGAL_FORMS = ["ApS", "A/S", "I/S", "ApS", "ApS"]
CITIES = [
    ("1171", "København K"),
    ("2100", "København Ø"),
    ("8000", "Aarhus C"),
    ("5000", "Odense C"),
    ("9000", "Aalborg"),
    ("6700", "Esbjerg"),
    ("4000", "Roskilde"),
    ("7100", "Vejle"),
    ("3000", "Helsingør"),
    ("2800", "Kongens Lyngby"),
    ("8600", "Silkeborg"),
    ("4700", "Næstved"),
]
STREETS = [
    "Nørregade",
    "Østerbrogade",
    "Vesterbrogade",
    "Søndergade",
    "Åboulevarden",
    "Fiolstræde",
    "Bredgade",
    "Kløvervej",
    "Møllevej",
    "Højskolevej",
    "Strandvejen",
    "Ærøgade",
]
SUPPLIERS = [
    ("TDC Erhverv A/S", 1830),
    ("Ørsted Salg & Service A/S", 1530),
    ("Staples Danmark A/S", 1810),
    ("DSB", 1620),
    ("Google Ireland Ltd", 1230),
    ("Ejendomsselskabet Nørrebro ApS", 1510),
    ("Circle K Danmark A/S", 1710),
    ("Dansk Revision Søborg", 1860),
    ("Codan Forsikring", 1870),
    ("Elgiganten Business", 1840),
    ("One.com Group AB", 1230),
    ("Rengøringshjælpen Ø ApS", 1540),
    ("Restaurant Kødbyens Fiskebar", 1660),
    ("Printtryk Århus ApS", 1630),
    ("Bogø Kontormøbler", 1880),
    ("Freelance-udvikler Mikkel Ærø", 1860),
    ("Hetzner Online GmbH", 1230),
    ("Slack Technologies Ltd", 1830),
    ("Vognmand Løgstør Transport", 1610),
    ("Café Sølvgade", 1650),
]
PRODUCTS = [
    ("Konsulenttime", 1200),
    ("Designtime", 950),
    ("Projektledelse (time)", 1100),
    ("Workshop, halv dag", 8500),
    ("Workshop, hel dag", 15000),
    ("Logodesign", 12000),
    ("Visuel identitet", 45000),
    ("Webdesign, side", 6500),
    ("Hosting, måned", 299),
    ("Domæne, år", 149),
    ("SEO-gennemgang", 7500),
    ("Fotografering, time", 1400),
    ("Billedredigering, time", 650),
    ("Tekstforfatning, time", 850),
    ("Oversættelse dansk-engelsk, side", 450),
    ("Trykklar PDF", 1250),
    ("Visitkort, 500 stk.", 1895),
    ("Roll-up banner", 2450),
    ("Plakat A2, 50 stk.", 3200),
    ("Brochure, 8 sider", 9800),
    ("Nyhedsbrev, opsætning", 3500),
    ("Kampagnestyring, måned", 6000),
    ("Social medie-pakke, måned", 4500),
    ("Video, 30 sek.", 18000),
    ("Animation, 15 sek.", 11000),
    ("Kørsel (km)", 4),
    ("Rejsetid (time)", 600),
    ("Supportaftale, kvartal", 3600),
    ("Licens, brugerår", 1200),
    ("Undervisning, time", 1050),
    ("Skiltning, facade", 24000),
    ("Emballagedesign", 16500),
    ("Ikonpakke", 5200),
    ("Præsentationsskabelon", 4800),
    ("Årsrapport, layout", 21000),
    ("Korrektur, side", 95),
    ("Stockfoto, licens", 350),
    ("Rettelser (time)", 750),
    ("Hastetillæg", 2500),
    ("Kvalitetssikring, time", 900),
]


def billy_id(rng: random.Random) -> str:
    """A 22-character URL-safe id like Billy's (16 random bytes, base64 without padding)."""
    return base64.urlsafe_b64encode(rng.getrandbits(128).to_bytes(16, "big")).decode().rstrip("=")


def kroner(ore: int) -> float:
    return round(ore / 100, 2)


def cvr(rng: random.Random) -> str:
    """An 8-digit CVR number that passes the modulus-11 check (weights 2,7,6,5,4,3,2,1)."""
    weights = [2, 7, 6, 5, 4, 3, 2, 1]
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(7)]
        if sum(d * w for d, w in zip(digits, weights, strict=True)) % 11 == 0:
            return "".join(map(str, digits))


@dataclass
class Company:
    token: str
    organization: Record
    tables: dict[str, list[Record]] = field(default_factory=dict)

    def table(self, name: str) -> list[Record]:
        return self.tables.setdefault(name, [])


class Builder:
    def __init__(self, seed: int, name: str, token: str, slug: str, billy_habits: bool = False) -> None:
        self.rng = random.Random(seed)
        self.billy_habits = billy_habits
        """Book as real Billy companies do: EU sales on 1110 with an EU tax rate, an energy-tax deduction account,
        a bill booked late into a settled VAT quarter."""
        self.company = Company(token=token, organization={})
        self.name = name
        self.slug = slug
        self.org_id = billy_id(self.rng)
        self.accounts: dict[int, Record] = {}
        self.tax_rates: dict[str, Record] = {}
        self.transaction_no = 0
        self.created_seq = 0

    # -- helpers ---------------------------------------------------------------------------------------------
    def new_id(self) -> str:
        return billy_id(self.rng)

    def created(self, day: dt.date) -> str:
        self.created_seq += 1
        moment = dt.datetime.combine(day, dt.time(8, 0)) + dt.timedelta(minutes=(self.created_seq * 7) % 600)
        return moment.strftime("%Y-%m-%dT%H:%M:%S")

    def add(self, table: str, record: Record) -> Record:
        self.company.table(table).append(record)
        return record

    def random_day(self, start: dt.date = FIRST_DAY, end: dt.date = AS_OF) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(0, (end - start).days))

    # -- ledger ----------------------------------------------------------------------------------------------
    def transaction(
        self,
        day: dt.date,
        originator: str,
        name: str,
        legs: list[tuple[int, str, int, str]],
        voided: bool,
        currency: str = "DKK",
        rate: float = 1.0,
    ) -> Record:
        """Book balanced postings: legs are (accountNo, side, øre, text). Raises if debits ≠ credits.

        A foreign-currency transaction's legs are in that currency and post with `baseAmount` (øre × rate,
        rounded), except on BASE_ONLY accounts (bank, VAT), whose legs are given and posted in DKK.
        """
        valued = []
        for account_no, side, ore, text in legs:
            foreign = currency != "DKK" and account_no not in BASE_ONLY
            base = round(ore * rate) if foreign else ore
            valued.append((account_no, side, ore, base, text, currency if foreign else "DKK"))
        debit = sum(base for _, side, _, base, _, _ in valued if side == "debit")
        credit = sum(base for _, side, _, base, _, _ in valued if side == "credit")
        if debit != credit:
            raise AssertionError(f"unbalanced transaction {name}: {debit} != {credit}")
        self.transaction_no += 1
        record = self.add(
            "transactions",
            {
                "id": self.new_id(),
                "organizationId": self.org_id,
                "transactionNo": self.transaction_no,
                "voucherNo": str(self.transaction_no),
                "createdTime": self.created(day),
                "entryDate": day.isoformat(),
                "originatorReference": originator,
                "originatorName": name,
                "isVoided": voided,
                "isVoid": False,
            },
        )
        for priority, (account_no, side, ore, base, text, posting_currency) in enumerate(valued):
            if ore == 0:
                continue
            posting = self.add(
                "postings",
                {
                    "id": self.new_id(),
                    "organizationId": self.org_id,
                    "transactionId": record["id"],
                    "entryDate": day.isoformat(),
                    "text": text,
                    "accountId": self.accounts[account_no]["id"],
                    "amount": kroner(ore),
                    "side": side,
                    "currencyId": posting_currency,
                    "salesTaxReturnId": None,
                    "isVoided": voided,
                    "isBankMatched": account_no == 5710 and self.rng.random() < 0.8,
                    "priority": priority,
                },
            )
            if posting_currency != "DKK":
                posting["baseAmount"] = kroner(base)
        return record

    # -- master data -----------------------------------------------------------------------------------------
    def build_organization(self) -> None:
        zipcode, city = CITIES[0] if self.slug == "nordlys" else CITIES[2]
        self.company.organization = {
            "id": self.org_id,
            "ownerUserId": self.new_id(),
            "ownerUmbrellaId": None,
            "createdTime": "2024-11-03T09:12:44",
            "name": self.name,
            "url": self.slug,
            "street": f"{STREETS[self.rng.randrange(len(STREETS))]} {self.rng.randint(1, 120)}",
            "zipcode": zipcode,
            "city": city,
            "countryId": "DK",
            "stateId": None,
            "region": "dk",
            "phone": f"+45 {self.rng.randint(20, 99)} {self.rng.randint(10, 99)} {self.rng.randint(10, 99)} {self.rng.randint(10, 99)}",
            "fax": None,
            "email": f"bogholderi@{self.slug}.dk",
            "registrationNo": cvr(self.rng),
            "baseCurrencyId": "DKK",
            "logoFileId": None,
            "logoPdfFileId": None,
            "logoUrl": None,
            "iconFileId": None,
            "iconUrl": None,
            "icon48Url": None,
            # A company with Billy habits keeps a July-June fiscal year whose first year ran 18 months
            # (årsregnskabsloven § 15 allows a first period of up to 18).
            "fiscalYearEndMonth": 6 if self.billy_habits else 12,
            "firstFiscalYearStart": "2025-01-01",
            "firstFiscalYearEnd": "2026-06-30" if self.billy_habits else "2025-12-31",
            "fiscalLockingDate": None,
            "hasBillVoucherNo": True,
            "billyProviderId": "dk",
            "subscriptionPlan": "premium",
            "subscriptionCardType": "visa",
            "subscriptionCardNumber": "**** **** **** 4242",
            "subscriptionCardExpires": "2028-04-30",
            "isSubscriptionBankPayer": False,
            "subscriptionCurrencyId": "DKK",
            "subscriptionPrice": 3588,
            "subscriptionPeriod": "yearly",
            "subscriptionDiscount": None,
            "subscriptionExpires": "2027-01-01",
            "consolidatedBilling": False,
            "isTrial": False,
            "isTerminated": False,
            "terminationTime": None,
            "localeId": "da_DK",
            "billEmailAddress": f"{self.slug}+{self.new_id()[:8].lower()}@in.billysbilling.com",
            "isUnmigrated": False,
            "isLocked": False,
            "lockedCode": None,
            "lockedReason": "",
            "appUrl": f"https://app.billysbilling.com/{self.slug}",
            "emailAttachmentDeliveryMode": "link",
            "hasVat": True,
            "vatPeriod": "quarter",
            "salesTaxPeriod": "quarter",
            "invoiceNoMode": "sequential",
            "nextInvoiceNo": 1,
            "paymentTermsMode": "net",
            "paymentTermsDays": 14,
            "defaultTaxMode": "excl",
            "defaultSalesAccountId": None,
            "defaultSalesTaxRulesetId": None,
            "defaultInventoryAccountId": None,
            "bankSyncStartDate": "2025-01-01",
            "defaultBankFeeAccountId": None,
            "defaultBillBankAccountId": None,
            "defaultInvoiceBankAccountId": None,
            "defaultTemplateId": None,
        }

    def build_chart(self) -> None:
        nature_names = {
            "asset": "Aktiver",
            "liability": "Passiver",
            "equity": "Egenkapital",
            "revenue": "Indtægter",
            "expense": "Udgifter",
        }
        for nature, name in nature_names.items():
            self.add(
                "accountNatures",
                {
                    "id": nature,
                    "name": name,
                    "reportType": "balanceSheet" if nature in ("asset", "liability", "equity") else "incomeStatement",
                    "normalBalance": "debit" if nature in ("asset", "expense") else "credit",
                },
            )
        groups: dict[int, Record] = {}
        for priority, (number, name, nature) in enumerate(GROUPS):
            groups[number] = self.add(
                "accountGroups",
                {
                    "id": self.new_id(),
                    "organizationId": self.org_id,
                    "accountNo": number,
                    "name": name,
                    "type": "group",
                    "natureId": nature,
                    "sumFrom": None,
                    "style": None,
                    "priority": priority,
                },
            )
        for label, abbreviation, rate, sales, purchases, tag in [
            ("Salgsmoms", "S", 0.25, True, False, "2014_sales"),
            ("Købsmoms", "K", 0.25, False, True, "2014_purchases"),
            ("Momsfrit", "0", 0.0, True, True, "none"),
        ]:
            self.tax_rates[tag] = self.add(
                "taxRates",
                {
                    "id": self.new_id(),
                    "organizationId": self.org_id,
                    "name": label,
                    "abbreviation": abbreviation,
                    "description": f"{int(rate * 100)}% moms",
                    "rate": rate,
                    "appliesToSales": sales,
                    "appliesToPurchases": purchases,
                    "isPredefined": True,
                    "isActive": True,
                    "predefinedTag": tag,
                },
            )
        for number, name, nature, role, vat, flags in ACCOUNTS:
            tax = {"sales": "2014_sales", "purchase": "2014_purchases"}.get(vat or "")
            self.accounts[number] = self.add(
                "accounts",
                {
                    "id": self.new_id(),
                    "organizationId": self.org_id,
                    "name": name,
                    "accountNo": number,
                    "description": f"{name} (standardkonto {number})",
                    "groupId": groups[group_of(number)]["id"],
                    "natureId": nature,
                    "systemRole": role,
                    "currencyId": "DKK",
                    "taxRateId": self.tax_rates[tax]["id"] if tax else None,
                    "isPaymentEnabled": "payment" in flags,
                    "isBankAccount": "bank" in flags,
                    "isArchived": False,
                    "bankId": None,
                    "bankName": "Danske Bank" if "bank" in flags else None,
                    "bankRoutingNo": "3409" if "bank" in flags else None,
                    "bankAccountNo": "0004567890" if "bank" in flags else None,
                    "bankSwift": "DABADKKK" if "bank" in flags else None,
                    "bankIban": "DK5030000004567890" if "bank" in flags else None,
                },
            )
        self.accounts[1890]["isArchived"] = True

    def build_contacts(self) -> tuple[list[Record], list[Record]]:
        customers: list[Record] = []
        suppliers: list[Record] = []
        used: set[str] = set()
        for index in range(48):
            is_person = index % 6 == 5
            foreign = index in (7, 19, 33)
            while True:
                if is_person:
                    name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
                else:
                    name = f"{self.rng.choice(COMPANY_WORDS)} {self.rng.choice(COMPANY_KINDS)} {self.rng.choice(LEGAL_FORMS)}"
                if name not in used:
                    used.add(name)
                    break
            customers.append(
                self.contact(
                    name,
                    "person" if is_person else "company",
                    customer=True,
                    supplier=False,
                    country=("DE" if index == 7 else "SE") if foreign else "DK",
                )
            )
        for name, _account in SUPPLIERS:
            country = "IE" if "Ireland" in name else "DE" if "GmbH" in name else "SE" if " AB" in name else "DK"
            suppliers.append(self.contact(name, "company", customer=False, supplier=True, country=country))
        # A few contacts are both, one is archived.
        for contact in customers[:3]:
            contact["isSupplier"] = True
        customers[-1]["isArchived"] = True
        return customers, suppliers

    def contact(self, name: str, kind: str, customer: bool, supplier: bool, country: str) -> Record:
        zipcode, city = self.rng.choice(CITIES)
        record = self.add(
            "contacts",
            {
                "id": self.new_id(),
                "type": kind,
                "organizationId": self.org_id,
                "createdTime": self.created(FIRST_DAY),
                "name": name,
                "countryId": country,
                "street": f"{self.rng.choice(STREETS)} {self.rng.randint(1, 99)}",
                "cityId": None,
                "cityText": city if country == "DK" else "Berlin" if country == "DE" else "Stockholm",
                "stateId": None,
                "stateText": None,
                "zipcodeId": None,
                "zipcodeText": zipcode if country == "DK" else "10115",
                "contactNo": str(len(self.company.table("contacts")) + 1001),
                "phone": f"+45 {self.rng.randint(20000000, 99999999)}",
                "fax": None,
                "currencyId": None,
                "registrationNo": cvr(self.rng) if kind == "company" and country == "DK" else "",
                "ean": "5790001234567" if self.rng.random() < 0.05 else None,
                "localeId": "da_DK" if country == "DK" else "en_US",
                "isCustomer": customer,
                "isSupplier": supplier,
                "paymentTermsMode": None,
                "paymentTermsDays": None,
                "accessCode": self.new_id()[:16],
                "emailAttachmentDeliveryMode": "link",
                "isArchived": False,
                "isSalesTaxExempt": False,
            },
        )
        for primary in (True, False) if kind == "company" else (True,):
            person = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
            self.add(
                "contactPersons",
                {
                    "id": self.new_id(),
                    "contactId": record["id"],
                    "isPrimary": primary,
                    "name": person,
                    "email": f"{person.split()[0].lower().replace('ø', 'oe').replace('æ', 'ae').replace('å', 'aa')}@example.dk",
                },
            )
        return record

    def build_products(self) -> list[Record]:
        products = []
        for index, (name, price_kr) in enumerate(PRODUCTS):
            account = self.accounts[1110]
            product = self.add(
                "products",
                {
                    "id": self.new_id(),
                    "organizationId": self.org_id,
                    "name": name,
                    "description": f"{name} – standardpris",
                    "accountId": account["id"],
                    "inventoryAccountId": None,
                    "productNo": f"P-{index + 1:03d}",
                    "suppliersProductNo": None,
                    "salesTaxRulesetId": None,
                    "isArchived": index in (25, 38),
                    "isInInventory": False,
                    "imageId": None,
                    "imageUrl": None,
                },
            )
            self.add(
                "productPrices",
                {"id": self.new_id(), "productId": product["id"], "unitPrice": float(price_kr), "currencyId": "DKK"},
            )
            if index % 5 == 0:
                self.add(
                    "productPrices",
                    {
                        "id": self.new_id(),
                        "productId": product["id"],
                        "unitPrice": round(price_kr / 7.46, 2),
                        "currencyId": "EUR",
                    },
                )
            products.append(product)
        return products
