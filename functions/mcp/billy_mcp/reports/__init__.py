"""Reports computed from complete reads of the ledger (Billy's API has no report endpoints).

Fetching (`_read`, `_sources`) is kept apart from the accounting rules, which are pure functions over records:
`_ledger` (trial balance, profit and loss, balance sheet), `_vat`, `_aging`, with `_periods` and `_money`.
"""

from __future__ import annotations

from . import aged, balance_sheet, profit_and_loss, trial_balance, vat_summary

TOOLS = (
    *trial_balance.TOOLS,
    *profit_and_loss.TOOLS,
    *balance_sheet.TOOLS,
    *vat_summary.TOOLS,
    *aged.TOOLS,
)

__all__ = ["TOOLS"]
