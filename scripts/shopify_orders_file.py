"""Write a store's first N order lines as a Shopify orders export (for timing imports).

    PYTHONPATH=src:. python scripts/shopify_orders_file.py --db URL --lines 1000000 -o FILE

The same file the scale benchmark imports: an order's extra rows leave the order
fields blank, as Shopify writes them; an order the limit would cut in two is left out.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from benchmarks.run import write_shopify_orders  # noqa: E402
from inventory_core.io.shipped_demo import open_store  # noqa: E402


def main() -> None:
    """Parse the arguments and write the file."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", required=True)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()
    written = write_shopify_orders(open_store(args.db, seed_demo=False), Path(args.output),
                                   args.lines)
    print(f"Wrote {written:,} order lines to {args.output}.")


if __name__ == "__main__":
    main()
