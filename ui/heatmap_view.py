"""The Compare page's heatmap tab: the partnership's indicators by areas against the chosen benchmark, as
a chart and as a table with a CSV download."""

from __future__ import annotations

import streamlit as st

from cdp_data.present import benchmarks as words
from cdp_data.services import heatmap as service
from ui import benchmark_choice as choice
from ui import charts_heatmap, common, downloads


@st.cache_data(show_spinner=False, max_entries=16)
def _cells(_ws, folder, version, user, partnership, benchmark):
    return service.heatmap(_ws, partnership, benchmark)


def heatmap(ws, partnership: str | None, partnership_name: str) -> None:
    """The benchmark picker, the chart, its key and the table."""
    st.subheader(f"Heatmap: {partnership_name} and its comparators on every indicator")
    benchmark = choice.benchmark_choice(ws, partnership, key="heatmap_benchmark")
    cells = _cells(ws, str(ws.folder), common.data_version(ws), ws.user.email, partnership, benchmark) \
        if partnership else None
    if cells is None or cells.empty:
        st.info(f"No indicator has a value for {partnership_name} yet: load a Fingertips export or the local "
                "figures template on the Data page.")
        return
    methods = sorted(set(cells["method"].dropna()) - {"count"})
    choice.method_caption(benchmark, methods[0] if len(methods) == 1 else None if not methods else "mixed")
    common.chart(common.chart_spec(charts_heatmap.heatmap_chart, cells, benchmark.label), width="stretch")
    if benchmark.kind != "group" and set(cells["role"]) <= {"partnership", "benchmark"}:
        st.caption(":material/info: No other area of the partnership's region has values in the same periods (or "
                   "its region is not recorded): choose a peer group to see comparators.")
    st.caption(f"Each cell: the latest value ({partnership_name}'s latest period), its comparison with "
               f"{benchmark.label} ({words.symbol_key(cells['benchmark_label'].dropna())}) and the recent trend "
               "(↑ increasing, ↓ decreasing, → no significant change; none where it cannot be calculated). "
               "Grey cells are the benchmark itself; counts (✚) are not compared, as they follow the size of the area. "
               "Counts under 5 are never shown.")
    table = words.heatmap_table(cells)
    st.dataframe(table, hide_index=True, width="stretch")
    name = words.download_stem(partnership_name, "heatmap", "vs", benchmark.name)
    downloads.csv_download(words.heatmap_download(cells), "Download the heatmap (CSV)", name,
                           key="heatmap_download")
