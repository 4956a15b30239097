"""The demo store's cast and the numbers of its story (``io.demo.generate``).

Six suppliers from reliable to unreliable, eight categories with their products'
words, the customers' names; and ``Story``, how much of the store waits: ``DEMO``, the
shipped demo's few problems to find, and ``BACKLOG``, the heavy store the scale
benchmark measures (a large backlog reaching every aging bucket, many pre-orders,
late supply from every supplier).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd


class Story(NamedTuple):
    """How much of the store waits: the share of SKUs on sale that sell on backorder and
    that are out of stock, for how long at most (days), the share not yet released, the
    pre-order lines per unreleased SKU per unit of its popularity, the share of open
    purchase orders past due, and the one supplier they belong to (None: any)."""

    backorder: float = 0.04
    out_of_stock: float = 0.03
    out_days: int = 28
    unreleased: float = 0.015
    preorders: float = 4.0
    late: float = 0.7
    late_supplier: int | None = 4  # Kettle & Crumb Kitchenware


DEMO = Story()
BACKLOG = Story(backorder=0.13, out_of_stock=0.05, out_days=140, unreleased=0.03,
                preorders=12.0, late=0.15, late_supplier=None)

SUPPLIERS = pd.DataFrame({
    "name": ["Northwind Textiles", "Harbor & Pine Goods", "Summit Outdoor Supply",
             "Lumen Electronics Co.", "Kettle & Crumb Kitchenware", "Bright Path Toys"],
    "lead_time_days": [21, 14, 35, 45, 28, 60],
    "email": ["orders@northwind.example", "supply@harborpine.example",
              "po@summitoutdoor.example", "sales@lumen.example",
              "trade@kettlecrumb.example", "wholesale@brightpath.example"],
})
ON_TIME = np.array([0.98, 0.93, 0.85, 0.76, 0.67, 0.60])
LATE_BY = np.array([4, 6, 9, 14, 18, 24])  # mean days late when late

# category: (code, supplier index, low price, high price, option name, option values, nouns)
CATEGORIES = {
    "Apparel": ("APP", 0, 25, 120, ["XS", "S", "M", "L", "XL"],
                ["Merino Tee", "Fleece Hoodie", "Rain Jacket", "Chinos", "Wool Sweater"]),
    "Footwear": ("FTW", 0, 60, 180, ["38", "39", "40", "41", "42", "43", "44"],
                 ["Trail Runner", "Leather Boot", "Canvas Sneaker", "Hiking Sandal"]),
    "Outdoor": ("OUT", 2, 30, 400, ["Green", "Orange", "Grey"],
                ["Tent 2P", "Sleeping Bag", "Daypack 24L", "Camp Stove", "Trekking Poles"]),
    "Home": ("HOM", 1, 15, 150, ["Oat", "Slate", "Rust"],
             ["Linen Throw", "Ceramic Vase", "Table Lamp", "Cotton Cushion", "Wall Clock"]),
    "Kitchen": ("KIT", 4, 10, 120, ["Small", "Medium", "Large"],
                ["Cast Iron Pan", "Chef Knife", "Pour-over Kettle", "Mixing Bowl", "Oak Board"]),
    "Toys": ("TOY", 5, 8, 80, ["Red", "Blue", "Yellow"],
             ["Wooden Train", "Puzzle 500", "Plush Fox", "Building Blocks", "Kite"]),
    "Electronics": ("ELE", 3, 20, 600, ["Black", "White"],
                    ["Wireless Earbuds", "Smart Speaker", "Power Bank", "E-reader", "Webcam HD"]),
    "Beauty": ("BEA", 1, 6, 60, ["50 ml", "100 ml", "200 ml"],
               ["Face Serum", "Hand Cream", "Shampoo Bar", "Lip Balm", "Body Oil"]),
}
ADJECTIVES = ["Classic", "Alpine", "Coastal", "Urban", "Heritage", "Everyday", "Nordic",
              "Summit", "Field", "Studio", "Harbor", "Meadow"]
FIRST = ["Ava", "Liam", "Maya", "Noah", "Zoe", "Omar", "Lena", "Ivan", "Sara", "Theo",
         "Nina", "Jonas", "Emma", "Ravi", "Chloe", "Mateo"]
LAST = ["Smith", "Garcia", "Müller", "Rossi", "Okafor", "Tanaka", "Novak", "Silva",
        "Larsen", "Dubois", "Kowalski", "Brown"]
