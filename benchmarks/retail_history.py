"""A retailer's daily sales history, written as the generic CSV tables (deterministic).

    python benchmarks/retail_history.py OUT_DIR [--skus 400] [--years 3] [--seed 11]
        [--end YYYY-MM-DD]

Writes ``products.csv``, ``orders.csv``, ``order_lines.csv`` and ``stock.csv`` in the
generic format (docs/formats.md), to be imported in that order into an empty store
and backtested (``python -m inventory_core backtest --holdout-days 90``). The forecast
was never fitted to it; its shape follows what a real shop's history holds, not the
demo's:

- rates spread over three orders of magnitude (log-normal): most SKUs sell less than
  one unit a day, a few sell dozens;
- a weekly pattern per category (weekends for gifts and garden, Fridays and
  Saturdays for groceries), varied per SKU;
- a yearly season per category (garden in spring and summer, gifts towards
  Christmas, apparel in spring and autumn), Black Friday and Cyber Monday, a quiet
  Christmas Day and New Year's Day, Easter for groceries;
- trends (a growth or decline per SKU), a slow random walk of the level, launches
  during the history with a ramp-up, products dropped before its end;
- promotions no model can see (one or two weeks at 1.5–3×), and negative-binomial
  noise per day;
- stock-outs: runs of days with no sales at all (1–60 days), which no stock history
  records, as in any imported order history.

Each day's units of a SKU are split into order lines of 1–4 units; lines of the same
day are grouped into orders of one to three lines.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import numpy as np
import pandas as pd

CATEGORIES = {
    # weekday factors Monday … Sunday, yearly peaks (day of year, width in days, height)
    "Grocery": ([0.9, 0.85, 0.9, 1.0, 1.25, 1.35, 0.75], [(100, 20, 0.3)]),
    "Household": ([1.05, 1.0, 1.0, 1.0, 1.0, 1.05, 0.9], [(30, 40, 0.15)]),
    "Garden": ([0.8, 0.8, 0.85, 0.9, 1.05, 1.45, 1.15], [(150, 45, 2.2), (240, 30, 0.4)]),
    "Gifts & toys": ([0.8, 0.8, 0.85, 0.95, 1.1, 1.4, 1.1], [(350, 18, 2.5), (45, 6, 0.6)]),
    "Apparel": ([0.95, 0.9, 0.9, 0.95, 1.1, 1.3, 0.9], [(110, 30, 0.6), (280, 30, 0.5)]),
    "Hobby": ([0.9, 0.9, 0.95, 1.0, 1.05, 1.2, 1.0], [(320, 50, 0.5)]),
}
LINE_SIZES = np.array([1, 2, 3, 4])
LINE_SIZE_P = np.array([0.72, 0.18, 0.07, 0.03])


def _easter(year: int) -> dt.date:
    """Western Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def _holidays(days: pd.DatetimeIndex, category: str) -> np.ndarray:
    """A factor per day for the days every shop knows."""
    factor = np.ones(len(days))
    for year in sorted(set(days.year)):
        november = pd.Timestamp(year, 11, 1)
        black_friday = november + pd.Timedelta(days=(4 - november.weekday()) % 7 + 21)
        lifts = {black_friday: 2.6, black_friday + pd.Timedelta(days=1): 1.6,
                 black_friday + pd.Timedelta(days=3): 1.9,
                 pd.Timestamp(year, 12, 24): 0.6, pd.Timestamp(year, 12, 25): 0.15,
                 pd.Timestamp(year, 12, 26): 0.7, pd.Timestamp(year, 1, 1): 0.4}
        if category == "Grocery":
            easter = pd.Timestamp(_easter(year))
            for back in range(1, 4):
                lifts[easter - pd.Timedelta(days=back)] = 1.5
        for day, lift in lifts.items():
            factor[days == day] *= lift
    return factor


def _season(days: pd.DatetimeIndex, peaks: list[tuple[int, int, float]],
            scale: np.ndarray) -> np.ndarray:
    """Each SKU's yearly factor per day: smooth bumps around the category's peaks, their
    height scaled per SKU (rows: SKUs)."""
    doy = days.dayofyear.to_numpy()
    curve = np.zeros((len(scale), len(days)))
    for centre, width, height in peaks:
        distance = np.minimum(np.abs(doy - centre), 365 - np.abs(doy - centre))
        curve += np.outer(scale * height, np.exp(-0.5 * (distance / width) ** 2))
    return 1.0 + curve


def demand_matrix(skus: int, days: pd.DatetimeIndex, rng: np.random.Generator
                  ) -> tuple[np.ndarray, pd.DataFrame]:
    """Units sold per SKU and day, and the products (sku, name, category, price)."""
    n_days = len(days)
    names = list(CATEGORIES)
    category = rng.choice(len(names), size=skus, p=[0.25, 0.2, 0.12, 0.13, 0.18, 0.12])
    rate = np.exp(rng.normal(np.log(0.45), 1.35, size=skus))
    mean = np.zeros((skus, n_days))
    t = np.arange(n_days) / 365.0
    for c, name in enumerate(names):
        rows = np.flatnonzero(category == c)
        if not len(rows):
            continue
        weekday_base, peaks = CATEGORIES[name]
        weekday = np.asarray(weekday_base)[None, :] * np.exp(
            rng.normal(0, 0.08, size=(len(rows), 7)))
        weekday /= weekday.mean(axis=1, keepdims=True)
        season = _season(days, peaks, np.exp(rng.normal(0, 0.35, size=len(rows))))
        season /= season.mean(axis=1, keepdims=True)
        mean[rows] = weekday[:, days.weekday] * season * _holidays(days, name)[None, :]
    growth = rng.normal(0.0, 0.3, size=skus)
    walk = np.cumsum(rng.normal(0, 0.012, size=(skus, n_days)), axis=1)
    mean *= rate[:, None] * np.exp(growth[:, None] * t[None, :] + walk)
    launch = np.where(rng.random(skus) < 0.3, rng.integers(30, n_days - 120, skus), 0)
    since = np.arange(n_days)[None, :] - launch[:, None]
    mean *= np.clip(since / rng.integers(20, 60, skus)[:, None], 0, 1) * (since >= 0)
    dropped = rng.random(skus) < 0.07
    end = np.where(dropped, rng.integers(n_days // 2, n_days - 30, skus), n_days)
    mean[np.arange(n_days)[None, :] >= end[:, None]] = 0.0
    for s in range(skus):
        for _ in range(rng.poisson(2.5 * n_days / 365)):
            start = rng.integers(0, n_days)
            mean[s, start:start + rng.integers(7, 15)] *= rng.uniform(1.5, 3.0)
    dispersion = rng.uniform(1.5, 12.0, size=skus)[:, None]
    units = rng.poisson(rng.gamma(dispersion, mean / dispersion)).astype(float)
    for s in range(skus):
        for _ in range(rng.poisson(1.6 * n_days / 365)):
            start = rng.integers(0, n_days)
            units[s, start:start + int(rng.geometric(1 / 12))] = 0.0
    products = pd.DataFrame({
        "sku": [f"RH-{s:05d}" for s in range(skus)],
        "name": [f"{names[c]} item {s}" for s, c in enumerate(category)],
        "category": [names[c] for c in category],
        "price": np.round(np.exp(rng.normal(np.log(18), 0.8, size=skus)), 2),
    })
    return units, products


def order_lines(units: np.ndarray, products: pd.DataFrame, days: pd.DatetimeIndex,
                rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The units as orders and order lines (generic columns)."""
    rows, cols = np.nonzero(units)
    counts = units[rows, cols].astype(int)
    # split each SKU-day's units into lines of 1–4: draw sizes, cut at the day's units
    draws = rng.choice(LINE_SIZES, size=(int(counts.sum()),), p=LINE_SIZE_P)
    line_sku, line_day, line_qty = [], [], []
    position = 0
    for row, col, count in zip(rows, cols, counts, strict=True):
        left = count
        while left > 0:
            size = min(int(draws[position]), left)
            position += 1
            line_sku.append(row)
            line_day.append(col)
            line_qty.append(size)
            left -= size
    lines = pd.DataFrame({"sku_row": line_sku, "day": line_day, "qty": line_qty})
    lines = lines.sample(frac=1.0, random_state=int(rng.integers(1 << 30))).sort_values(
        "day", kind="stable").reset_index(drop=True)
    # orders of 1–3 lines within a day
    sizes = rng.choice([1, 2, 3], size=len(lines), p=[0.7, 0.2, 0.1])
    order_index = np.zeros(len(lines), dtype=int)
    start, order = 0, 0
    day = lines["day"].to_numpy()
    while start < len(lines):
        end = start + 1
        while end < min(start + sizes[order], len(lines)) and day[end] == day[start]:
            end += 1
        order_index[start:end] = order
        order += 1
        start = end
    lines["order_number"] = [f"RH{i:07d}" for i in order_index]
    lines["line_no"] = lines.groupby("order_number").cumcount() + 1
    seconds = rng.integers(8 * 3600, 22 * 3600, size=order)
    placed = (days[lines["day"].to_numpy()] + pd.to_timedelta(seconds[order_index], unit="s"))
    lines["placed_at"] = placed.strftime("%Y-%m-%d %H:%M:%S")
    prices = products["price"].to_numpy()
    lines["sku"] = products["sku"].to_numpy()[lines["sku_row"].to_numpy()]
    lines["unit_price"] = prices[lines["sku_row"].to_numpy()]
    orders = (lines.groupby("order_number", sort=True)["placed_at"].first().reset_index())
    orders["customer_email"] = [f"customer{i % 9973}@example.com"
                                for i in range(len(orders))]
    out = lines[["order_number", "line_no", "sku", "qty", "unit_price"]].copy()
    out["kind"] = "stock"
    out["status"] = "fulfilled"
    out["fulfilled_at"] = lines["placed_at"]
    return orders[["order_number", "customer_email", "placed_at"]], out


def write_history(folder: Path, skus: int = 400, years: int = 3, seed: int = 11,
                  end: dt.date = dt.date(2026, 11, 30)) -> list[Path]:
    """Write the history's generic CSV files into ``folder``; returns them in the
    order to import them (products, orders, order lines, stock)."""
    rng = np.random.default_rng(seed)
    days = pd.date_range(end=pd.Timestamp(end), periods=365 * years, freq="D")
    units, products = demand_matrix(skus, days, rng)
    orders, lines = order_lines(units, products, days, rng)
    products["cost"] = np.round(products["price"] * 0.55, 2)
    selling = units[:, -14:].sum(axis=1) > 0  # the others are out of stock today
    stock = pd.DataFrame({"sku": products["sku"], "location": "Main",
                          "on_hand": np.where(selling, rng.integers(1, 40, skus), 0),
                          "reserved": 0})
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, frame in (("products", products), ("orders", orders),
                        ("order_lines", lines), ("stock", stock)):
        path = folder / f"{name}.csv"
        frame.to_csv(path, index=False)
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    """Write the history (see the module)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--skus", type=int, default=400)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--end", type=dt.date.fromisoformat, default=dt.date(2026, 11, 30))
    args = parser.parse_args(argv)
    for path in write_history(args.out, args.skus, args.years, args.seed, args.end):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
