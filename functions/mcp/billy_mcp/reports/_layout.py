"""The statutory layout of the income statement and the balance sheet (årsregnskabsloven bilag 2, artsopdelt), as
pure functions over account balances in øre.

Income statement (skema 3, with items 1-5 combined into bruttofortjeneste as § 32 allows; no item may be presented
as extraordinary): Nettoomsætning, Andre driftsindtægter, Vareforbrug, Andre eksterne omkostninger =
Bruttofortjeneste; Personaleomkostninger, Af- og nedskrivninger, Andre driftsomkostninger = Resultat af primær drift;
Finansielle indtægter, Finansielle omkostninger = Resultat før skat; Skat af årets resultat = Årets resultat. Each line
is its effect on the result: income positive, costs negative.

Balance sheet (skema 1): Anlægsaktiver (immaterielle, materielle, finansielle), Omsætningsaktiver (varebeholdninger,
tilgodehavender, likvide beholdninger); Egenkapital (virksomhedskapital, andre reserver, overført resultat, årets
resultat), Hensatte forpligtelser, Langfristede and Kortfristede gældsforpligtelser (leverandører, modtagne
forudbetalinger fra kunder, anden gæld). A liability with a debit balance (VAT to be refunded) is a receivable, not a
negative debt; the VAT accounts (group 7200) are netted first, as one debt to or claim on Skattestyrelsen.

Which account goes where follows Billy's standard chart by number, as Billy's own year-end guide maps it (billy.dk
årsafslutningsguide, kapitel 10: Nettoomsætning 1110-1160, Vareforbrug 1200-1280, eksterne omkostninger the 1500-1800
groups) and its annual-report module expects it (billy.dk support, "Du skal rette din kontoplan": 1400 Lønomkostninger,
5200 Immaterielle and 5300 Materielle anlægsaktiver); an account outside those ranges is placed by its group's number,
else by its nature, and named in `placedByNature` so an accountant can check it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from ._ledger import Account

# ---- income statement ------------------------------------------------------------------------------------------------
PL_LINES = (
    ("nettoomsaetning", "Nettoomsætning", ((1100, 1199),)),
    ("andreDriftsindtaegter", "Andre driftsindtægter", ()),
    ("vareforbrug", "Vareforbrug", ((1200, 1299),)),
    ("andreEksterneOmkostninger", "Andre eksterne omkostninger", ((1500, 1999),)),
    ("personaleomkostninger", "Personaleomkostninger", ((1300, 1499),)),
    ("afskrivninger", "Af- og nedskrivninger", ((2000, 2199),)),
    ("andreDriftsomkostninger", "Andre driftsomkostninger", ()),
    ("finansielleIndtaegter", "Finansielle indtægter", ((2200, 2299),)),
    ("finansielleOmkostninger", "Finansielle omkostninger", ((2300, 2399),)),
    ("skat", "Skat af årets resultat", ((2400, 2499),)),
)
PL_SUBTOTALS = {
    "andreEksterneOmkostninger": ("bruttofortjeneste", "Bruttofortjeneste"),
    "andreDriftsomkostninger": ("resultatAfPrimaerDrift", "Resultat af primær drift"),
    "finansielleOmkostninger": ("resultatFoerSkat", "Resultat før skat"),
    "skat": ("aaretsResultat", "Årets resultat"),
}
"""After which line each subtotal stands (it sums every line above it)."""
OPERATING_OTHER = (2500, 2599)
"""Billy's "Ekstraordinære poster": other operating income or costs, since nothing may be extraordinary."""


class Placed(NamedTuple):
    key: str
    by_nature: bool


def _in(number: int | None, ranges: tuple[tuple[int, int], ...]) -> bool:
    return number is not None and any(low <= number <= high for low, high in ranges)


def pl_line_of(account: Account) -> Placed:
    """The income-statement line of an account: by its number, else its group's number, else its nature."""
    for number in (account.number, account.group_number):
        if _in(number, (OPERATING_OTHER,)):
            return Placed("andreDriftsindtaegter" if account.normal == "credit" else "andreDriftsomkostninger", False)
        for key, _, ranges in PL_LINES:
            if _in(number, ranges):
                if key == "finansielleIndtaegter" and account.normal == "debit":
                    return Placed("finansielleOmkostninger", False)
                if key == "finansielleOmkostninger" and account.normal == "credit":
                    return Placed("finansielleIndtaegter", False)
                return Placed(key, False)
    return Placed("andreDriftsindtaegter" if account.normal == "credit" else "andreEksterneOmkostninger", True)


class LayoutLine(NamedTuple):
    key: str
    label: str
    ore: int
    accounts: tuple[tuple[str, int], ...]
    """(account id, øre) of the accounts on the line; none on a subtotal."""
    subtotal: bool


def income_statement_layout(
    chart: Mapping[str, Account], results: Mapping[str, int]
) -> tuple[list[LayoutLine], list[str]]:
    """The schedule from each income-statement account's effect on the result (credit-positive øre), and the accounts
    placed by nature."""
    members: dict[str, list[tuple[str, int]]] = {key: [] for key, _, _ in PL_LINES}
    by_nature = []
    for account_id, ore in results.items():
        placed = pl_line_of(chart[account_id])
        members[placed.key].append((account_id, ore))
        if placed.by_nature:
            by_nature.append(account_id)
    lines: list[LayoutLine] = []
    running = 0
    for key, label, _ in PL_LINES:
        accounts = tuple(sorted(members[key], key=lambda pair: (chart[pair[0]].number or 10**9, pair[0])))
        amount = sum(ore for _, ore in accounts)
        running += amount
        lines.append(LayoutLine(key, label, amount, accounts, False))
        if key in PL_SUBTOTALS:
            total_key, total_label = PL_SUBTOTALS[key]
            lines.append(LayoutLine(total_key, total_label, running, (), True))
    return lines, by_nature


# ---- balance sheet ---------------------------------------------------------------------------------------------------
ASSET_LINES = (
    ("immaterielleAnlaegsaktiver", "Immaterielle anlægsaktiver", ((5200, 5299),)),
    ("materielleAnlaegsaktiver", "Materielle anlægsaktiver", ((5300, 5399),)),
    ("finansielleAnlaegsaktiver", "Finansielle anlægsaktiver", ((5400, 5499),)),
    ("varebeholdninger", "Varebeholdninger", ((5830, 5839), (5600, 5699))),
    ("tilgodehavender", "Tilgodehavender", ((5800, 5899),)),
    ("likvideBeholdninger", "Likvide beholdninger", ((5700, 5799),)),
)
LIABILITY_LINES = (
    ("virksomhedskapital", "Virksomhedskapital", ((7140, 7140),)),
    ("andreReserver", "Andre reserver", ((7150, 7199),)),
    ("overfoertResultat", "Overført resultat", ((7120, 7139),)),
    ("aaretsResultat", "Årets resultat", ((7110, 7119),)),
    ("hensatteForpligtelser", "Hensatte forpligtelser", ((7360, 7360),)),
    ("langfristedeGaeldsforpligtelser", "Langfristede gældsforpligtelser", ((7400, 7999),)),
    ("leverandoerer", "Leverandører af varer og tjenesteydelser", ((7320, 7320),)),
    ("modtagneForudbetalinger", "Modtagne forudbetalinger fra kunder", ((7310, 7310),)),
    ("andenGaeld", "Anden gæld, herunder skyldig moms, skatter og bidrag", ((7200, 7299), (7300, 7399))),
)
SECTIONS = {
    "anlaegsaktiver": (
        "Anlægsaktiver",
        ("immaterielleAnlaegsaktiver", "materielleAnlaegsaktiver", "finansielleAnlaegsaktiver"),
    ),
    "omsaetningsaktiver": ("Omsætningsaktiver", ("varebeholdninger", "tilgodehavender", "likvideBeholdninger")),
    "egenkapital": ("Egenkapital", ("virksomhedskapital", "andreReserver", "overfoertResultat", "aaretsResultat")),
    "hensatteForpligtelser": ("Hensatte forpligtelser", ("hensatteForpligtelser",)),
    "langfristedeGaeldsforpligtelser": ("Langfristede gældsforpligtelser", ("langfristedeGaeldsforpligtelser",)),
    "kortfristedeGaeldsforpligtelser": (
        "Kortfristede gældsforpligtelser",
        ("leverandoerer", "modtagneForudbetalinger", "andenGaeld"),
    ),
}
ASSET_SECTIONS = ("anlaegsaktiver", "omsaetningsaktiver")
VAT_GROUP = (7200, 7299)


def bs_line_of(account: Account) -> Placed:
    for number in (account.number, account.group_number):
        for key, _, ranges in (*ASSET_LINES, *LIABILITY_LINES):
            if _in(number, ranges):
                return Placed(key, False)
    if account.normal == "debit":
        return Placed("tilgodehavender", True)
    return Placed("andenGaeld" if account.nature == "liability" else "overfoertResultat", True)


class Section(NamedTuple):
    label: str
    ore: int
    lines: list[LayoutLine]


def balance_sheet_layout(
    chart: Mapping[str, Account], balances: Mapping[str, int], current_result: int, earlier_results: int
) -> tuple[dict[str, Section], list[str], int, int]:
    """Sections of lines from the balance-sheet accounts (debit-positive øre) and the computed results (credit-
    positive): each line positive on its side. Returns the sections, the accounts placed by nature, and the totals of
    assets and of liabilities and equity."""
    members: dict[str, list[tuple[str, int]]] = {key: [] for key, _, _ in (*ASSET_LINES, *LIABILITY_LINES)}
    by_nature = []
    vat_net = 0
    vat_accounts: list[tuple[str, int]] = []
    for account_id, ore in balances.items():
        account = chart[account_id]
        if not ore:
            continue
        if account.nature == "liability" and _in(account.number, (VAT_GROUP,)):
            vat_net += ore
            vat_accounts.append((account_id, ore))
            continue
        placed = bs_line_of(account)
        key = placed.key
        is_asset_line = key in {k for k, _, _ in ASSET_LINES}
        if not is_asset_line and account.nature == "liability" and ore > 0:
            key = "tilgodehavender"  # a liability with a debit balance is a claim, not a negative debt
        members[key].append((account_id, ore))
        if placed.by_nature:
            by_nature.append(account_id)
    if vat_accounts:
        members["tilgodehavender" if vat_net > 0 else "andenGaeld"].extend(vat_accounts)
    asset_keys = {k for k, _, _ in ASSET_LINES}
    labels = {key: label for key, label, _ in (*ASSET_LINES, *LIABILITY_LINES)}
    computed = {"aaretsResultat": current_result, "overfoertResultat": earlier_results}
    sections: dict[str, Section] = {}
    totals = {"assets": 0, "liabilities": 0}
    for section, (title, keys) in SECTIONS.items():
        section_lines = []
        section_total = 0
        for key in keys:
            sign = 1 if key in asset_keys else -1
            accounts = tuple(
                (account_id, sign * ore)
                for account_id, ore in sorted(members[key], key=lambda p: (chart[p[0]].number or 10**9, p[0]))
            )
            amount = sum(ore for _, ore in accounts) + computed.get(key, 0)
            section_total += amount
            section_lines.append(LayoutLine(key, labels[key], amount, accounts, False))
        sections[section] = Section(title, section_total, section_lines)
        totals["assets" if section in ASSET_SECTIONS else "liabilities"] += section_total
    return sections, by_nature, totals["assets"], totals["liabilities"]
