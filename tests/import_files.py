# ruff: noqa: SIM905 - headers are kept as the platforms write them, one string each
"""Builders of store export files as the platforms write them (see FORMATS.md)."""

from __future__ import annotations

import codecs
import csv
import io

SHOPIFY_CLASSIC = (
    "Handle,Title,Body (HTML),Vendor,Product Category,Type,Tags,Published,Option1 Name,"
    "Option1 Value,Option2 Name,Option2 Value,Option3 Name,Option3 Value,Variant SKU,"
    "Variant Grams,Variant Inventory Tracker,Variant Inventory Qty,Variant Inventory Policy,"
    "Variant Fulfillment Service,Variant Price,Variant Compare At Price,"
    "Variant Requires Shipping,Variant Taxable,Variant Barcode,Image Src,Image Position,"
    "Image Alt Text,Gift Card,SEO Title,SEO Description,Google Shopping / Gender,"
    "Variant Image,Variant Weight Unit,Variant Tax Code,Cost per item,"
    "Included / United States,Price / United States,Compare At Price / United States,Status"
).split(",")
SHOPIFY_2024 = (
    "Title,URL handle,Description,Vendor,Product category,Type,Tags,"
    "Published on online store,Status,SKU,Barcode,Option1 name,Option1 value,"
    "Option1 Linked To,Option2 name,Option2 value,Price,Compare-at price,Cost per item,"
    "Charge tax,Tax code,Inventory tracker,Inventory quantity,"
    "Continue selling when out of stock,Weight value (grams),Weight unit for display,"
    "Requires shipping,Fulfillment service,Product image URL,Image position,Image alt text,"
    "Variant image URL,Gift card,SEO title,SEO description"
).split(",")
SHOPIFY_INVENTORY = (
    "Handle,Title,Option1 Name,Option1 Value,Option2 Name,Option2 Value,Option3 Name,"
    "Option3 Value,SKU,HS Code,COO,Location,Bin name,Incoming (not editable),"
    "Unavailable (not editable),Committed (not editable),Available (not editable),"
    "On hand (current),On hand (new)"
).split(",")
SHOPIFY_INVENTORY_OLDER = (
    "Handle,Title,Option1 Name,Option1 Value,Option2 Name,Option2 Value,Option3 Name,"
    "Option3 Value,SKU,HS Code,COO,Location,Incoming,Unavailable,Committed,Available,On hand"
).split(",")
SHOPIFY_ORDERS = (
    "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,"
    "Currency,Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,"
    "Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem compare at price,"
    "Lineitem sku,Lineitem requires shipping,Lineitem taxable,Lineitem fulfillment status,"
    "Billing Name,Shipping Name,Notes,Note Attributes,Cancelled at,Payment Method,"
    "Payment Reference,Refunded Amount,Vendor,Outstanding Balance,Employee,Location,"
    "Device ID,Id,Tags,Risk Level,Source,Lineitem discount"
).split(",")
WOOCOMMERCE = (
    'ID,Type,SKU,"GTIN, UPC, EAN, or ISBN",Name,Published,Is featured?,'
    "Visibility in catalog,Short description,Description,Date sale price starts,"
    "Date sale price ends,Tax status,Tax class,In stock?,Stock,Low stock amount,"
    "Backorders allowed?,Sold individually?,Weight (kg),Length (cm),Width (cm),Height (cm),"
    "Allow customer reviews?,Purchase note,Sale price,Regular price,Categories,Tags,"
    "Shipping class,Images,Download limit,Download expiry days,Parent,Grouped products,"
    "Upsells,Cross-sells,External URL,Button text,Position,Attribute 1 name,"
    "Attribute 1 value(s),Meta: _wpcom_is_markdown"
)
MAGENTO = (
    "sku,store_view_code,attribute_set_code,product_type,categories,product_websites,name,"
    "description,short_description,weight,product_online,tax_class_name,visibility,price,"
    "special_price,created_at,updated_at,new_from_date,new_to_date,additional_attributes,"
    "qty,out_of_stock_qty,use_config_min_qty,is_qty_decimal,allow_backorders,"
    "use_config_backorders,min_cart_qty,use_config_min_sale_qty,max_cart_qty,"
    "use_config_max_sale_qty,is_in_stock,notify_on_stock_below,use_config_notify_stock_qty,"
    "manage_stock,use_config_manage_stock,website_id"
).split(",")


def woocommerce_header() -> list[str]:
    """WooCommerce's header as a list (one column name holds commas)."""
    return next(csv.reader(io.StringIO(WOOCOMMERCE)))


def csv_text(header: list[str], rows: list[dict], delimiter: str = ",",
             newline: str = "\r\n", final_newline: bool = False) -> str:
    """A CSV file with ``header``; each row a dict of the cells it fills."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
    writer.writerow(header)
    for row in rows:
        unknown = set(row) - set(header)
        assert not unknown, unknown
        writer.writerow([row.get(column, "") for column in header])
    text = buffer.getvalue()
    return text if final_newline else text[: -len(newline)]


def utf8_bom(text: str) -> bytes:
    """The text as UTF-8 with a byte-order mark, as Shopify writes it."""
    return codecs.BOM_UTF8 + text.encode("utf-8")
