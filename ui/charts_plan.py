"""Altair charts for the delivery-plan page (built from tidy frames the domain returns)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ui.charts_indicators import layered

# Okabe-Ito colours (colour-blind safe); each segment is also labelled with a letter and
# the legend and tooltips carry the status in words, so colour is never the only signal.
STATUS_COLOURS = {"Red": "#D55E00", "Amber": "#E69F00", "Green": "#009E73", "Complete": "#0072B2",
                  "Not started": "#999999", "No status": "#DDDDDD"}
STATUS_LETTERS = {"Red": "R", "Amber": "A", "Green": "G", "Complete": "C", "Not started": "NS", "No status": "–"}


def status_bars(summary: pd.DataFrame, by: str, title: str) -> alt.Chart:
    """Horizontal stacked bars: actions per ``by`` value, split by status."""
    order = list(STATUS_COLOURS)
    data = summary.assign(
        status_rank=summary["status_word"].map({w: i for i, w in enumerate(order)}),
        bar_label=[f"{STATUS_LETTERS.get(w, '')} {n}" for w, n in zip(summary["status_word"], summary["actions"])],
    )
    data = data.sort_values([by, "status_rank"])
    ends = data.groupby(by)["actions"].cumsum()
    data["label_x"] = ends - data["actions"] / 2
    height = 40 * max(3, data[by].nunique())
    base = alt.Chart(title=title).encode(   # the data once, on the layer
        y=alt.Y(f"{by}:N", title=None, sort="ascending", axis=alt.Axis(labelLimit=320)),
        x=alt.X("sum(actions):Q", title="Actions", stack="zero", axis=alt.Axis(tickMinStep=1, format="d")),
        order=alt.Order("status_rank:Q"),
        tooltip=[alt.Tooltip(f"{by}:N", title=by.capitalize()), alt.Tooltip("status_word:N", title="Status"),
                 alt.Tooltip("actions:Q", title="Actions")],
    )
    bars = base.mark_bar(stroke="white", strokeWidth=1).encode(
        color=alt.Color("status_word:N", title="Status",
                        scale=alt.Scale(domain=order, range=list(STATUS_COLOURS.values())),
                        legend=alt.Legend(orient="bottom")),
    )
    text = alt.Chart().mark_text(align="center", color="black", fontSize=11).encode(
        y=alt.Y(f"{by}:N", sort="ascending"), x=alt.X("label_x:Q"), text=alt.Text("bar_label:N"),
    )
    return layered(data, bars.properties(height=height), text.properties(height=height)).properties(height=height)


def chart_height(summary: pd.DataFrame, by: str) -> int:
    """Pixels for the chart including title and legend (a 40 px band per bar, room for title, axis and legend)."""
    return 40 * max(3, summary[by].nunique()) + 190
