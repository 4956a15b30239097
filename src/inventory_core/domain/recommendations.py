"""The recommended policy of every SKU, with the one-sentence reason (DESIGN §3).

The rules merchants use, first match wins, applied to a whole ``catalog.sku_table``
frame at once:

1. discontinued → *discontinued*, point customers to alternatives;
2. unreleased (launch date ahead) → *pre-order*, capped at the units on order when
   they exceed the units already waiting, else uncapped (order more for the launch);
   then a SKU whose stock the store does not track → *sell from stock* (always
   available: none of the rules below apply);
3. in stock, flagged "Reorder now" (``stock_numbers.needs_reorder``: it sells and
   its available units are at or below the reorder point) with nothing on order →
   *sell from stock*, and reorder now;
4. in stock → *sell from stock*;
5. nothing available and no open purchase order → *out of stock* (notify me);
6. … its purchase order already overdue → *out of stock* (the date is not credible);
7. … supply due beyond ``eta_horizon_days`` → *out of stock* (too long a wait);
8. … a supplier on time less than ``reliable_at`` of the time → *out of stock* (a
   supplier with no record yet is not judged: its reason says "no delivery record
   yet", never a rate);
9. … a backlog that already takes all the units on order → *out of stock* (stop);
10. otherwise → *backorder*, capped at the units on order, promising the purchase
    order's expected date moved by the supplier's typical delay (as projections take
    it, ``Reliability.for_projection``): the date the what-if expects it.

A **cap** means what the storefront and the what-if take it to mean
(``domain.storefront``): the most units that may wait at once, counting those
already waiting. So a recommended backorder or pre-order cap is the units on
order, and it is above the units already waiting: applied and projected, the SKU
still takes orders (the reason says how many more).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from inventory_core.domain.enums import PolicyMode
from inventory_core.domain.stock_numbers import needs_reorder
from inventory_core.domain.storefront import as_dates, stock_tracked
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
    own_rate = reliability.on_time_rates(skus["supplier"])
    on_time = own_rate.fillna(1.0)  # no record yet: not judged unreliable
    delay = reliability.for_projection(skus["supplier"])["p50_delay"].fillna(0)
    today_ts = pd.Timestamp(today)
    launch = pd.to_datetime(skus["launch_date"])
    eta = pd.to_datetime(skus["next_expected"])
    available = skus["available"].astype(int)
    incoming = skus["incoming_qty"].astype(int)
    preorders = skus["preorder_qty"].astype(int)
    cover = pd.to_numeric(skus["days_of_cover"]).astype(float)
    lead = skus["lead_time_days"].astype(int)
    days_to_eta = (eta - today_ts).dt.days

    supplier = skus["supplier"].fillna("The supplier").astype(str)
    pct = (on_time * 100).round().astype(int).astype(str) + "%"
    likely = eta + pd.to_timedelta(delay, unit="D")
    eta_text, launch_text, likely_text = format_dates(eta), format_dates(launch), \
        format_dates(likely)
    waiting = skus["backorder_qty"].astype(int) + preorders
    record = np.where(own_rate.isna(), supplier + " has no delivery record yet",
                      supplier + " delivers " + pct + " on time")
    moved = np.where(likely > eta, " (with the typical " + delay.astype(int).astype(str)
                     + "-day delay)", "")
    unreleased = launch > today_ts
    # (condition, mode, reason): each reason is written only for the SKUs its rule wins
    rules: list[tuple[Any, PolicyMode, Callable[[np.ndarray], Any]]] = [
        (skus["discontinued"].astype(bool), PolicyMode.DISCONTINUED,
         lambda r: "Discontinued: it will not be restocked, so point customers to "
                   "alternatives."),
        (unreleased, PolicyMode.PREORDER,
         lambda r: "Not released until " + launch_text[r] + ": take pre-orders"
         + np.where(incoming[r] > waiting[r],
                    " up to the " + incoming[r].astype(str) + " units on order waiting at "
                    "once (" + waiting[r].astype(str) + " already waiting, "
                    + (incoming[r] - waiting[r]).astype(str) + " more).",
                    np.where(incoming[r] > 0,
                             " without a cap: the " + waiting[r].astype(str) + " already "
                             "waiting take all " + incoming[r].astype(str) + " units on "
                             "order, so order more for the launch.",
                             ", and order stock for the launch."))),
        (~stock_tracked(skus), PolicyMode.STOCK,
         lambda r: "The store does not track its stock: it is always available, so sell "
                   "as it is."),
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
        (waiting >= incoming, PolicyMode.OUT_OF_STOCK,
         lambda r: "The " + waiting[r].astype(str) + " units already waiting take all "
         + incoming[r].astype(str) + " units on order: stop taking backorders."),
        (True, PolicyMode.BACKORDER,
         lambda r: record[r] + "; " + incoming[r].astype(str) + " units are due "
         + eta_text[r] + ": take backorders up to " + incoming[r].astype(str)
         + " units waiting at once (" + waiting[r].astype(str) + " already waiting, "
         + (incoming[r] - waiting[r]).astype(str) + " more), promising " + likely_text[r]
         + moved[r] + "."),
    ]
    winner = np.select([np.asarray(c, dtype=bool) for c, _, _ in rules[:-1]],
                       np.arange(len(rules) - 1), len(rules) - 1)
    mode = np.array([m.value for _, m, _ in rules], dtype=object)[winner]
    reason = np.empty(len(skus), dtype=object)
    for number, (_, _, write) in enumerate(rules):
        won = winner == number
        if won.any():
            reason[won] = write(won)
    cap = np.where((mode == PolicyMode.BACKORDER.value)
                   | ((mode == PolicyMode.PREORDER.value) & (incoming > waiting)),
                   incoming.to_numpy(), np.nan)
    restock = np.where(mode == PolicyMode.BACKORDER.value, as_dates(likely), None)
    release = np.where(mode == PolicyMode.PREORDER.value, skus["launch_date"], None)
    return pd.DataFrame({
        "sku": skus["sku"].to_numpy(),
        "recommended_mode": mode,
        "recommended_cap": pd.Series(cap, dtype=float).astype("Int64").to_numpy(),
        "recommended_restock": restock,
        "recommended_release": release,
        "reason": reason,
    })


def recommended_changes(skus: pd.DataFrame, recs: pd.DataFrame) -> pd.Series:
    """True (by SKU) where applying ``recs`` changes the policy of ``skus`` (columns
    ``sku``, ``mode``, ``cap``, ``restock_date``, ``release_date``): its mode or cap, the
    restock date of a recommended backorder or the release date of a recommended
    pre-order — what "Apply recommendations" sets."""
    now = skus.set_index("sku")
    wanted = recs.set_index("sku").reindex(now.index)
    mode = wanted["recommended_mode"]

    def differs(old: pd.Series, new: pd.Series) -> pd.Series:
        same = (old == new) | (old.isna() & new.isna())
        return ~same.fillna(False).astype(bool)

    cap_now = pd.to_numeric(now["cap"], errors="coerce").astype(float)
    cap_new = pd.to_numeric(wanted["recommended_cap"].astype(object), errors="coerce") \
        .astype(float)
    changed = (differs(now["mode"].astype(str), mode.astype(str)) | differs(cap_now, cap_new)
               | ((mode == PolicyMode.BACKORDER.value) & differs(
                   pd.to_datetime(now["restock_date"]),
                   pd.to_datetime(wanted["recommended_restock"])))
               | ((mode == PolicyMode.PREORDER.value) & differs(
                   pd.to_datetime(now["release_date"]),
                   pd.to_datetime(wanted["recommended_release"]))))
    flags: pd.Series = (changed & mode.notna()).rename("recommended_change")
    return flags
