"""Taking data out: policies in each platform's import format, any table as CSV or Excel.

Every file this module writes is safe to open in a spreadsheet: a text cell
that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return) is written with a leading apostrophe, so
it shows as text. Numbers stay numbers.

Policy exports carry only the columns that identify a product and the stock
settings they mean to change, so importing them into the store changes nothing
else (``platform_policy_file``; what each platform's file holds is in
docs/formats.md#exporting):

- Shopify (matched by handle, title and option values): ``Handle``, ``Title``,
  ``Option1..3 Name``, ``Option1..3 Value``, ``Variant SKU`` and
  ``Variant Inventory Policy`` (``continue`` for backorder and pre-order, ``deny``
  otherwise), in the header style of the store's own products export (classic, or
  2024+: ``URL handle``, ``Option1 name``, ``SKU``, ``Continue selling when out of
  stock``) as the last import said, classic when no import said. Titles and option
  names come from that import; a product with options whose names no import gave is
  left out (and said so): a file without them could replace its variants.
- WooCommerce (matched by ID or SKU): ``ID``, ``SKU``, ``Backorders allowed?``
  (``notify`` for backorder and pre-order, else ``0``) and ``In stock?``
  (``backorder``; ``0`` for out of stock and discontinued; else ``1``).
- Magento 2 (matched by sku): ``sku``, ``store_view_code`` (blank: all views) and,
  only for the SKUs whose policy differs from what the store had, ``allow_backorders``
  (2 = Allow Qty Below 0 and Notify Customer, else 0) with ``use_config_backorders``
  0, ``is_in_stock`` (0 for out of stock and discontinued), a cap as
  ``out_of_stock_qty`` (minus the cap) with ``use_config_min_qty`` 0 (else 1: the
  store's default), and the restock date, release date, note and button label in
  ``additional_attributes`` under the codes the store's own export used. Blank
  cells leave Magento's values as they are.

``changed_only`` keeps the SKUs whose policy (as the platform's file writes it)
differs from what the last import of that platform said the store had; a SKU no
import spoke of counts as differing.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import Engine, func, select

from inventory_core.domain.enums import PolicyMode
from inventory_core.io.imports.identity import NO_SKU
from inventory_core.io.imports.shopify import DEFAULT_OPTION
from inventory_core.io.imports.store_memory import CLASSIC, MODERN, store_said
from inventory_core.services.notifications import outbox
from inventory_core.store.frames import read_frames, shaped
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


POLICY_ROW_COLUMNS = ["sku", "name", "group_key", "option1", "option2", "option3",
                      "external_id", "mode", "cap", "restock_date", "release_date",
                      "customer_note", "button_label"]


def policy_rows(engine: Engine) -> pd.DataFrame:
    """Every SKU with its platform identifiers and policy (mode, cap, dates, texts), by SKU."""
    query = (select(Product.sku, Product.name, Product.group_key, Product.option1,
                    Product.option2, Product.option3, Product.external_id, Policy.mode,
                    Policy.cap, Policy.restock_date, Policy.release_date,
                    Policy.customer_note, Policy.button_label)
             .join(Policy, Policy.sku == Product.sku).order_by(Product.sku))
    frame = shaped(read_frames(engine, [query])[0], POLICY_ROW_COLUMNS)
    frame["mode"] = frame["mode"].map(lambda m: str(getattr(m, "value", m)))
    for column in ("restock_date", "release_date"):  # a day, however the driver gave it
        days = pd.to_datetime(frame[column], format="ISO8601")
        frame[column] = days.dt.date.astype(object).where(days.notna(), None)
    return frame


@dataclass(frozen=True)
class PolicyFile:
    """A platform's policy file and what the merchant should know about it."""

    frame: pd.DataFrame
    notes: list[str] = field(default_factory=list)


SHOPIFY_COLUMNS = {
    CLASSIC: ("Handle", "Title", "Option1 Name", "Option1 Value", "Option2 Name",
              "Option2 Value", "Option3 Name", "Option3 Value", "Variant SKU",
              "Variant Inventory Policy"),
    MODERN: ("URL handle", "Title", "Option1 name", "Option1 value", "Option2 name",
             "Option2 value", "Option3 name", "Option3 value", "SKU",
             "Continue selling when out of stock"),
}
MAGENTO_SETTINGS = ("allow_backorders", "use_config_backorders", "is_in_stock",
                    "out_of_stock_qty", "use_config_min_qty", "additional_attributes")
ATTRIBUTE_CODES = {"restock_date": "restock_date", "release_date": "release_date",
                   "customer_note": "customer_note", "button_label": "button_label"}
"""The codes a Magento export uses for the policy's texts when no import named the
store's own."""
NO_OPTIONS = ("Title", DEFAULT_OPTION)


def _text(values: pd.Series) -> pd.Series:
    """Cells as text, blank where missing."""
    return values.astype(object).where(values.notna(), "").astype(str)


def _joined(parts: list[pd.Series], separator: str) -> pd.Series:
    """The non-blank cells of each row joined with ``separator``."""
    joined = parts[0]
    for part in parts[1:]:
        joined = joined.where(part.eq(""), (joined + separator + part).where(joined.ne(""),
                                                                              part))
    return joined


def _without_suffix(texts: pd.Series, suffixes: pd.Series, strip: pd.Series) -> pd.Series:
    """Each text without its row's suffix, where ``strip`` holds and it ends so."""
    return pd.Series([t[: -len(x)] if s and x and t.endswith(x) else t
                      for t, x, s in zip(texts, suffixes, strip, strict=True)],
                     index=texts.index, dtype=object)


def _options(rows: pd.DataFrame) -> list[pd.Series]:
    return [_text(rows[f"option{i}"]) for i in (1, 2, 3)]


def store_skus(rows: pd.DataFrame) -> pd.Series:
    """The SKUs as the store has them: blank for a variant without one (stored under a
    derived key), the shared SKU for a variant kept apart as ``SKU (handle / options)``."""
    keys = rows["sku"].astype(str)
    shown = _joined([_text(rows["group_key"]), *_options(rows)], " / ")
    skus = _without_suffix(keys, " (" + shown + ")", shown.ne(""))
    return skus.mask(keys.str.startswith(NO_SKU + " "), "")


def _handles(rows: pd.DataFrame) -> pd.Series:
    """Each product's handle: its group key, else its name (or SKU) as a slug."""
    key = _text(rows["group_key"])
    missing = key.eq("")
    if not missing.any():
        return key
    names, skus = _text(rows["name"])[missing], rows["sku"][missing].astype(str)
    named = names.where(names.ne(""), skus)
    slug = named.str.lower().str.replace(r"[^a-z0-9]+", "-", regex=True).str.strip("-")
    return key.mask(missing, slug.where(slug.ne(""), skus.str.lower()))


def _shopify(rows: pd.DataFrame, selling: pd.Series, said: dict[str, Any]) -> PolicyFile:
    style = said.get("header", CLASSIC)
    known = said.get("products", {})
    handles = _handles(rows)
    options = _options(rows)
    count = sum(o.ne("").astype(int) for o in options) if len(rows) else pd.Series(dtype=int)
    remembered = [known.get(h, {}) for h in handles]
    table = pd.DataFrame([[*(p.get("options") or [])[:3], "", "", ""][:3] for p in remembered],
                         index=rows.index, columns=[0, 1, 2], dtype=object)
    names = [_text(table[i]) for i in range(3)]
    named = sum(n.ne("").astype(int) for n in names) if len(rows) else count
    unnamed = count.gt(0) & named.lt(count)
    plain = count.eq(0)
    title = _without_suffix(_text(rows["name"]), " - " + _joined(options, " / "), ~plain)
    titles = pd.Series([p.get("title") or "" for p in remembered], index=rows.index,
                       dtype=object)
    title = titles.where(titles.ne(""), title)
    cells = {}
    for i in range(3):
        first = i == 0
        cells[f"n{i}"] = names[i].where(~plain, NO_OPTIONS[0] if first else "") \
            .where(options[i].ne("") | plain, "")
        cells[f"v{i}"] = options[i].where(~plain, NO_OPTIONS[1] if first else "")
    frame = pd.DataFrame({
        "handle": handles, "title": title,
        **{k: cells[k] for i in range(3) for k in (f"n{i}", f"v{i}")},
        "sku": store_skus(rows) if len(rows) else rows["sku"],
        "policy": selling.map({True: "continue", False: "deny"}),
    })[~unnamed.to_numpy()]
    frame.columns = list(SHOPIFY_COLUMNS[style])
    frame = frame.sort_values([frame.columns[0], frame.columns[8]], kind="stable")
    notes = []
    left_out = rows["sku"][unnamed].astype(str).tolist()
    if left_out:
        notes.append(f"{len(left_out):,} SKUs left out ({', '.join(left_out[:5])}"
                     f"{', …' if len(left_out) > 5 else ''}): their products have options "
                     "whose names no Shopify products export gave; import the store's "
                     "products export first")
    return PolicyFile(frame.reset_index(drop=True), notes)


def _magento(rows: pd.DataFrame, selling: pd.Series, stopped: pd.Series,
             differs: pd.Series, said: dict[str, Any]) -> pd.DataFrame:
    cap = pd.to_numeric(rows["cap"], errors="coerce")
    capped = selling & cap.notna()
    codes = {**ATTRIBUTE_CODES, **said.get("attribute_codes", {})}
    frame = pd.DataFrame({
        "sku": rows["sku"], "store_view_code": "",
        "allow_backorders": selling.astype(int) * 2, "use_config_backorders": 0,
        "is_in_stock": (~stopped).astype(int),
        "out_of_stock_qty": [int(-c) if k else "" for c, k in zip(cap, capped, strict=True)],
        "use_config_min_qty": (~capped).astype(int),
        "additional_attributes": _attributes(rows, codes),
    })
    keep = differs.to_numpy()
    for column in MAGENTO_SETTINGS:
        frame[column] = frame[column].astype(object).where(keep, "")
    return frame


def _attributes(rows: pd.DataFrame, codes: dict[str, str]) -> pd.Series:
    """The policy's texts as Magento's ``code=value,code=value`` (quoted with a comma)."""
    pairs = []
    for field_name in ATTRIBUTE_CODES:
        text = _text(rows[field_name])
        quoted = text.str.contains(",", regex=False) | text.str.contains('"', regex=False)
        text = text.mask(quoted, '"' + text.str.replace('"', '""', regex=False) + '"')
        pairs.append((codes[field_name] + "=" + text).where(text.ne(""), ""))
    return _joined(pairs, ",") if pairs else pd.Series("", index=rows.index)


def _platform_rows(rows: pd.DataFrame, platform: str, said: dict[str, Any]) -> PolicyFile:
    selling = rows["mode"].isin(SELLING)
    stopped = rows["mode"].isin(STOPPED)
    if platform == "shopify":
        return _shopify(rows, selling, said)
    if platform == "woocommerce":
        return PolicyFile(pd.DataFrame({
            "ID": rows["external_id"].fillna(""),
            "SKU": store_skus(rows) if len(rows) else rows["sku"],
            "Backorders allowed?": selling.map({True: "notify", False: "0"}),
            "In stock?": [("backorder" if s else "0" if o else "1")
                          for s, o in zip(selling, stopped, strict=True)],
        }))
    if platform == "magento":
        return PolicyFile(_magento(rows, selling, stopped, _differs(rows, platform, said),
                                   said))
    raise ValueError(f"'{platform}' is not one of: {', '.join(EXPORT_PLATFORMS)}")


def _differs(rows: pd.DataFrame, platform: str, said: dict[str, Any]) -> pd.Series:
    """Per SKU: its policy file row would differ from the row of the policy the last
    import said the store had (True for a SKU no import spoke of)."""
    had = said.get("policies", {})
    known = rows["sku"].isin(list(had))
    before = rows.assign(mode=rows["sku"].map(lambda s: had.get(s, [None, None])[0]),
                         cap=rows["sku"].map(lambda s: had.get(s, [None, None])[1]))
    selling_now, selling_then = rows["mode"].isin(SELLING), before["mode"].isin(SELLING)
    stopped_now, stopped_then = rows["mode"].isin(STOPPED), before["mode"].isin(STOPPED)
    cap_now = pd.to_numeric(rows["cap"], errors="coerce").where(selling_now)
    cap_then = pd.to_numeric(before["cap"], errors="coerce").where(selling_then)
    same = selling_now.eq(selling_then)
    if platform != "shopify":
        same &= stopped_now.eq(stopped_then)
    if platform == "magento":
        same &= (cap_now.eq(cap_then) | (cap_now.isna() & cap_then.isna()))
    return ~(known & same)


def platform_policy_file(engine: Engine, platform: str, *,
                         changed_only: bool = False) -> PolicyFile:
    """The store's policies as ``platform``'s import file (see the module docstring);
    with ``changed_only``, only the SKUs whose policy differs from what the store had."""
    if platform not in EXPORT_PLATFORMS:
        raise ValueError(f"'{platform}' is not one of: {', '.join(EXPORT_PLATFORMS)}")
    rows = policy_rows(engine)
    said = store_said(engine, platform)
    if changed_only:
        rows = rows[_differs(rows, platform, said).to_numpy()].reset_index(drop=True)
    return _platform_rows(rows, platform, said)


def policy_export(engine: Engine, platform: str, *, changed_only: bool = False) -> pd.DataFrame:
    """The store's policies as ``platform``'s import file (``platform_policy_file``)."""
    return platform_policy_file(engine, platform, changed_only=changed_only).frame


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
