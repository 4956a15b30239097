"""Data: import the store's own exports, export policies back, start an empty store or
reset to the demo store."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from inventory_core import (
    EXPORT_PLATFORMS,
    EXPORT_TABLES,
    TABLE_SPECS,
    DetectedFile,
    FileMapping,
    ImportProgress,
    ImportRefused,
    ImportSource,
    InventoryError,
    detect,
    empty_store,
    import_file,
    open_import_file,
    preview_import,
    reset_to_demo,
    save_mapping,
)
from restock_ui import fmt, reads, session
from restock_ui.safe import md
from restock_ui.views import files as view
from restock_ui.views.files import (
    EMPTY_NOTICE_KEY,
    FILE_KEY,
    OUTCOME_KEY,
    RESET_NOTICE_KEY,
    SOURCE_KEY,
)
from restock_ui.widgets.figures import rows_by_table, show_chart
from restock_ui.widgets.page_parts import empty_state
from restock_ui.widgets.tables import download_table, show_table


def _upload_limit_mb() -> int:
    return int(st.get_option("server.maxUploadSize"))


def _show_outcome() -> None:
    outcome = st.session_state.get(OUTCOME_KEY)
    if not outcome:
        return
    if outcome["ok"]:
        st.success(md(outcome["message"]), icon=":material/check_circle:")
        for warning in outcome["warnings"]:
            st.warning(md(warning), icon=":material/warning:")
        return
    st.error(md(outcome["message"]), icon=":material/error:")
    problems = outcome["problems"]
    if not problems.empty:
        show_table(st, problems, key="data_problems",
                   column_config={
                       "Row": st.column_config.NumberColumn(format="%d", width="small"),
                       "Problem": st.column_config.TextColumn(width="large")})
        download_table(problems, "import-problems", key="data_download_problems",
                       label="Download the problems (CSV)")


def _run_import(source: ImportSource, mapping: FileMapping | None,
                create_products: bool = False) -> None:
    store = session.store()
    bar = st.progress(0.0, text="Reading the file…")

    def show(progress: ImportProgress) -> None:
        bar.progress(progress.fraction, text=progress.line())

    try:
        result = import_file(session.engine(), source, actor=session.actor(),
                             today=session.today(), mapping=mapping, progress=show,
                             create_products=create_products)
    except ImportRefused as refused:
        st.session_state[OUTCOME_KEY] = {"ok": False, "message": str(refused),
                                         "problems": view.problems_table(refused)}
        return
    except InventoryError as error:
        st.session_state[OUTCOME_KEY] = {"ok": False, "message": str(error),
                                         "problems": pd.DataFrame()}
        return
    reads.changed(store)
    message = result.summary()
    if result.switched_skus:
        message += f" Auto-switch moved {len(result.switched_skus):,} SKUs."
    st.session_state[OUTCOME_KEY] = {"ok": True, "message": message,
                                     "warnings": result.warnings}
    st.rerun()  # every figure on the page and the sidebar's filters read the new data


def _table_fields(detected: DetectedFile, table: str) -> dict[str, str]:
    """Ask what feeds each field of ``table``: a column, a value, or a derived value."""
    saved = detected.mapping
    st.markdown(f"**{TABLE_SPECS[table].file_name}**")
    chosen: dict[str, str] = {}
    columns = st.columns(3)
    for i, column in enumerate(TABLE_SPECS[table].columns):
        options = view.choices(table, column.name, detected.header)
        guess = view.first_guess(saved, table, column.name, detected.header)
        label = column.name + (" (required)" if column.required else "")
        chosen[column.name] = columns[i % 3].selectbox(
            label, options, index=options.index(guess) if guess in options else 0,
            key=f"data_map_{table}_{column.name}", help=column.meaning)
    return chosen


def _mapping_step(detected: DetectedFile) -> FileMapping:
    """Ask which tables the file feeds and what feeds each field; return the mapping
    chosen (or remembered)."""
    saved = detected.mapping
    if saved:
        st.info(f"This layout was mapped before ({md(saved.label)}); the same mapping is "
                "used. Change it below if the columns moved.", icon=":material/bookmark:")
    else:
        st.warning("Restock Desk does not know this layout. Say which tables the file "
                   "feeds and what feeds each field (a column, a value, or the line "
                   "number); the mapping is remembered for files with the same header.",
                   icon=":material/help:")
    tables = st.multiselect("The file feeds", view.TABLE_NAMES, key="data_map_tables",
                            default=[m.table for m in saved.ordered()] if saved else ["stock"],
                            format_func=view.table_label)
    picked = [view.table_mapping(table, _table_fields(detected, table)) for table in tables]
    left, right = st.columns(2)
    dates = left.selectbox("Dates in the file are written", view.DATE_CHOICES,
                           index=view.saved_date_choice(saved), key="data_map_dates",
                           help="auto: worked out from each date column's values")
    returns = right.checkbox("Negative quantities are returns", key="data_map_returns",
                             value=bool(saved and saved.returns),
                             help="Order lines with a quantity below 0 are left out of "
                                  "the sales instead of refusing the file")
    mapping = view.file_mapping(picked, dates, returns)
    if st.button("Remember this mapping", key="data_map_save", icon=":material/bookmark_add:",
                 disabled=not (session.can_edit() and tables)):
        try:
            save_mapping(session.engine(), detected.header, mapping, actor=session.actor())
            st.success("Mapping saved: the next file with this header is recognised.")
        except InventoryError as error:
            st.error(md(error), icon=":material/error:")
    return mapping


def import_section() -> None:
    """Upload, recognise, preview, map, import."""
    st.subheader("Import a file")
    st.caption(
        f"Files up to {_upload_limit_mb():,} MB (CSV or .xlsx). Recognised from their header: "
        "Shopify products, inventory and orders exports; WooCommerce product CSV; "
        "Magento 2 catalog product and multi-source stock exports; the generic CSV or "
        ".xlsx per table (see the README). An import is all or nothing: a file with any "
        "problem is refused and nothing stored changes. Bigger files: use "
        "`python -m inventory_core import FILE`.")
    upload = st.file_uploader("Store export or generic table", type=["csv", "txt", "xlsx"],
                              key="data_upload",
                              help=f"Up to {_upload_limit_mb():,} MB per file")
    if upload is None:
        empty_state("No file chosen yet.",
                    "Export products, inventory or orders from your store's admin "
                    "and drop the file above.")
        _show_outcome()
        return
    if st.session_state.get(FILE_KEY) != upload.file_id:  # a new file: forget the last one
        st.session_state[FILE_KEY] = upload.file_id
        st.session_state.pop(OUTCOME_KEY, None)
        st.session_state.pop(SOURCE_KEY, None)
    try:
        if SOURCE_KEY not in st.session_state:  # the file is opened once, not on every rerun
            st.session_state[SOURCE_KEY] = open_import_file(upload.getvalue(), upload.name)
        detected = detect(session.engine(), st.session_state[SOURCE_KEY])
        shown = preview_import(detected)
    except InventoryError as error:
        st.error(md(error), icon=":material/error:")
        return
    st.markdown(f"**Detected format:** {md(detected.label)} · {len(detected.header):,} columns")
    if detected.format is not None:
        st.caption(f"Read as {detected.format.describes}.")
    for note in detected.source.notes:
        st.warning(md(note) + ".", icon=":material/translate:")
    st.caption("First rows of the file, as read (text, not yet checked):")
    show_table(st, shown, key="data_preview")
    mapping = _mapping_step(detected) if detected.format is None else None
    create = detected.format is not None and detected.format.name == "shopify_orders" and \
        st.checkbox("Create the products this file names that the store lacks (named and "
                    "priced from the line items); otherwise such a file is refused",
                    key="data_create_products")
    if st.button("Import this file", key="data_import", type="primary",
                 icon=":material/upload:", disabled=not session.can_edit()):
        _run_import(detected.source, mapping, create)
    _show_outcome()


def export_section(store: reads.StoreKey) -> None:
    """Policies for each platform, the notification list, any table."""
    st.subheader("Export")
    left, middle, right = st.columns(3)
    with left:
        st.markdown("**Policies for your store**")
        platform = st.selectbox("Platform", EXPORT_PLATFORMS, key="data_export_platform",
                                format_func=view.PLATFORM_LABELS.__getitem__)
        st.caption(view.PLATFORM_NOTES[platform])
        changed = st.checkbox("Only SKUs whose policy differs from what the last import "
                              "said the store had", key="data_export_changed")
        count, notes = reads.policy_file_notes(store, platform, changed)
        for note in notes:
            st.warning(note + ".", icon=":material/info:")
        st.download_button(f"Download {view.PLATFORM_LABELS[platform]} policy file "
                           f"({count:,} SKUs)",
                           data=lambda: reads.policy_file(store, platform, changed),
                           file_name=f"policies-{platform}{'-changed' if changed else ''}.csv",
                           mime="text/csv", key="data_download_policies",
                           icon=":material/download:", on_click="ignore")
    with middle:
        st.markdown("**Customer notification list**")
        st.caption("Every message in the outbox: recipient, SKU, subject, status.")
        st.download_button("Notification list (CSV)",
                           data=lambda: reads.table_file(store, "notifications", False),
                           file_name="notifications.csv", mime="text/csv",
                           key="data_download_notifications", icon=":material/download:",
                           on_click="ignore")
        st.download_button("Notification list (Excel)",
                           data=lambda: reads.table_file(store, "notifications", True),
                           file_name="notifications.xlsx", key="data_download_notifications_x",
                           icon=":material/download:", on_click="ignore")
    with right:
        st.markdown("**Any stored table**")
        name = st.selectbox("Table", EXPORT_TABLES, index=None, key="data_export_table",
                            placeholder="Choose a table", format_func=view.table_label)
        st.caption("Cells that a spreadsheet would run as a formula are written as text.")
        if name:
            st.download_button("Download CSV",
                               data=lambda: reads.table_file(store, name, False),
                               file_name=f"{name}.csv", mime="text/csv",
                               key="data_download_table_csv", icon=":material/download:",
                               on_click="ignore")
            st.download_button("Download Excel",
                               data=lambda: reads.table_file(store, name, True),
                               file_name=f"{name}.xlsx", key="data_download_table_xlsx",
                               icon=":material/download:", on_click="ignore")


def store_section(store: reads.StoreKey) -> None:
    """What the store holds."""
    st.subheader("What the store holds")
    counts = reads.row_counts(store)
    left, right = st.columns([3, 2])
    show_chart(left, rows_by_table(counts), key="data_chart_tables")
    shown = counts.rename(columns={"table": "Table", "rows": "Rows"})
    show_table(right, shown, key="data_counts",
               column_config={"Rows": st.column_config.NumberColumn(format="localized")})
    with right:
        download_table(shown, "store-tables", key="data_download_counts")


def reset_section(store: reads.StoreKey) -> None:
    """Replace everything with the shipped demo store, after a confirmation."""
    st.subheader("Reset to the demo store")
    st.caption("Replaces every product, order, purchase order, policy and sign-up with the "
               "shipped demo store (500 SKUs), dated as of today. Settings and remembered "
               "mappings are kept. This cannot be undone.")
    notice = st.session_state.pop(RESET_NOTICE_KEY, None)
    if notice:
        st.success(md(notice), icon=":material/check_circle:")
    sure = st.checkbox("Yes, replace everything stored with the demo store",
                       key="data_reset_confirm")
    if st.button("Reset to the demo store", key="data_reset",
                 disabled=not (sure and session.can_edit()),
                 icon=":material/restart_alt:"):
        try:
            with st.spinner("Loading the demo store…"):
                reset_to_demo(session.engine(), actor=session.actor(), today=session.today())
        except InventoryError as error:
            st.error(md(error), icon=":material/error:")
            return
        reads.changed(store)
        st.session_state.pop(OUTCOME_KEY, None)
        st.session_state[RESET_NOTICE_KEY] = ("The store is the demo store again, as of "
                                              f"{fmt.format_date(session.today())}.")
        st.rerun()  # the counts above and the sidebar's filters read the new store


def empty_section(store: reads.StoreKey) -> None:
    """Delete everything stored (settings kept), after a confirmation."""
    st.subheader("Start an empty store")
    st.caption("Deletes every product, order, purchase order, policy and sign-up, so the "
               "files you import next are not mixed with the demo. Settings and remembered "
               "mappings are kept; the store is not filled with the demo again. This "
               "cannot be undone.")
    notice = st.session_state.pop(EMPTY_NOTICE_KEY, None)
    if notice:
        st.success(md(notice), icon=":material/check_circle:")
    sure = st.checkbox("Yes, delete everything stored and start an empty store",
                       key="data_empty_confirm")
    if st.button("Start an empty store", key="data_empty",
                 disabled=not (sure and session.can_edit()), icon=":material/delete_sweep:"):
        try:
            held = empty_store(session.engine(), actor=session.actor())
        except InventoryError as error:
            st.error(md(error), icon=":material/error:")
            return
        reads.changed(store)
        st.session_state.pop(OUTCOME_KEY, None)
        st.session_state[EMPTY_NOTICE_KEY] = (
            f"The store is empty (it held {held['products']:,} products and "
            f"{held['orders']:,} orders). Import your store's files above.")
        st.rerun()  # the counts and the sidebar's filters read the empty store


def page() -> None:
    """Import, export, what the store holds, and the reset."""
    st.title("Data")
    st.caption("Bring in your store's own exports, take your policies back to the store.")
    store = session.store()
    try:
        import_section()
        st.divider()
        export_section(store)
        st.divider()
        store_section(store)
        st.divider()
        empty_section(store)
        st.divider()
        reset_section(store)
    except InventoryError as failure:
        st.error(md(failure), icon=":material/error:")


page()
