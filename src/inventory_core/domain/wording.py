"""How dates, money and numbers read for customers and merchants, in the store's locale.

The store's locale and currency (``StoreLocale``, from the Settings page) decide how
every date, amount and number reads, through Babel: ``format_date`` writes a date
(``Dec 3, 2026`` in en_US, ``3. Dez. 2026`` in de_DE, ``3 déc. 2026`` in fr_FR),
``format_money`` an amount (``$1,234.56``, ``1.234,56 €``) and ``format_number`` a
number (``12,345``, ``12.345``). Notes, messages, reasons and the pages all write
through them.

Like the clock, the locale in force is one value for the work in hand: the app sets
its store's locale for each run of a page (``use_locale``), and a service that writes
customer messages outside the app (the outbox's refresh, the command line) writes
them inside ``formatting(locale)``. Without either, a store reads as en_US in US
dollars, the defaults of the settings.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import pandas as pd
from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_date
from babel.dates import match_skeleton
from babel.numbers import (
    format_currency,
    format_decimal,
    get_currency_name,
    get_currency_precision,
    is_currency,
)

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
KNOWN_PLACEHOLDERS = frozenset({"date"})
DATE_SKELETON = "yMMMd"
"""A date as people read it: day, abbreviated month and year, in the locale's order."""
NUMERIC_DATE_SKELETON = "yMd"
"""A date in digits only, in the locale's order (``12/3/2026``, ``3.12.2026``)."""


@dataclass(frozen=True)
class StoreLocale:
    """How the store writes for people: ``locale`` (a Babel/CLDR name such as en_US,
    de_DE, fr_FR, en_GB) and ``currency`` (an ISO 4217 code such as USD, EUR, GBP)."""

    locale: str = "en_US"
    currency: str = "USD"

    @property
    def babel(self) -> Locale:
        """The Babel locale (en_US when the name is not one Babel knows)."""
        return babel_locale(self.locale)

    @property
    def date_pattern(self) -> str:
        """The CLDR pattern of a date as people read it (``MMM d, y`` in en_US)."""
        return skeleton_pattern(self.locale, DATE_SKELETON)

    @property
    def numeric_date_pattern(self) -> str:
        """The CLDR pattern of a date in digits (``M/d/y`` in en_US, ``d.M.y`` in de_DE)."""
        return skeleton_pattern(self.locale, NUMERIC_DATE_SKELETON)

    @property
    def separators(self) -> str:
        """The decimal sign and the thousands separator (``.,`` in en_US, ``,.`` in de_DE)."""
        symbols = self.babel.number_symbols["latn"]
        return str(symbols["decimal"]) + str(symbols["group"])

    @property
    def currency_symbol(self) -> str:
        """The currency's sign in this locale (``$``, ``€``, ``US$`` in en_GB)."""
        return str(self.babel.currency_symbols.get(self.currency, self.currency))


DEFAULT_LOCALE = StoreLocale()
_CURRENT: contextvars.ContextVar[StoreLocale | None] = contextvars.ContextVar(
    "store_locale", default=None)


def current_locale() -> StoreLocale:
    """The store locale in force (``use_locale``, ``formatting``), else en_US and USD."""
    return _CURRENT.get() or DEFAULT_LOCALE


def use_locale(locale: StoreLocale) -> None:
    """Make ``locale`` the one in force for the rest of this thread's work (the app sets
    its store's at the start of every run of a page)."""
    _CURRENT.set(locale)


@contextmanager
def formatting(locale: StoreLocale) -> Iterator[StoreLocale]:
    """Within the block, dates, money and numbers read in ``locale``; then as before."""
    token = _CURRENT.set(locale)
    try:
        yield locale
    finally:
        _CURRENT.reset(token)


@functools.lru_cache(maxsize=64)
def babel_locale(name: str) -> Locale:
    """The Babel locale named ``name`` (en_US when Babel does not know it)."""
    try:
        return Locale.parse(name)
    except (ValueError, TypeError, UnknownLocaleError):
        return Locale.parse("en_US")


def known_locale(name: str) -> bool:
    """True when Babel knows the locale ``name`` (en_US, de_DE, fr_CA …)."""
    try:
        Locale.parse(name)
    except (ValueError, TypeError, UnknownLocaleError):
        return False
    return True


def locale_label(name: str) -> str:
    """The locale as a merchant picks it: ``English (United States) · en_US``."""
    return f"{babel_locale(name).get_display_name('en')} · {name}"


def currency_label(code: str) -> str:
    """The currency as a merchant picks it: ``USD · US Dollar``."""
    return f"{code} · {get_currency_name(code, locale='en')}"


def known_currency(code: str) -> bool:
    """True when ``code`` is an ISO 4217 currency code Babel knows (USD, EUR, GBP …)."""
    return is_currency(code)


@functools.lru_cache(maxsize=64)
def skeleton_pattern(locale: str, skeleton: str) -> str:
    """The locale's CLDR date pattern for ``skeleton`` (``yMMMd`` → ``d. MMM y`` in de)."""
    skeletons = babel_locale(locale).datetime_skeletons
    return str(skeletons[match_skeleton(skeleton, skeletons) or skeleton])


def format_date(value: dt.date | dt.datetime | None, missing: str = "—") -> str:
    """A date as people read it in the store's locale: ``Dec 3, 2026`` (en_US),
    ``3. Dez. 2026`` (de_DE); ``missing`` when there is none."""
    if value is None or value != value:  # None or NaT/NaN
        return missing
    day = value.date() if isinstance(value, dt.datetime) else value
    return _date_text(day, current_locale())


@functools.lru_cache(maxsize=8192)
def _date_text(day: dt.date, locale: StoreLocale) -> str:
    """``day`` as ``format_date`` writes it in ``locale``: each day once per locale (a
    table or a batch of messages repeats the same few hundred days)."""
    return str(babel_date(day, format=locale.date_pattern, locale=locale.babel))


def number_pattern(decimals: int) -> str:
    """The CLDR pattern of a grouped number with ``decimals`` places (``#,##0.00``)."""
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


def format_number(value: float | None, decimals: int = 0, missing: str = "—") -> str:
    """A number in the store's locale: ``12,345`` (en_US), ``12.345`` (de_DE), with
    ``decimals`` places; ``missing`` when there is none."""
    if value is None or value != value:
        return missing
    return str(format_decimal(value, format=number_pattern(decimals),
                              locale=current_locale().babel))


def format_money(value: float | None, decimals: int | None = None,
                 currency: str | None = None, missing: str = "—") -> str:
    """An amount in the store's currency and locale: ``$1,234.56`` (en_US, USD),
    ``1.234,56 €`` (de_DE, EUR). ``decimals`` fixes the places shown; None shows the
    currency's own (2 for EUR, 0 for JPY). ``currency`` (an ISO code) overrides the
    store's; ``missing`` when there is no amount."""
    if value is None or value != value:
        return missing
    return _money_text(value, decimals, currency, current_locale())


@functools.lru_cache(maxsize=8192)
def _money_text(value: float, decimals: int | None, currency: str | None,
                locale: StoreLocale) -> str:
    """An amount as ``format_money`` writes it in ``locale``: each amount once (prices
    repeat across a catalog's lines and messages)."""
    code = currency or locale.currency
    places = get_currency_precision(code) if decimals is None else decimals
    pattern = locale.babel.currency_formats["standard"].pattern
    pattern = re.sub(r"0(\.0+)?", "0" + ("." + "0" * places if places else ""), pattern,
                     count=1)
    return str(format_currency(value, code, format=pattern, currency_digits=False,
                               locale=locale.babel))


def format_dates(values: pd.Series, missing: str = "—") -> pd.Series:
    """A column of dates as people read them (``format_date``, the store's locale), each
    distinct date formatted once."""
    codes, days = pd.factorize(pd.to_datetime(values))  # no date: code -1
    shown = np.array([format_date(day) for day in days] + [missing], dtype=object)
    return pd.Series(shown[codes], index=values.index)


def render_note(template: str, date: dt.date | None) -> str:
    """The customer note with ``{date}`` filled in (``soon`` when no date is known).

    Placeholders other than ``{date}`` are left as written; ``unknown_placeholders``
    finds them so the policy form can refuse them.
    """
    shown = format_date(date, missing="soon")
    return PLACEHOLDER.sub(lambda m: shown if m.group(1) == "date" else m.group(0), template)


def unknown_placeholders(template: str) -> list[str]:
    """Placeholders in ``template`` that a note cannot fill, e.g. ``['{when}']``."""
    return [f"{{{name}}}" for name in PLACEHOLDER.findall(template or "")
            if name not in KNOWN_PLACEHOLDERS]
