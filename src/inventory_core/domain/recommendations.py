"""The recommended policy of every SKU, with the one-sentence reason (DESIGN §3).

The rules merchants use, first match wins, applied to a whole ``catalog.sku_table``
frame at once:

1. discontinued → *discontinued*, point customers to alternatives;
2. unreleased (launch date ahead) → *pre-order*, capped at the units on order;
3. in stock, flagged "Reorder now" (``stock_numbers.needs_reorder``: it sells and
   its available units are at or below the reorder point) with nothing on order →
   *sell from stock*, and reorder now;
4. in stock → *sell from stock*;
5. nothing available and no open purchase order → *out of stock* (notify me);
6. … its purchase order already overdue → *out of stock* (the date is not credible);
7. … supply due beyond ``eta_horizon_days`` → *out of stock* (too long a wait);
8. … a supplier on time less than ``reliable_at`` of the time → *out of stock*;
9. … a backlog that already takes all the units on order → *out of stock* (stop);
10. otherwise → *backorder*, capped at the units on order not yet promised,
    promising the purchase order's expected date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from inventory_core.domain.enums import PolicyMode
from inventory_core.domain.stock_numbers import needs_reorder
from inventory_core.domain.suppliers import Reliability
from inventory_core.domain.wording import format_dates

RELIABLE_AT = 0.8
ETA_HORIZON_DAYS = 60


def recommend(skus: pd.DataFrame, reliability: Reliability, today: dt.date,
              reliable_at: float = RELIABLE_AT,
              eta_horizon_days: int = ETA_HORIZON_DAYS) -> pd.DataFrame:
    """One row per SKU: ``sku``, ``recommended_mode``, ``recommended_cap``,
    ``recommended_restock``, ``recommended_release`` and ``reason``.

    ``reliability`` is every supplier's delivery record (``domain.suppliers``); a
    supplier with no record yet is not judged unreliable (rule 8 passes it).
    """
    if skus.empty:
        return pd.DataFrame(columns=["sku", "recommended_mode", "recommended_cap",
                                     "recommended_restock", "recommended_release", "reason"])
    on_time = reliability.on_time_rates(skus["supplier"]).fillna(1.0)
    today_ts = pd.Timestamp(today)
    launch = pd.to_datetime(skus["launch_date"])
    eta = pd.to_datetime(skus["next_expected"])
    available = skus["available"].astype(int)
    incoming = skus["incoming_qty"].astype(int)
    backlog = skus["backorder_qty"].astype(int)
    preorders = skus["preorder_qty"].astype(int)
    cover = pd.to_numeric(skus["days_of_cover"]).astype(float)
    lead = skus["lead_time_days"].astype(int)
    days_to_eta = (eta - today_ts).dt.days

    supplier = skus["supplier"].fillna("The supplier").astype(str)
    pct = (on_time * 100).round().astype(int).astype(str) + "%"
    eta_text, launch_text = format_dates(eta), format_dates(launch)
    unreleased = launch > today_ts
    # (condition, mode, reason): each reason is written only for the SKUs its rule wins
    rules: list[tuple[Any, PolicyMode, Callable[[np.ndarray], Any]]] = [
        (skus["discontinued"].astype(bool), PolicyMode.DISCONTINUED,
         lambda r: "Discontinued: it will not be restocked, so point customers to "
                   "alternatives."),
        (unreleased, PolicyMode.PREORDER,
         lambda r: "Not released until " + launch_text[r] + ": take pre-orders"
         + np.where(incoming[r] > 0, " up to the " + incoming[r].astype(str)
                    + " units on order.", ", and order stock for the launch.")),
        ((available > 0) & needs_reorder(skus) & (incoming == 0), PolicyMode.STOCK,
         lambda r: "Only " + cover[r].round().astype("Int64").astype(str) + " days of cover "
         "against a " + lead[r].astype(str) + "-day lead time"
         + np.where(cover[r] < lead[r], "", " plus safety stock")
         + " and nothing on order: reorder now."),
        (available > 0, PolicyMode.STOCK,
         lambda r: available[r].astype(str) + " available: sell from stock."),
        (incoming == 0, PolicyMode.OUT_OF_STOCK,
         lambda r: "Out of stock with no purchase order open: stop taking backorders and "
                   "offer notify-me."),
        (days_to_eta < 0, PolicyMode.OUT_OF_STOCK,
         lambda r: "Its purchase order is overdue (expected " + eta_text[r] + "), so no "
         "date is credible: offer notify-me."),
        (days_to_eta > eta_horizon_days, PolicyMode.OUT_OF_STOCK,
         lambda r: "Supply is not due until " + eta_text[r] + f", more than "
         f"{eta_horizon_days} days away: offer notify-me rather than a long wait."),
        (on_time < reliable_at, PolicyMode.OUT_OF_STOCK,
         lambda r: supplier[r] + " delivered only " + pct[r] + " of its orders on time: "
         "offer notify-me rather than a promise it may miss."),
        (backlog >= incoming, PolicyMode.OUT_OF_STOCK,
         lambda r: "The backlog of " + backlog[r].astype(str) + " units already takes all "
         + incoming[r].astype(str) + " units on order: stop taking backorders."),
        (True, PolicyMode.BACKORDER,
         lambda r: supplier[r] + " delivers " + pct[r] + " on time and "
         + incoming[r].astype(str) + " units are due " + eta_text[r]
         + ": take backorders up to " + (incoming[r] - backlog[r]).astype(str)
         + " units, promising that date."),
    ]
    winner = np.select([np.asarray(c, dtype=bool) for c, _, _ in rules[:-1]],
                       np.arange(len(rules) - 1), len(rules) - 1)
    mode = np.array([m.value for _, m, _ in rules], dtype=object)[winner]
    reason = np.empty(len(skus), dtype=object)
    for number, (_, _, write) in enumerate(rules):
        won = winner == number
        if won.any():
            reason[won] = write(won)
    cap = np.where(mode == PolicyMode.BACKORDER.value, (incoming - backlog).to_numpy(),
                   np.where((mode == PolicyMode.PREORDER.value) & (incoming > 0),
                            (incoming - preorders).clip(lower=0).to_numpy(), np.nan))
    restock = np.where(mode == PolicyMode.BACKORDER.value, skus["next_expected"], None)
    release = np.where(mode == PolicyMode.PREORDER.value, skus["launch_date"], None)
    return pd.DataFrame({
        "sku": skus["sku"].to_numpy(),
        "recommended_mode": mode,
        "recommended_cap": pd.Series(cap, dtype=float).astype("Int64").to_numpy(),
        "recommended_restock": restock,
        "recommended_release": release,
        "reason": reason,
    })
