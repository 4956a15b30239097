"""Money, numbers and dates in the store's locale: the core's writers (domain.wording)
and the UI's shapes for the renderers (restock_ui.fmt), checked by hand per locale."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from inventory_core.domain.messages import alternatives_text
from inventory_core.domain.wording import (
    StoreLocale,
    current_locale,
    format_date,
    format_dates,
    format_money,
    format_number,
    formatting,
    render_note,
)
from restock_ui import fmt
from restock_ui.widgets import figures

DAY = dt.date(2026, 12, 1)
GERMAN = StoreLocale("de_DE", "EUR")


@pytest.mark.parametrize(("locale", "currency", "date", "money", "whole", "number"), [
    ("en_US", "USD", "Dec 1, 2026", "$1,234.56", "$1,235", "12,345.6"),
    ("de_DE", "EUR", "1. Dez. 2026", "1.234,56\xa0€", "1.235\xa0€", "12.345,6"),
    ("fr_FR", "EUR", "1 déc. 2026", "1\u202f234,56\xa0€", "1\u202f235\xa0€", "12\u202f345,6"),
    ("en_GB", "GBP", "1 Dec 2026", "£1,234.56", "£1,235", "12,345.6"),
    ("ja_JP", "JPY", "2026年12月1日", "￥1,235", "￥1,235", "12,345.6"),
])
def test_each_locale_writes_dates_money_and_numbers_its_own_way(
        locale, currency, date, money, whole, number):
    with formatting(StoreLocale(locale, currency)):
        assert format_date(DAY) == date
        assert format_money(1234.56) == money  # the currency's own places (none for yen)
        assert format_money(1234.56, 0) == whole
        assert format_number(12345.6, 1) == number


def test_without_a_locale_in_force_the_store_reads_us_english_in_dollars():
    assert current_locale() == StoreLocale("en_US", "USD")
    assert format_date(dt.datetime(2026, 12, 3, 23, 59)) == "Dec 3, 2026"
    assert format_date(None) == "—" and format_money(float("nan")) == "—"


def test_the_formatting_block_ends_where_it_ends():
    with formatting(GERMAN):
        assert render_note("Lieferung ab {date}", DAY) == "Lieferung ab 1. Dez. 2026"
        assert list(format_dates(pd.Series([DAY, None, DAY]))) == [
            "1. Dez. 2026", "—", "1. Dez. 2026"]
    assert render_note("Ships {date}", DAY) == "Ships Dec 1, 2026"


def test_alternatives_in_a_message_carry_the_price_in_the_stores_money():
    rows = pd.DataFrame({"name": ["Auto Gadget"], "price": [1030.0]}).itertuples()
    with formatting(GERMAN):
        assert alternatives_text(rows, "EUR") == "Auto Gadget (1.030,00\xa0€)"


def test_table_money_is_text_padded_so_that_sorting_the_text_sorts_the_amounts():
    with formatting(GERMAN):
        cells = fmt.money_cells(pd.Series([50.0, 1234.0, None, 9.0]))
    assert list(cells) == ["   50\xa0€", "1.234\xa0€", "      —", "    9\xa0€"]
    amounts = [c for c in cells if "€" in c]
    assert sorted(amounts) == ["    9\xa0€", "   50\xa0€", "1.234\xa0€"]


@pytest.mark.parametrize(("locale", "moment", "d3", "separators", "affixes"), [
    ("en_US", "MMM D, YYYY", "%b %-d, %Y", ".,", ("$", "")),
    ("en_GB", "D MMM YYYY", "%-d %b %Y", ".,", ("US$", "")),
    ("de_DE", "D.M.YYYY", "%-d.%-m.%Y", ",.", ("", "\xa0$")),
    ("fr_FR", "DD/MM/YYYY", "%d/%m/%Y", ",\u202f", ("", "\xa0$US")),
])
def test_renderers_get_the_store_locales_shapes(locale, moment, d3, separators, affixes):
    """Streamlit's date columns and Plotly know English month names only: English
    locales get the words, the others the locale's digits."""
    with formatting(StoreLocale(locale, "USD")):
        assert fmt.date_column_format() == moment
        assert fmt.d3_date_format() == d3
        assert DAY.strftime(fmt.d3_date_format()) == format_date(DAY) or locale[:2] != "en"
        assert fmt.separators() == separators
        assert fmt.money_affixes() == affixes


@pytest.mark.parametrize(("locale", "ticks"), [
    ("en_US", "%b %-d<br>%Y"), ("de_DE", "%-d.%-m.<br>%Y"), ("en_GB", "%-d %b<br>%Y"),
    ("fr_FR", "%d/%m<br>%Y"), ("sv_SE", "%m-%d<br>%Y"),
])
def test_chart_axes_write_the_day_and_month_the_stores_way_the_year_below(locale, ticks):
    with formatting(StoreLocale(locale, "EUR")):
        assert fmt.d3_tick_format() == ticks


def test_a_remembered_chart_is_drawn_again_for_another_locale():
    weeks = pd.DataFrame({"week_start": pd.to_datetime(["2026-11-23", "2026-11-30"]),
                          "stock": [1, 2], "backorder": [0, 1], "preorder": [0, 0]})
    american = figures.weekly_orders(weeks, "A-RED")
    with formatting(GERMAN):
        german = figures.weekly_orders(weeks, "A-RED")
    assert american.layout.xaxis.tickformat == "%b %-d<br>%Y"
    assert german.layout.xaxis.tickformat == "%-d.%-m.<br>%Y"
    assert german.layout.separators == ",."
    assert figures.weekly_orders(weeks, "A-RED") is american  # the same figure, once
