"""Each supplier's delivery record, from its received purchase orders.

Definitions, read by the supply page, allocation (likely and late ship dates, the
Customer lookup), the what-if and the recommendations:

- the **delay** of a received purchase order = received on − expected on, in days
  (negative: early);
- **on-time rate** = the share of its received purchase orders received on or
  before the expected date;
- **typical delay** = the p50 of its delays, **late delay** (the spread) = the p90;
  each is the nearest observed delay at or above the percentile;
- a supplier with no received purchase order yet has **no record yet**: no rate
  and no delay (NaN / <NA>);
- **projections** (allocation's ship dates, the what-if) use the store-wide record
  (every received purchase order of the store together) for a supplier with no
  record yet, and never move supply earlier than its expected date: a delay below
  0 counts as 0, and the late delay is never shorter than the typical one. A store
  with no received purchase order at all projects supply on time, with no delay.

Pure: ``queries.suppliers`` counts the received purchase orders in the database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

RECORD_COLUMNS = ["received_pos", "on_time_pos", "on_time_rate", "p50_delay", "p90_delay"]
RECEIVED_COLUMNS = ["supplier", "expected_on", "received_on", "pos"]
_STORE = "(store)"


def delivery_records(received: pd.DataFrame) -> pd.DataFrame:
    """Per supplier with received purchase orders (the index), its record: received and
    on-time purchase orders, on-time rate, p50 and p90 delay in days.

    ``received`` counts the received purchase orders per supplier, expected date and
    received date (``RECEIVED_COLUMNS``; ``pos`` is how many); rows without a supplier
    are left out.
    """
    pos = pd.to_numeric(received["pos"]).to_numpy(dtype=np.int64)
    late = (pd.to_datetime(received["received_on"])
            - pd.to_datetime(received["expected_on"])).dt.days.to_numpy()
    delays = pd.DataFrame({"supplier": np.repeat(received["supplier"].to_numpy(), pos),
                           "delay": np.repeat(late, pos)})
    delays["on_time"] = delays["delay"] <= 0
    grouped = delays.groupby("supplier")
    records = pd.DataFrame({
        "received_pos": grouped.size(),
        "on_time_pos": grouped["on_time"].sum(),
        "p50_delay": grouped["delay"].quantile(0.5, interpolation="higher"),
        "p90_delay": grouped["delay"].quantile(0.9, interpolation="higher"),
    })
    records["on_time_rate"] = records["on_time_pos"] / records["received_pos"]
    return _typed(records[RECORD_COLUMNS])


def _typed(records: pd.DataFrame) -> pd.DataFrame:
    """``records`` with whole counts, a float rate and nullable whole-day delays."""
    records = records.copy()
    for column in ("received_pos", "on_time_pos"):
        records[column] = pd.to_numeric(records[column]).fillna(0).astype(int)
    records["on_time_rate"] = pd.to_numeric(records["on_time_rate"]).astype(float)
    for column in ("p50_delay", "p90_delay"):
        records[column] = pd.to_numeric(records[column]).round().astype("Int64")
    return records


@dataclass(frozen=True)
class Reliability:
    """Every supplier's delivery record (``records``, indexed by supplier name; no record
    yet: 0 received, NaN rate, <NA> delays) and the store-wide one (``store``)."""

    records: pd.DataFrame
    store: pd.Series

    def on_time_rates(self, suppliers: pd.Series) -> pd.Series:
        """The on-time rate of each of ``suppliers`` (names), NaN with no record yet."""
        rates: pd.Series = suppliers.map(self.records["on_time_rate"]).astype(float)
        return rates

    def for_projection(self, suppliers: pd.Series) -> pd.DataFrame:
        """``on_time_rate``, ``p50_delay`` and ``p90_delay`` of each of ``suppliers`` (names,
        aligned on its index) as projections use them (see the module)."""
        store = self.store.fillna({"on_time_rate": 1.0, "p50_delay": 0, "p90_delay": 0})
        out = pd.DataFrame(index=suppliers.index)
        for column in ("on_time_rate", "p50_delay", "p90_delay"):
            own = pd.to_numeric(suppliers.map(self.records[column])).astype(float)
            out[column] = own.fillna(float(store[column]))
        out["p50_delay"] = out["p50_delay"].clip(lower=0)
        out["p90_delay"] = np.maximum(out["p90_delay"].clip(lower=0), out["p50_delay"])
        return out


def reliability(received: pd.DataFrame, suppliers: Iterable[str]) -> Reliability:
    """The delivery record of each of ``suppliers`` (names) and of the whole store, from
    the received purchase orders counted as ``delivery_records`` takes them."""
    records = delivery_records(received).reindex(pd.Index(list(suppliers), name="supplier"))
    store = delivery_records(received.assign(supplier=_STORE)).reindex([_STORE])
    return Reliability(records=_typed(records), store=_typed(store).iloc[0])
