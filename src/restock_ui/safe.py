"""User text (product names, notes, e-mails, file contents) shown as text, never as markup.

Streamlit shows text in tables, metrics, widgets and ``st.text`` as plain text.
Two places interpret what they are given and need the helpers here:

- Plotly renders labels, tick texts and hover texts as a small HTML subset:
  ``plotly_text`` / ``plotly_frame`` escape ``&``, ``<`` and ``>`` so a name like
  ``<img src=x onerror=alert(1)>`` shows literally.
- ``st.markdown``, ``st.caption``, ``st.info`` / ``st.error`` and widget labels read
  Markdown: ``md`` escapes every character Markdown (and Streamlit's ``:color[…]``,
  ``:material/…:`` and ``$…$`` extensions) would act on.

Never pass user text to ``unsafe_allow_html=True`` or ``st.html``
(tests/unit/test_safe_rendering.py checks every call in pages/ and restock_ui/).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

_PLOTLY = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$&=\"'])")
_JOINER = "\u2060"  # WORD JOINER: invisible, and no link starts across it
_AUTOLINK = re.compile(r"://|(?i:www)\.|@")


def plotly_text(value: object) -> object:
    """``value`` as Plotly shows it literally (non-text values are returned as they are)."""
    return value.translate(_PLOTLY) if isinstance(value, str) else value


def plotly_frame(frame: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    """A copy of ``frame`` whose text ``columns`` Plotly shows literally."""
    safe = frame.copy()
    for column in columns:
        if column in safe.columns:
            safe[column] = safe[column].map(plotly_text)
    return safe


def md(value: object) -> str:
    """``value`` as text for Markdown: every character Markdown would act on is escaped,
    and addresses it would turn into links by themselves (``https://…``, ``www.…``,
    ``name@example.com``) are kept apart by an invisible word joiner."""
    text = "" if value is None else str(value)
    text = _AUTOLINK.sub(lambda m: m[0][:-1] + _JOINER + m[0][-1], text)
    return _MARKDOWN.sub(r"\\\1", text).replace("\n", "  \n")
