"""Data page, Geography tab: what geography is loaded, the fetch button, the harm template."""

import streamlit as st

from cdp_data.services import fetch, geography_loading
from cdp_data.core.errors import CDPError
from ui import common


def render(ws) -> None:
    st.header("Geography held")
    held = geography_loading.geography_status(ws)
    if held.empty:
        st.info("No geography loaded: upload ONS ward boundaries, lookups and IoD tables on the Load files tab, "
                "or fetch them below.")
    else:
        shown = held.rename(columns={"kind": "Kind", "name": "Dataset", "vintage": "Vintage", "rows": "Rows",
                                     "source_file": "File", "loaded_at": "Loaded", "is_synthetic": "Synthetic"})
        st.dataframe(shown, hide_index=True, width="stretch", key="data_geography_held")
        if held["is_synthetic"].any():
            st.caption(":orange-badge[synthetic demo data] The demo wards are made up; real boundaries replace "
                       "them on the ward map once loaded.")

    st.header("Fetch geography from the internet")
    partnership = st.session_state.get("partnership") or ""
    base = fetch.base_url()
    st.caption("Downloads ONS ward boundaries for the partnership's area, the ward and LSOA lookups, the English "
               "Indices of Deprivation and Census 2021 populations"
               + (f" from the mirror {base}." if base else " from their official addresses.")
               + " Files already downloaded are reused.")
    area = st.text_input("Area code", value=partnership, key="data_geography_area",
                         help="The partnership's GSS code: E06/E08/E09 for a unitary, E10 for a county.")
    if st.button("Fetch geography", icon=":material/cloud_download:", key="data_geography_fetch"):
        bar = st.progress(0.0, text="Starting…")
        steps = {"n": 0, "label": None}

        def progress(label: str, done: int, total: int | None) -> None:
            if label != steps["label"]:
                steps["label"] = label
                steps["n"] += 1
            share = (done / total) if total else 0.5
            overall = min(1.0, (steps["n"] - 1 + share) / len(fetch.RESOURCES))
            bar.progress(overall, text=f"{label}: {done / 1_048_576:,.1f} MB")

        try:
            results = fetch.fetch_geography(ws, area, progress=progress)
        except CDPError as error:
            bar.empty()
            common.show_error(error)
        else:
            bar.progress(1.0, text="Done")
            common.bump_data_version()
            st.success(f"Loaded {sum(r['status'] == 'loaded' for r in results)} of {len(results)} files.")
            st.dataframe([{k: r.get(k, "") for k in ("resource", "status", "summary", "detail")} for r in results],
                         hide_index=True, width="stretch", key="data_geography_results")

    st.header("Ward or LSOA harm counts template")
    st.caption("For counts held locally: hospital admissions for drug poisoning, drug-related deaths, naloxone "
               "supplied, people in treatment by home ward, police drug offences. One row per ward (E05…) or "
               "LSOA (E01…), measure and period; upload it on the Load files tab. Counts under 5 are never shown.")
    st.download_button("Harm counts template (CSV)", geography_loading.harm_template_csv(), "cdp_ward_harm_template.csv", "text/csv",
                       icon=":material/download:", key="data_geography_harm_template")
    st.dataframe([{"Measure": k, "Meaning": v} for k, v in geography_loading.HARM_MEASURES.items()], hide_index=True,
                 key="data_geography_measures")
