"""No user text reaches the page as HTML: escaping helpers, charts, and a scan of the code."""

from __future__ import annotations

import ast
from pathlib import Path

import pandas as pd

from inventory_core import BUCKET_LABELS, StorefrontState
from restock_ui.charts import aging, overview, preorders, supply
from restock_ui.safe import md, plotly_frame, plotly_text

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = "<img src=x onerror=alert(1)>"
SCANNED = [ROOT / "dashboard.py", *sorted((ROOT / "pages").glob("*.py")),
           *sorted((ROOT / "src" / "restock_ui").rglob("*.py"))]


def test_plotly_text_escapes_markup_so_it_shows_literally():
    assert plotly_text(HOSTILE) == "&lt;img src=x onerror=alert(1)&gt;"
    assert plotly_text("Harbor & Pine") == "Harbor &amp; Pine"
    assert plotly_text(12) == 12
    frame = plotly_frame(pd.DataFrame({"name": [HOSTILE], "n": [1]}), ["name", "missing"])
    assert list(frame["name"]) == ["&lt;img src=x onerror=alert(1)&gt;"]


def test_md_escapes_everything_markdown_would_act_on():
    assert md(HOSTILE) == r"\<img src\=x onerror\=alert\(1\)\>"
    assert md("**bold** [link](javascript:alert(1)) :red[x] $x$") == (
        r"\*\*bold\*\* \[link\]\(javascript\:alert\(1\)\) \:red\[x\] \$x\$")
    assert md(None) == ""


def test_a_category_named_like_html_is_escaped_in_the_category_chart():
    skus = pd.DataFrame({"category": [HOSTILE, HOSTILE, "Toys"],
                         "state": [StorefrontState.IN_STOCK, StorefrontState.BACKORDER,
                                   StorefrontState.IN_STOCK]})
    figure = overview.skus_by_category(skus)
    labels = {y for trace in figure.data for y in trace.y}
    assert labels == {"&lt;img src=x onerror=alert(1)&gt;", "Toys"}
    assert HOSTILE not in figure.to_json()


def _calls_with_markup(tree: ast.AST):
    """Every call that renders its first argument as HTML."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        unsafe = any(k.arg == "unsafe_allow_html" and not (
            isinstance(k.value, ast.Constant) and k.value.value is False)
            for k in node.keywords)
        html_call = isinstance(node.func, ast.Attribute) and node.func.attr == "html"
        if unsafe or html_call:
            yield node


def _fixed_text(node: ast.AST | None) -> bool:
    """True for a string literal (an f-string only when it interpolates nothing)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return all(isinstance(part, ast.Constant) for part in node.values)
    return False


def test_no_page_or_helper_passes_anything_but_fixed_text_as_html():
    offenders = []
    for file in SCANNED:
        for call in _calls_with_markup(ast.parse(file.read_text(), filename=str(file))):
            first = call.args[0] if call.args else next(
                (k.value for k in call.keywords if k.arg in ("body", "html")), None)
            if not _fixed_text(first):
                offenders.append(f"{file.relative_to(ROOT)}:{call.lineno}")
    assert offenders == [], "HTML built from data: " + ", ".join(offenders)


def test_the_scan_catches_markup_built_from_data():
    code = ('import streamlit as st\nname = "x"\n'
            'st.markdown(f"<b>{name}</b>", unsafe_allow_html=True)\n'
            'st.html("<hr>")\nst.html(name)\n'
            'st.markdown("<hr>", unsafe_allow_html=True)\n')
    flagged = [call.lineno for call in _calls_with_markup(ast.parse(code))
               if not _fixed_text(call.args[0])]
    assert flagged == [3, 5]


def test_merchant_texts_in_the_monitor_and_supply_charts_show_literally():
    demand = pd.DataFrame({"sku": [HOSTILE], "name": [HOSTILE], "release_date": [pd.Timestamp(
        "2026-12-01").date()], "opened": [None], "coverage": [0], "preorder_units": [1],
        "coverage_label": ["Covered"]})
    stats = pd.DataFrame({"supplier": [HOSTILE], "on_time_rate": [0.9], "received_pos": [3],
                          "p50_delay": [1], "p90_delay": [4]})
    figures = [preorders.release_timeline(demand, pd.Timestamp("2026-11-26").date()),
               aging.aging_split(pd.DataFrame({"supplier": [HOSTILE], **{
                   b: [1] for b in BUCKET_LABELS}}), "supplier", HOSTILE),
               supply.supplier_on_time(stats), supply.supplier_delays(stats)]
    for figure in figures:
        texts = list(_strings(figure.to_plotly_json()))
        assert not [t for t in texts if "<img" in t]  # every label, title and hover escaped
        assert any("&lt;img src=x onerror=alert(1)&gt;" in t for t in texts)


def _strings(value):
    """Every string in a figure's description (its JSON turns "<" into an escape code)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple) or hasattr(value, "tolist"):
        for item in (value.tolist() if hasattr(value, "tolist") else value):
            yield from _strings(item)
