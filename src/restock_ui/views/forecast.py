"""The forecast's view: one SKU's sentences, and the accuracy per category as a table."""

from __future__ import annotations

from typing import Any

import pandas as pd

from inventory_core import SkuForecast, accuracy_by_category
from restock_ui import fmt

ACCURACY_NAMES = {"category": "Category", "series": "SKUs", "wape": "Forecast WAPE",
                  "smape": "Forecast sMAPE", "trailing_wape": "28-day mean WAPE",
                  "trailing_smape": "28-day mean sMAPE", "naive_wape": "Seasonal naive WAPE",
                  "naive_smape": "Seasonal naive sMAPE"}


def forecast_caption(forecast: SkuForecast) -> str:
    """What the forecast says in a sentence: units a day, when it was made, and why its
    method was chosen (plain text: Markdown-escape it before drawing)."""
    return (f"Expected {fmt.number(forecast.daily_units, 2)} units a day over the next 4 "
            f"weeks (forecast made {fmt.format_date(forecast.made_on)}); the line is each "
            "day's most likely units, the band holds 8 days in 10. Method: "
            f"{forecast.reason}.")


def accuracy_view(kept: dict[str, Any]) -> tuple[pd.DataFrame, str]:
    """The kept backtest's accuracy per category with merchant headings, and the
    sentence that says what was measured."""
    table = accuracy_by_category(kept).rename(columns=ACCURACY_NAMES)
    caption = (f"Measured by forecasting the {kept['holdout_days']} days before "
               f"{fmt.format_date(pd.Timestamp(kept['today']).date())} from the history "
               "before them, for every SKU ordered before. WAPE: units missed ÷ units "
               "ordered; sMAPE: the mean daily miss as a share of forecast and ordered "
               "units (0–200). Lower is better; the forecast is judged beside the 28-day "
               "mean and the same weekday a year earlier.")
    return table, caption
