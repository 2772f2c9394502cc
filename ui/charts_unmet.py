"""Charts for the Unmet need page (Altair), built from the frames cdp_data.unmet_need returns.

Colour follows Fingertips (Better #00703C, Similar #FFDD00, Worse #D4351C, Not
compared grey) and is never the only signal: the comparison is in the legend,
the tooltip and the words beside every chart.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from cdp_data.present import unmet_need as words
from ui.charts_indicators import layered

COMPARISON_COLOURS = {
    "Better": "#00703C", "Similar": "#FFDD00", "Worse": "#D4351C", "Not compared": "#B1B4B6",
}
ENGLAND_COLOUR = "#0B0C0C"


def _share_frame(rows: pd.DataFrame) -> pd.DataFrame:
    frame = rows.copy()
    for column in ("unmet_need_share", "unmet_need_lower", "unmet_need_upper", "england_share"):
        if column not in frame:
            frame[column] = None
        frame[column] = pd.to_numeric(frame[column], errors="coerce")
    if "compared_with_england" not in frame:
        frame["compared_with_england"] = "Not compared"
    frame["compared_with_england"] = frame["compared_with_england"].fillna("Not compared")
    methods = frame["method"] if "method" in frame else pd.Series("no estimate", index=frame.index)
    frame["shown"] = [words.figure_words(v, m) for v, m in zip(frame["unmet_need_share"], methods)]
    frame["range"] = [
        f"{lo:.1%} to {up:.1%}" if pd.notna(lo) and pd.notna(up) else "no range"
        for lo, up in zip(frame["unmet_need_lower"], frame["unmet_need_upper"])
    ]
    frame["england"] = frame["england_share"].map(lambda v: "no England value" if pd.isna(v) else f"{v:.1%}")
    return frame


def _colour(title: str | None = "Compared with England") -> alt.Color:
    domain = list(COMPARISON_COLOURS)
    return alt.Color("compared_with_england:N", title=title,
                     scale=alt.Scale(domain=domain, range=[COMPARISON_COLOURS[k] for k in domain]),
                     legend=alt.Legend(orient="top"))


def bars_with_ranges(rows: pd.DataFrame, label_field: str = "substance_label", height: int | None = None
                     ) -> alt.LayerChart:
    """Horizontal bars of unmet need with 95% ranges (error bars) and England's value as a black tick.

    Rows with no figure are listed with the words "no estimate" rather than a bar of 0.
    """
    frame = _share_frame(rows)
    order = frame[label_field].tolist()
    y = alt.Y(f"{label_field}:N", sort=order, title=None, axis=alt.Axis(labelLimit=260, labelFontSize=13))
    x_scale = alt.Scale(domain=[0, 1])
    tooltip = [alt.Tooltip(f"{label_field}:N", title="Group"), alt.Tooltip("period:N", title="Period"),
               alt.Tooltip("shown:N", title="Unmet need"), alt.Tooltip("range:N", title="95% range"),
               alt.Tooltip("england:N", title="England"),
               alt.Tooltip("compared_with_england:N", title="Compared with England")]
    base = alt.Chart()   # the data once, on the layer
    with_value = frame["unmet_need_share"].notna()
    bars = base.transform_filter("isValid(datum.unmet_need_share)").mark_bar(height={"band": 0.6}).encode(
        y=y, x=alt.X("unmet_need_share:Q", title="Share of those needing treatment who are not in it",
                     scale=x_scale, axis=alt.Axis(format="%")),
        color=_colour(), tooltip=tooltip)
    ranges = base.transform_filter("isValid(datum.unmet_need_lower) && isValid(datum.unmet_need_upper)") \
        .mark_errorbar(ticks=True, thickness=2, color=ENGLAND_COLOUR).encode(
            y=y, x=alt.X("unmet_need_lower:Q", scale=x_scale, title="Share of those needing treatment who are "
                         "not in it"), x2=alt.X2("unmet_need_upper:Q"), tooltip=tooltip)
    labels = base.mark_text(align="left", dx=6, fontSize=13, color=ENGLAND_COLOUR).encode(
        y=y, x=alt.X("label_x:Q", scale=x_scale), text=alt.Text("shown:N"), tooltip=tooltip,
    ).transform_calculate(
        label_x="isValid(datum.unmet_need_upper) ? datum.unmet_need_upper : "
                "(isValid(datum.unmet_need_share) ? datum.unmet_need_share : 0)")
    england = base.transform_filter("isValid(datum.england_share)").mark_tick(
        color=ENGLAND_COLOUR, thickness=4, size=34).encode(
        y=y, x=alt.X("england_share:Q", scale=x_scale), tooltip=tooltip)
    layers = [bars, ranges, england, labels] if with_value.any() else [labels]
    chart = layered(frame, *layers).properties(height=height or max(160, 40 * len(frame) + 40))
    return chart


def trend(rows: pd.DataFrame) -> alt.LayerChart:
    """Unmet need over time per group: points and lines, the 95% range as an error bar."""
    frame = _share_frame(rows)
    frame["period_order"] = range(len(frame))
    order = frame.sort_values("period_end")["period"].drop_duplicates().tolist()
    x = alt.X("period:N", sort=order, title="Period (as published)")
    y_scale = alt.Scale(domain=[0, 1])
    tooltip = [alt.Tooltip("substance_label:N", title="Group"), alt.Tooltip("period:N", title="Period"),
               alt.Tooltip("shown:N", title="Unmet need"), alt.Tooltip("range:N", title="95% range")]
    base = alt.Chart()   # the data once, on the layer
    colour = alt.Color("substance_label:N", title="Group", scale=alt.Scale(scheme="dark2"),
                       legend=alt.Legend(orient="top", labelLimit=320))
    lines = base.mark_line(point=alt.OverlayMarkDef(size=80, filled=True)).encode(
        x=x, y=alt.Y("unmet_need_share:Q", title="Unmet need", scale=y_scale, axis=alt.Axis(format="%")),
        color=colour, shape=alt.Shape("substance_label:N", legend=None), tooltip=tooltip)
    ranges = base.transform_filter("isValid(datum.unmet_need_lower)").mark_errorbar(ticks=True).encode(
        x=x, y=alt.Y("unmet_need_lower:Q", scale=y_scale, title="Unmet need"), y2=alt.Y2("unmet_need_upper:Q"),
        color=colour, tooltip=tooltip)
    return layered(frame, ranges, lines).properties(height=300)


def across_areas(rows: pd.DataFrame) -> alt.LayerChart:
    """One group in every area: bars with ranges, partnerships named in bold, England as a rule."""
    frame = rows.copy()
    frame["label"] = [f"{n} (partnership)" if p else n for n, p in zip(frame["area_name"], frame["is_partnership"])]
    chart = bars_with_ranges(frame, label_field="label", height=max(160, 36 * len(frame) + 60))
    return chart
