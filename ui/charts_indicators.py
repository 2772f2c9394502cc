"""Altair charts for the Outcomes and Compare pages (Fingertips colours, with words and shapes)."""

from __future__ import annotations

import altair as alt
import pandas as pd

COMPARISON_COLOURS = {
    "Better": "#00703C", "Similar": "#FFDD00", "Worse": "#D4351C", "Higher": "#003078", "Lower": "#5694CA",
    "Not compared": "#B1B4B6", "England": "#0B0C0C",
    # quintiles (indicators without intervals): Best ... Worst, or Lowest ... Highest
    "Best": "#005A30", "Middle": "#FFDD00", "Worst": "#942514",
    "Lowest": "#D2E2F1", "Low": "#8EB8DC", "High": "#2B6CB0", "Highest": "#12436D",
}
COMPARISON_SHAPES = {
    "Better": "triangle-up", "Similar": "circle", "Worse": "triangle-down", "Higher": "diamond", "Lower": "square",
    "Not compared": "cross", "England": "stroke",
    "Best": "triangle-up", "Middle": "circle", "Worst": "triangle-down",
    "Lowest": "square", "Low": "square", "High": "diamond", "Highest": "diamond",
}
LINE_COLOURS = {"Partnership": "#1d70b8", "Region": "#6F72AF", "England": "#0B0C0C"}
LINE_DASH = {"Partnership": [1, 0], "Region": [2, 3], "England": [6, 3]}


def _comparison_scale(values) -> tuple[alt.Scale, alt.Scale]:
    present = [k for k in COMPARISON_COLOURS if k in set(values)] or ["Not compared"]
    return (alt.Scale(domain=present, range=[COMPARISON_COLOURS[k] for k in present]),
            alt.Scale(domain=present, range=[COMPARISON_SHAPES[k] for k in present]))


def _axis_title(unit: str | None) -> str:
    return {"%": "Per cent", "per 100000": "Per 100,000", "per 1000": "Per 1,000", "count": "Number"}.get(
        unit or "", unit or "Value")


def _fields(data: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """Only the columns a chart's encodings, filters and tooltips name: Altair turns every column of the frame
    it is given into JSON (column by column, 2-4 ms each; a compare frame has 37), and the browser receives them
    all, while the chart draws the same from these."""
    return data[[c for c in columns if c in data]]


def layered(data: pd.DataFrame, *charts: alt.Chart, **properties) -> alt.LayerChart:
    """The charts, built without data, layered over ``data``: the spec Altair makes of layers that share one data
    frame (the data on the layer, none on each chart), without its work of taking the frame off each chart
    again (a text rendering of the whole frame per chart). Channels are given as channel objects (``alt.Y(...)``)
    rather than strings for the same reason: Altair turns a string into the same object by searching its whole
    schema, each time. ``properties`` (height, resolve) are set on the layer as it is made: each of
    ``.properties()`` and ``.resolve_scale()`` afterwards copies the whole chart, a deep copy of every layer."""
    return alt.layer(*charts, data=data, **properties)


def trend_chart(series: pd.DataFrame, unit: str | None, partnership_name: str,
                benchmark_name: str = "England") -> alt.Chart:
    """Partnership line with its 95% CI band, England and region lines, points by comparison with the
    benchmark."""
    data = series.copy()
    data["period_end"] = pd.to_datetime(data["period_end"])
    data["who"] = data["line"].map({"Partnership": partnership_name}).fillna(data["area_name"].fillna(data["line"]))
    data["comparison"] = data.get("comparison", data["compared_to_england"]).fillna("Not compared")
    compared_title = f"Compared with {benchmark_name}"
    order = data.sort_values(["period_end", "period"])["period"].drop_duplicates().tolist()
    x = alt.X("period:O", sort=order, title="Period",
              axis=alt.Axis(labelAngle=0 if len(order) <= 8 else -40, labelLimit=220))
    y_title = _axis_title(unit)
    tooltip = [alt.Tooltip("who:N", title="Area"), alt.Tooltip("period:N", title="Period"),
               alt.Tooltip("value:Q", title="Value", format=",.1f"),
               alt.Tooltip("lower_ci95:Q", title="Lower 95% CI", format=",.1f"),
               alt.Tooltip("upper_ci95:Q", title="Upper 95% CI", format=",.1f"),
               alt.Tooltip("comparison:N", title=compared_title)]
    lines = [k for k in ("Partnership", "Region", "England") if k in set(data["line"])]
    data = _fields(data, "period", "line", "who", "area_code", "value", "lower_ci95", "upper_ci95", "comparison")
    line_scale = alt.Scale(domain=lines, range=[LINE_COLOURS[k] for k in lines])
    dash_scale = alt.Scale(domain=lines, range=[LINE_DASH[k] for k in lines])
    base = alt.Chart().encode(x=x)   # the data once, on the layer (see layered)
    band = base.transform_filter(alt.datum.line == "Partnership").mark_area(opacity=0.18, color="#1d70b8").encode(
        y=alt.Y("lower_ci95:Q", title=y_title), y2=alt.Y2("upper_ci95:Q"))
    line = base.mark_line(strokeWidth=2.5).encode(
        y=alt.Y("value:Q", title=y_title),
        color=alt.Color("line:N", scale=line_scale, title="Line"),
        strokeDash=alt.StrokeDash("line:N", scale=dash_scale, legend=None),
        detail=alt.Detail("area_code:N"))
    colour, shape = _comparison_scale(data.loc[data["line"] == "Partnership", "comparison"])
    points = base.transform_filter(alt.datum.line == "Partnership").mark_point(
        size=160, filled=True, stroke="#0b0c0c", strokeWidth=1, opacity=1).encode(
        y=alt.Y("value:Q"), color=alt.Color("comparison:N", scale=colour, title=compared_title),
        shape=alt.Shape("comparison:N", scale=shape, title=compared_title), tooltip=tooltip)
    others = base.transform_filter(alt.datum.line != "Partnership").mark_point(size=40, filled=True,
                                                                                color="#505a5f").encode(
        y=alt.Y("value:Q"), tooltip=tooltip)
    return layered(data, band, line, others, points, height=380,
                   resolve=alt.Resolve(scale=alt.ScaleResolveMap(color="independent", shape="independent")))


def spc_chart(spc: pd.DataFrame, unit: str | None) -> alt.Chart:
    """XmR chart: values, mean, process limits; special-cause points marked by shape and word."""
    data = spc.copy()
    data["order"] = range(1, len(data) + 1)
    data["signal"] = data["special_cause"].map({True: "Special cause", False: "Common cause"})
    data = _fields(data, "period", "order", "value", "mean", "upper_limit", "lower_limit", "signal")
    x = alt.X("period:N", sort=None, title="Period", axis=alt.Axis(labelAngle=-30))
    base = alt.Chart().encode(x=x)
    y_title = _axis_title(unit)
    line = base.mark_line(color="#505a5f").encode(y=alt.Y("value:Q", title=y_title))
    mean = base.mark_line(color="#0b0c0c").encode(y=alt.Y("mean:Q"))
    limits = [base.mark_line(color="#6F72AF", strokeDash=[6, 3]).encode(y=alt.Y(f"{c}:Q"))
              for c in ("upper_limit", "lower_limit")]
    points = base.mark_point(size=140, filled=True, stroke="#0b0c0c").encode(
        y=alt.Y("value:Q"),
        color=alt.Color("signal:N", scale=alt.Scale(domain=["Common cause", "Special cause"],
                                                     range=["#B1B4B6", "#F47738"]), title="Signal"),
        shape=alt.Shape("signal:N", scale=alt.Scale(domain=["Common cause", "Special cause"],
                                                     range=["circle", "diamond"]), title="Signal"),
        tooltip=[alt.Tooltip("period:N"), alt.Tooltip("value:Q", format=",.1f"), alt.Tooltip("mean:Q", format=",.1f"),
                 alt.Tooltip("upper_limit:Q", format=",.1f"), alt.Tooltip("lower_limit:Q", format=",.1f"),
                 alt.Tooltip("signal:N")])
    return layered(data, line, mean, *limits, points, height=340)


def compare_bars(frame: pd.DataFrame, england_value: float | None, unit: str | None,
                 benchmark_name: str = "England") -> alt.Chart:
    """Horizontal bars for every area with 95% CI whiskers, coloured by comparison with the benchmark; the
    partnership outlined."""
    data = frame.copy()
    data["comparison"] = data.get("benchmark_label", data["compared_to_england"]).fillna("Not compared")
    compared_title = f"Compared with {benchmark_name}"
    data["label"] = data["area_name"].fillna(data["area_code"]) + data["is_partnership"].map(
        {True: "  ◀ you", False: ""})
    order = data.sort_values("value", ascending=False)["label"].tolist()
    colour, _ = _comparison_scale(data["comparison"])
    data = _fields(data, "label", "area_name", "value", "lower_ci95", "upper_ci95", "comparison", "rank",
                   "is_partnership")
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    x_title = _axis_title(unit)
    tooltip = [alt.Tooltip("area_name:N", title="Area"), alt.Tooltip("value:Q", title="Value", format=",.1f"),
               alt.Tooltip("lower_ci95:Q", title="Lower 95% CI", format=",.1f"),
               alt.Tooltip("upper_ci95:Q", title="Upper 95% CI", format=",.1f"),
               alt.Tooltip("comparison:N", title=compared_title), alt.Tooltip("rank:Q", title="Rank")]
    rule_at = england_value if england_value is not None and pd.notna(england_value) else None
    base = (alt.Chart() if rule_at is None else alt.Chart(data)).encode(y=y)   # one data: on the layer
    bars = base.mark_bar(size=18).encode(
        x=alt.X("value:Q", title=x_title),
        color=alt.Color("comparison:N", scale=colour, title=compared_title),
        # typed value channels, not alt.condition's dicts: Altair finds a dict's channel class by validating it
        # against the Vega-Lite schema (about 14 ms a chart); the spec written is the same
        stroke=alt.StrokeValue(None, condition={"test": "datum.is_partnership", "value": "#0b0c0c"}),
        strokeWidth=alt.StrokeWidthValue(0, condition={"test": "datum.is_partnership", "value": 3}),
        tooltip=tooltip)
    whiskers = base.mark_rule(color="#0b0c0c").encode(x=alt.X("lower_ci95:Q"), x2=alt.X2("upper_ci95:Q"))
    height = max(200, 30 * len(data) + 40)
    if rule_at is None:
        return layered(data, bars, whiskers, height=height)
    rule = alt.Chart(pd.DataFrame({"england": [rule_at], "text": ["England"]}))
    return alt.layer(bars, whiskers,
                     rule.mark_rule(color="#0b0c0c", strokeDash=[6, 3], strokeWidth=2).encode(x=alt.X("england:Q")),
                     rule.mark_text(align="left", dx=4, dy=-6, fontWeight="bold").encode(
                         x=alt.X("england:Q"), y=alt.YValue(0), text=alt.Text("text:N")), height=height)


def spine_chart(profile: pd.DataFrame) -> alt.Chart:
    """Fingertips-style spine chart: worst to best range, inter-quartile range, England at the centre."""
    data = profile.copy()
    data["comparison"] = data["compared_to_england"].fillna("Not compared")
    data["row"] = data["indicator"] + " (" + data["period"].astype(str) + ")"
    order = data["row"].tolist()
    y = alt.Y("row:N", sort=order, title=None, axis=alt.Axis(labelLimit=340))
    colour, shape = _comparison_scale(data["comparison"])
    data = _fields(data, "row", "worst_pos", "best_pos", "left_q_pos", "right_q_pos", "england_pos", "value_pos",
                   "comparison", "indicator", "period", "value", "england_value", "lowest", "q25", "q75", "highest")
    x = alt.X("worst_pos:Q", scale=alt.Scale(domain=[0, 1]), title="Worst / lowest  ←  England  →  best / highest",
              axis=alt.Axis(labels=False, ticks=False, grid=False))
    base = alt.Chart().encode(y=y)
    full = base.mark_bar(color="#DEE0E2", height=16).encode(x=x, x2=alt.X2("best_pos:Q"))
    iqr = base.mark_bar(color="#8E9CA8", height=16).encode(x=alt.X("left_q_pos:Q"), x2=alt.X2("right_q_pos:Q"))
    england = base.mark_tick(color="#D4351C", thickness=3, size=24).encode(x=alt.X("england_pos:Q"))
    point = base.mark_point(size=180, filled=True, stroke="#0b0c0c", opacity=1).encode(
        x=alt.X("value_pos:Q"), color=alt.Color("comparison:N", scale=colour, title="Compared with England"),
        shape=alt.Shape("comparison:N", scale=shape, title="Compared with England"),
        tooltip=[alt.Tooltip("indicator:N"), alt.Tooltip("period:N"), alt.Tooltip("value:Q", format=",.1f"),
                 alt.Tooltip("england_value:Q", title="England", format=",.1f"),
                 alt.Tooltip("lowest:Q", format=",.1f"), alt.Tooltip("q25:Q", title="25th percentile", format=",.1f"),
                 alt.Tooltip("q75:Q", title="75th percentile", format=",.1f"),
                 alt.Tooltip("highest:Q", format=",.1f"), alt.Tooltip("comparison:N", title="Compared with England")])
    return layered(data, full, iqr, england, point, height=max(120, 40 * len(data)))
