"""The Streamlit app's helpers, by kind; the pages (``pages/``) draw with them.

- ``session``: which store this session works on (``store()``, ``engine()``), who is
  acting (``actor()``, ``can_edit()``) and the day (``today()``); ``sign_in`` (the gate
  and the sign-in screen), ``demo`` (a visitor's own sandbox), ``config`` (settings
  from the environment and secrets), ``engines`` (the one place engines are made).
- ``reads``: every cached read of the pages, keyed by the store and its generation;
  ``reads.changed(store)`` after a write refreshes that store's reads only.
- ``views``: the frames, choices and sentences a page shows, worked out from what the
  core returns (view-models: no drawing).
- ``charts``: pure Plotly builders, frames in and a figure out.
- ``widgets``: page parts (header, empty states, errors), tables and their downloads,
  column formats, the sidebar filters, and remembered figures; ``fmt`` (numbers, money,
  dates as text) and ``safe`` (user text shown as text) serve them all.
- ``navigation``: the pages, grouped as the sidebar shows them.

The core is used through its public names only (``from inventory_core import …``).
"""
