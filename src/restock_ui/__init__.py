"""Streamlit helpers shared by the pages: session, cached reads, filters, charts."""
