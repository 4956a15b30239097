"""Plotly figure builders: DataFrames in, a titled figure out, no Streamlit calls.

One module per subject (``overview``, ``stock``, ``aging``, ``preorders``, ``supply``,
``whatif``, ``store``); ``style`` holds the house layout and the colours they share.
Text from the merchant's files goes through ``restock_ui.safe`` so it shows literally.
"""
