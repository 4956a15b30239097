"""Write a Shopify orders export of N line items over the store's SKUs (for timing imports).

    PYTHONPATH=src:. python scripts/shopify_orders_file.py --db URL --lines 1000000 -o FILE

Three line items per order; the order's extra rows leave the order fields blank,
as Shopify writes them. Timestamps carry a +01:00 offset.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from inventory_core.db import open_store  # noqa: E402
from inventory_core.exports import table_frame  # noqa: E402
from tests.import_files import SHOPIFY_ORDERS  # noqa: E402


def main() -> None:
    """Parse the arguments and write the file in blocks."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", required=True)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()
    skus = table_frame(open_store(args.db), "products")["sku"].to_numpy()
    rng = np.random.default_rng(1)
    block = 300_000
    with open(args.output, "w", encoding="utf-8", newline="") as handle:
        handle.write(",".join(SHOPIFY_ORDERS) + "\n")
        for start in range(0, args.lines, block):
            n = min(block, args.lines - start)
            idx = np.arange(start, start + n)
            first = idx % 3 == 0
            frame = pd.DataFrame("", index=range(n), columns=SHOPIFY_ORDERS)
            frame["Name"] = [f"#B{i // 3 + 1}" for i in idx]
            stamp = (pd.Timestamp("2025-01-01") + pd.to_timedelta(idx // 3 * 37, "s"))
            frame.loc[first, "Created at"] = stamp[first].strftime("%Y-%m-%d %H:%M:%S +0100")
            frame.loc[first, "Email"] = [f"c{i % 50000}@example.com" for i in idx[first]]
            frame["Lineitem quantity"] = rng.integers(1, 4, n).astype(str)
            frame["Lineitem price"] = "19.90"
            frame["Lineitem sku"] = skus[rng.integers(0, len(skus), n)]
            frame["Lineitem fulfillment status"] = np.where(rng.random(n) < 0.9, "fulfilled",
                                                            "pending")
            frame.to_csv(handle, header=False, index=False)
    print(args.output)


if __name__ == "__main__":
    main()
