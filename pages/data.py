"""Data: import the store's own exports, export policies back, reset to the demo store."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from inventory_core.errors import ImportRefused, InventoryError
from inventory_core.io import imports
from inventory_core.io.exports import PLATFORMS, TABLE_NAMES
from inventory_core.io.tables import TABLES
from restock_ui import data, data_page_charts, data_page_data, fmt, session, widgets

PLATFORM_LABELS = {"shopify": "Shopify", "woocommerce": "WooCommerce", "magento": "Magento 2"}
OUTCOME = "data.outcome"
SOURCE = "data.source"
RESET_NOTICE = "data.reset_notice"
NOT_MAPPED = "— not in the file —"


def _upload_limit_mb() -> int:
    return int(st.get_option("server.maxUploadSize"))


def _show_outcome() -> None:
    outcome = st.session_state.get(OUTCOME)
    if not outcome:
        return
    if outcome["ok"]:
        st.success(outcome["message"], icon=":material/check_circle:")
        for warning in outcome["warnings"]:
            st.warning(warning, icon=":material/warning:")
        return
    st.error(outcome["message"], icon=":material/error:")
    problems = outcome["problems"]
    if not problems.empty:
        st.dataframe(problems, hide_index=True, width="stretch", key="data_problems",
                     column_config={
                         "Row": st.column_config.NumberColumn(format="%d", width="small"),
                         "Problem": st.column_config.TextColumn(width="large")})
        widgets.download_table(problems, "import-problems", key="data_download_problems",
                               label="Download the problems (CSV)")


def _run_import(source: imports.Source, mapping: imports.Mapping | None) -> None:
    try:
        result = imports.import_file(session.engine(), source, actor=session.actor(),
                                     today=session.today(), mapping=mapping)
    except ImportRefused as refused:
        problems = pd.DataFrame(
            [(p.row, p.column, p.value, p.problem) for p in refused.problems],
            columns=["Row", "Column", "Value", "Problem"])
        st.session_state[OUTCOME] = {"ok": False, "message": str(refused),
                                     "problems": problems}
        return
    except InventoryError as error:
        st.session_state[OUTCOME] = {"ok": False, "message": str(error),
                                     "problems": pd.DataFrame()}
        return
    data.clear()
    message = result.summary()
    if result.switched_skus:
        message += f" Auto-switch moved {len(result.switched_skus):,} SKUs."
    st.session_state[OUTCOME] = {"ok": True, "message": message, "warnings": result.warnings}
    st.rerun()  # every figure on the page and the sidebar's filters read the new data


def _mapping_step(detected: imports.Detected) -> imports.Mapping | None:
    """Ask which column holds what; return the mapping chosen (or remembered)."""
    saved = detected.mapping
    if saved:
        st.info(f"This layout was mapped before onto {TABLES[saved.table].file_name}; the "
                "same mapping is used. Change it below if the columns moved.",
                icon=":material/bookmark:")
    else:
        st.warning("Restock Desk does not know this layout. Say what the file holds and "
                   "which of its columns feeds each field; the mapping is remembered for "
                   "files with the same header.", icon=":material/help:")
    names = list(TABLES)
    table = st.selectbox("The file holds", names, key="data_map_table",
                         index=names.index(saved.table) if saved else names.index("stock"),
                         format_func=lambda n: n.replace("_", " ").capitalize())
    spec = TABLES[table]
    options = [NOT_MAPPED, *detected.header]
    chosen: dict[str, str] = {}
    columns = st.columns(3)
    for i, column in enumerate(spec.columns):
        remembered = saved.columns.get(column.name) if saved and saved.table == table else None
        guess = remembered or next((h for h in detected.header
                                    if h.strip().lower() == column.name), None)
        label = column.name + (" (required)" if column.required else "")
        picked = columns[i % 3].selectbox(
            label, options, index=options.index(guess) if guess in options else 0,
            key=f"data_map_{table}_{column.name}", help=column.meaning)
        if picked != NOT_MAPPED:
            chosen[column.name] = picked
    mapping = imports.Mapping(table, chosen)
    if st.button("Remember this mapping", key="data_map_save", icon=":material/bookmark_add:",
                 disabled=not session.can_edit()):
        try:
            imports.save_mapping(session.engine(), detected.header, mapping,
                                 actor=session.actor())
            st.success("Mapping saved: the next file with this header is recognised.")
        except InventoryError as error:
            st.error(str(error), icon=":material/error:")
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
        widgets.empty_state("No file chosen yet.",
                            "Export products, inventory or orders from your store's admin "
                            "and drop the file above.")
        _show_outcome()
        return
    if st.session_state.get("data.file") != upload.file_id:  # a new file: forget the last one
        st.session_state["data.file"] = upload.file_id
        st.session_state.pop(OUTCOME, None)
        st.session_state.pop(SOURCE, None)
    try:
        if SOURCE not in st.session_state:  # the file is opened once, not on every rerun
            st.session_state[SOURCE] = imports.open_source(upload.getvalue(), upload.name)
        detected = imports.detect(session.engine(), st.session_state[SOURCE])
        shown = imports.preview(detected)
    except InventoryError as error:
        st.error(str(error), icon=":material/error:")
        return
    st.markdown(f"**Detected format:** {detected.label} · {len(detected.header):,} columns")
    if detected.format is not None:
        st.caption(f"Read as {detected.format.describes}.")
    if detected.source.notes:
        for note in detected.source.notes:
            st.warning(note + ".", icon=":material/translate:")
    st.caption("First rows of the file, as read (text, not yet checked):")
    st.dataframe(shown, hide_index=True, width="stretch", key="data_preview")
    mapping = None
    if detected.format is None:
        mapping = _mapping_step(detected)
    if st.button("Import this file", key="data_import", type="primary",
                 icon=":material/upload:", disabled=not session.can_edit()):
        with st.spinner("Checking every row, then importing…"):
            _run_import(detected.source, mapping)
    _show_outcome()


def export_section(url: str) -> None:
    """Policies for each platform, the notification list, any table."""
    st.subheader("Export")
    left, middle, right = st.columns(3)
    with left:
        st.markdown("**Policies for your store**")
        platform = st.selectbox("Platform", PLATFORMS, key="data_export_platform",
                                format_func=PLATFORM_LABELS.get)
        st.caption({
            "shopify": "Handle, option values, SKU and Variant Inventory Policy "
                       "(continue for backorder and pre-order, deny otherwise).",
            "woocommerce": "ID, SKU, Backorders allowed? and In stock?.",
            "magento": "sku, allow_backorders, use_config_backorders, is_in_stock and "
                       "out_of_stock_qty (minus the cap).",
        }[platform])
        st.download_button(f"Download {PLATFORM_LABELS[platform]} policy file",
                           data=lambda: data_page_data.policy_file(url, platform),
                           file_name=f"policies-{platform}.csv", mime="text/csv",
                           key="data_download_policies", icon=":material/download:",
                           on_click="ignore")
    with middle:
        st.markdown("**Customer notification list**")
        st.caption("Every message in the outbox: recipient, SKU, subject, status.")
        st.download_button("Notification list (CSV)",
                           data=lambda: data_page_data.table_file(url, "notifications", False),
                           file_name="notifications.csv", mime="text/csv",
                           key="data_download_notifications", icon=":material/download:",
                           on_click="ignore")
        st.download_button("Notification list (Excel)",
                           data=lambda: data_page_data.table_file(url, "notifications", True),
                           file_name="notifications.xlsx", key="data_download_notifications_x",
                           icon=":material/download:", on_click="ignore")
    with right:
        st.markdown("**Any stored table**")
        name = st.selectbox("Table", TABLE_NAMES, index=None, key="data_export_table",
                            placeholder="Choose a table",
                            format_func=lambda n: n.replace("_", " ").capitalize())
        st.caption("Cells that a spreadsheet would run as a formula are written as text.")
        if name:
            st.download_button("Download CSV",
                               data=lambda: data_page_data.table_file(url, name, False),
                               file_name=f"{name}.csv", mime="text/csv",
                               key="data_download_table_csv", icon=":material/download:",
                               on_click="ignore")
            st.download_button("Download Excel",
                               data=lambda: data_page_data.table_file(url, name, True),
                               file_name=f"{name}.xlsx", key="data_download_table_xlsx",
                               icon=":material/download:", on_click="ignore")


def store_section(url: str) -> None:
    """What the store holds."""
    counts = data_page_data.table_counts(url)
    left, right = st.columns([3, 2])
    left.plotly_chart(data_page_charts.rows_by_table(counts), width="stretch",
                      key="data_chart_tables")
    shown = counts.rename(columns={"table": "Table", "rows": "Rows"})
    right.dataframe(shown, hide_index=True, width="stretch", key="data_counts",
                    column_config={"Rows": st.column_config.NumberColumn(format="localized")})
    with right:
        widgets.download_table(shown, "store-tables", key="data_download_counts")


def reset_section() -> None:
    """Replace everything with the shipped demo store, after a confirmation."""
    st.subheader("Reset to the demo store")
    st.caption("Replaces every product, order, purchase order, policy and sign-up with the "
               "shipped demo store (500 SKUs), dated as of today. Settings and remembered "
               "mappings are kept. This cannot be undone.")
    notice = st.session_state.pop(RESET_NOTICE, None)
    if notice:
        st.success(notice, icon=":material/check_circle:")
    sure = st.checkbox("Yes, replace everything stored with the demo store",
                       key="data_reset_confirm")
    if st.button("Reset to the demo store", key="data_reset",
                 disabled=not (sure and session.can_edit()),
                 icon=":material/restart_alt:"):
        try:
            with st.spinner("Loading the demo store…"):
                imports.reset_to_demo(session.engine(), actor=session.actor(),
                                      today=session.today())
        except InventoryError as error:
            st.error(str(error), icon=":material/error:")
            return
        data.clear()
        st.session_state.pop(OUTCOME, None)
        st.session_state[RESET_NOTICE] = (f"The store is the demo store again, as of "
                                          f"{fmt.format_date(session.today())}.")
        st.rerun()  # the counts above and the sidebar's filters read the new store


st.title("Data")
st.caption("Bring in your store's own exports, take your policies back to the store.")
store_url = session.db_url()
try:
    import_section()
    st.divider()
    export_section(store_url)
    st.divider()
    st.subheader("What the store holds")
    store_section(store_url)
    st.divider()
    reset_section()
except InventoryError as failure:
    st.error(str(failure), icon=":material/error:")
