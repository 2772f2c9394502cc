"""The heatmap ("tartan rug") as an Altair chart: indicators by areas, each cell coloured by its comparison
with the benchmark and carrying its value, symbol and recent-trend arrow as text (never colour alone)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from cdp_data.present import benchmarks as words
from ui.charts_indicators import COMPARISON_COLOURS, layered

BENCHMARK_FILL = "#F3F2F1"   # England (and the region when it is the benchmark): not compared, the yardstick
DARK = {"Better", "Worse", "Higher", "Best", "Worst", "High", "Highest"}


def heatmap_chart(cells: pd.DataFrame, benchmark_name: str) -> alt.Chart:
    """One rectangle per indicator and area; text "41.7% ▲ ↓"; the partnership's column first."""
    data = cells.copy()
    data["area"] = data["area_name"].fillna(data["area_code"])
    data["row"] = data["indicator"] + " (" + data["period"].astype(str) + ")"
    data["comparison"] = data["benchmark_label"].fillna("Benchmark")
    data["ink"] = ["white" if c in DARK else "black" for c in data["comparison"]]
    areas = words.heatmap_area_names(cells)
    rows = list(dict.fromkeys(data["row"]))
    present = [k for k in COMPARISON_COLOURS if k in set(data["comparison"])]
    domain = present + (["Benchmark"] if "Benchmark" in set(data["comparison"]) else [])
    colours = [COMPARISON_COLOURS[k] for k in present] + ([BENCHMARK_FILL] if "Benchmark" in domain else [])
    x = alt.X("area:N", sort=areas, title=None,
              axis=alt.Axis(orient="top", labelAngle=0 if len(areas) <= 5 else -35, labelLimit=150,
                            labelOverlap=False, labelFontSize=12, labelAlign="left" if len(areas) > 5 else "center"))
    y = alt.Y("row:N", sort=rows, title=None, axis=alt.Axis(labelLimit=260, labelOverlap=False, labelFontSize=12))
    tooltip = [alt.Tooltip("indicator:N", title="Indicator"), alt.Tooltip("area:N", title="Area"),
               alt.Tooltip("period:N", title="Period"), alt.Tooltip("value_text:N", title="Value"),
               alt.Tooltip("comparison:N", title=f"Compared with {benchmark_name}"),
               alt.Tooltip("method:N", title="Method"), alt.Tooltip("recent_trend:N", title="Recent trend")]
    base = alt.Chart().encode(x=x, y=y)   # the data once, on the layer
    rect = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color("comparison:N", scale=alt.Scale(domain=domain, range=colours),
                        title=f"Compared with {benchmark_name}", legend=alt.Legend(orient="bottom", columns=4)),
        tooltip=tooltip)
    text = base.mark_text(fontSize=12 if len(areas) <= 8 else 11).encode(text=alt.Text("cell_text:N"), color=alt.Color("ink:N", scale=None),
                                              tooltip=tooltip)
    return layered(data, rect, text).properties(height=alt.Step(34), width="container")
