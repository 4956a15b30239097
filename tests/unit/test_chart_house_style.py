"""The charts' house style (issue 17): titles never cut on a phone, red and amber for
problems only, a few calm colours and the rest as Other."""

from __future__ import annotations

import pandas as pd

from restock_ui.charts import preorders
from restock_ui.charts.style import OTHER, OTHER_COLOR, SERIES, TITLE_WIDTH, title_lines, titled

RED, AMBER = "#c62828", "#f9a825"


def test_a_long_title_breaks_between_words_into_lines_a_phone_shows_whole():
    title = "Stock vs reorder point: the 15 best sellers to reorder"  # 54 characters
    assert title_lines(title) == ["Stock vs reorder point: the 15 best", "sellers to reorder"]
    assert all(len(line) <= TITLE_WIDTH for line in title_lines(title))
    assert title_lines("SKUs by days of cover") == ["SKUs by days of cover"]


def test_a_two_line_title_gets_the_room_of_its_second_line():
    import plotly.graph_objects as go

    figure = titled(go.Figure(), "Stock vs reorder point: the 15 best sellers to reorder")
    assert figure.layout.title.text.count("<br>") == 1
    assert figure.layout.margin.t == 70 and figure.layout.height == 360


def test_pre_orders_per_day_colour_four_products_and_group_the_rest_as_other():
    days = pd.to_datetime(["2026-11-01"] * 7)
    per_day = pd.DataFrame({"day": days, "sku": list("ABCDEFG"), "units": [7, 6, 5, 4, 3, 2, 1]})
    figure = preorders.preorders_per_day(per_day, {s: s.lower() for s in "ABCDEFG"})
    colours = {trace.name: trace.marker.color for trace in figure.data}
    assert list(colours) == ["A · a", "B · b", "C · c", "D · d", OTHER]  # E, F, G as Other
    assert list(colours.values()) == [*SERIES[:4], OTHER_COLOR]
    assert RED not in SERIES and AMBER not in SERIES
    other = next(trace for trace in figure.data if trace.name == OTHER)
    assert list(other.y) == [6]  # E 3 + F 2 + G 1
