"""Taking data out: policies in each platform's import format, any table as CSV or Excel.

Every file this module writes is safe to open in a spreadsheet: a text cell
that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return) is written with a leading apostrophe, so
it shows as text. Numbers stay numbers.

Policy exports carry only the columns that identify a product and the stock
settings they mean to change, so importing them into the store changes nothing
else:

- Shopify (matched by handle and option values): ``Handle``, ``Option1..3 Value``,
  ``Variant SKU``, ``Variant Inventory Policy`` — ``continue`` for backorder and
  pre-order, ``deny`` otherwise.
- WooCommerce (matched by ID or SKU): ``ID``, ``SKU``, ``Backorders allowed?``
  (``notify`` for backorder and pre-order, else ``0``) and ``In stock?``
  (``backorder``; ``0`` for out of stock and discontinued; else ``1``).
- Magento 2 (matched by sku and store view): ``sku``, ``store_view_code`` (blank:
  all views), ``allow_backorders`` (2 = Allow Qty Below 0 and Notify Customer,
  else 0), ``use_config_backorders`` 0, ``is_in_stock`` (0 for out of stock and
  discontinued) and ``out_of_stock_qty`` (minus the cap: that many backorders).
"""

from __future__ import annotations

import io
import re

import pandas as pd
from sqlalchemy import Engine, func, select

from inventory_core.domain.enums import PolicyMode
from inventory_core.services.notifications import outbox
from inventory_core.store.models import Base, Policy, Product

EXPORT_PLATFORMS = ("shopify", "woocommerce", "magento")
SELLING = [mode.value for mode in PolicyMode if mode.sells_beyond_stock()]
"""The modes a platform sells beyond stock for (backorder, pre-order)."""
STOPPED = [mode.value for mode in PolicyMode
           if not mode.sells_beyond_stock() and mode is not PolicyMode.STOCK]
"""The modes a platform marks out of stock (out of stock, discontinued)."""
_FORMULA_START = re.compile(r"^[=+\-@\t\r]")


def neutralise(value: object) -> object:
    """A text cell a spreadsheet would run as a formula, made plain text; others as given."""
    if isinstance(value, str) and _FORMULA_START.match(value):
        return "'" + value
    return value


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell neutralised."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    return safe


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV (UTF-8 with a byte-order mark, so spreadsheets read accents) with no formulas."""
    data: bytes = neutralised(frame).to_csv(index=False).encode("utf-8-sig")
    return data


def excel_bytes(frame: pd.DataFrame, sheet: str = "Data") -> bytes:
    """An .xlsx workbook of ``frame`` (one sheet) with no formulas."""
    buffer = io.BytesIO()
    safe = neutralised(frame)
    for column in safe.columns:  # Excel has no time zones
        if isinstance(safe[column].dtype, pd.DatetimeTZDtype):
            safe[column] = safe[column].dt.tz_localize(None)
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        safe.to_excel(writer, index=False, sheet_name=sheet[:31])
    return buffer.getvalue()


def policy_rows(engine: Engine) -> pd.DataFrame:
    """Every SKU with its platform identifiers, policy mode and cap, by SKU."""
    query = (select(Product.sku, Product.name, Product.group_key, Product.option1,
                    Product.option2, Product.option3, Product.external_id, Policy.mode,
                    Policy.cap)
             .join(Policy, Policy.sku == Product.sku).order_by(Product.sku))
    with engine.connect() as connection:
        frame = pd.DataFrame(connection.execute(query).all(),
                             columns=["sku", "name", "group_key", "option1", "option2",
                                      "option3", "external_id", "mode", "cap"])
    frame["mode"] = frame["mode"].map(lambda m: str(getattr(m, "value", m)))
    return frame


def _handle(row: pd.Series) -> str:
    if row["group_key"]:
        return str(row["group_key"])
    slug = re.sub(r"[^a-z0-9]+", "-", str(row["name"] or row["sku"]).lower()).strip("-")
    return slug or str(row["sku"]).lower()


def policy_export(engine: Engine, platform: str) -> pd.DataFrame:
    """The store's policies as ``platform``'s import file (see the module docstring)."""
    rows = policy_rows(engine)
    selling = rows["mode"].isin(SELLING)
    stopped = rows["mode"].isin(STOPPED)
    if platform == "shopify":
        ordered = rows.assign(handle=rows.apply(_handle, axis=1) if len(rows) else "")
        return pd.DataFrame({
            "Handle": ordered["handle"],
            "Option1 Value": ordered["option1"].fillna("Default Title"),
            "Option2 Value": ordered["option2"].fillna(""),
            "Option3 Value": ordered["option3"].fillna(""),
            "Variant SKU": ordered["sku"],
            "Variant Inventory Policy": selling.map({True: "continue", False: "deny"}),
        }).sort_values(["Handle", "Variant SKU"], kind="stable").reset_index(drop=True)
    if platform == "woocommerce":
        return pd.DataFrame({
            "ID": rows["external_id"].fillna(""), "SKU": rows["sku"],
            "Backorders allowed?": selling.map({True: "notify", False: "0"}),
            "In stock?": [("backorder" if s else "0" if o else "1")
                          for s, o in zip(selling, stopped, strict=True)],
        })
    if platform == "magento":
        cap = pd.to_numeric(rows["cap"], errors="coerce").fillna(0).astype(int)
        return pd.DataFrame({
            "sku": rows["sku"], "store_view_code": "",
            "allow_backorders": selling.astype(int) * 2,
            "use_config_backorders": 0, "is_in_stock": (~stopped).astype(int),
            "out_of_stock_qty": (-cap).where(selling, 0),
        })
    raise ValueError(f"'{platform}' is not one of: {', '.join(EXPORT_PLATFORMS)}")


def notification_list(engine: Engine) -> pd.DataFrame:
    """The customer notification outbox, newest first."""
    return outbox(engine)[["created_at", "kind", "recipient", "sku", "order_number",
                           "subject", "body", "status", "sent_at"]]


EXPORT_TABLES = tuple(t.name for t in Base.metadata.sorted_tables if t.name != "settings")


def table_counts(engine: Engine) -> pd.DataFrame:
    """Rows per stored table (``table`` as a merchant reads its name, ``rows``)."""
    rows = []
    with engine.connect() as connection:
        for name in EXPORT_TABLES:
            count = connection.execute(
                select(func.count()).select_from(Base.metadata.tables[name])).scalar_one()
            rows.append({"table": name.replace("_", " ").capitalize(), "rows": int(count)})
    return pd.DataFrame(rows)


def table_frame(engine: Engine, name: str) -> pd.DataFrame:
    """Every row of one stored table, ordered by its key."""
    if name not in EXPORT_TABLES:
        raise ValueError(f"'{name}' is not one of: {', '.join(EXPORT_TABLES)}")
    table = Base.metadata.tables[name]
    with engine.connect() as connection:
        result = connection.execute(select(table).order_by(*table.primary_key.columns))
        frame = pd.DataFrame(result.all(), columns=list(result.keys()))
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = frame[column].map(lambda v: getattr(v, "value", v))
    return frame
