"""Reports computed from complete reads of the ledger (Billy's API has no report endpoints).

`specs` declares the seven report tools; each one's function is in its own module (`trial_balance`, `account_ledger`,
`profit_and_loss`, `balance_sheet`, `vat_summary`, `aged`) and loads on its first call. Fetching (`_read`, `_sources`) is kept apart
from the accounting rules, which are pure functions over records: `_ledger` (trial balance, profit and loss,
balance sheet), `_vat`, `_aging`, with `periods` and `_money`.
"""

from __future__ import annotations

from .specs import TOOLS

__all__ = ["TOOLS"]
