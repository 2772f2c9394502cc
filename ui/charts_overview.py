"""Charts for the Overview page (Altair)."""

from __future__ import annotations

import altair as alt
import pandas as pd

MARKS = {"Baseline": ("#505A5F", "circle"), "Latest": ("#1D70B8", "circle"), "Target": ("#D55E00", "diamond")}


def dumbbell(frame: pd.DataFrame, unit_label: str, height: int = 220) -> alt.Chart:
    """Baseline to latest for each partnership (a line between two dots), targets as diamonds.

    ``frame``: partnership, baseline, baseline_period, latest, latest_period, target, target_period.
    """
    long = []
    for r in frame.itertuples():
        for kind, value, period in (("Baseline", r.baseline, r.baseline_period), ("Latest", r.latest, r.latest_period),
                                    ("Target", r.target, r.target_period)):
            if value is not None and pd.notna(value):
                long.append({"partnership": r.partnership, "kind": kind, "value": float(value),
                             "period": period or ""})
    points = pd.DataFrame(long, columns=["partnership", "kind", "value", "period"])
    order = frame["partnership"].tolist()
    y = alt.Y("partnership:N", sort=order, title=None, axis=alt.Axis(labelFontSize=13))
    x = alt.X("value:Q", title=unit_label, scale=alt.Scale(zero=False))
    span = points[points["kind"] != "Target"].groupby("partnership")["value"].agg(["min", "max"]).reset_index()
    lines = alt.Chart(span).mark_rule(strokeWidth=3, color="#B1B4B6").encode(
        y=alt.Y("partnership:N", sort=order), x=alt.X("min:Q"), x2=alt.X2("max:Q"))
    kinds = list(MARKS)
    dots = alt.Chart(points).mark_point(size=160, filled=True, opacity=1).encode(
        y=y, x=x,
        color=alt.Color("kind:N", scale=alt.Scale(domain=kinds, range=[MARKS[k][0] for k in kinds]),
                        legend=alt.Legend(title=None, orient="top")),
        shape=alt.Shape("kind:N", scale=alt.Scale(domain=kinds, range=[MARKS[k][1] for k in kinds]),
                        legend=None),
        tooltip=[alt.Tooltip("partnership:N", title="Partnership"), alt.Tooltip("kind:N", title=" "),
                 alt.Tooltip("value:Q", title="Value", format=",.1f"), alt.Tooltip("period:N", title="Period")],
    )
    return alt.layer(lines, dots, height=height)  # (``(lines + dots).properties(...)`` copies the whole chart again)


def sparkline_svg(values: list[float], width: int = 120, height: int = 30) -> str:
    """A tiny inline SVG line (meeting-mode tiles); empty when fewer than two points."""
    if len(values) < 2:
        return ""
    low, high = min(values), max(values)
    span = (high - low) or 1
    step = (width - 8) / (len(values) - 1)
    points = " ".join(f"{4 + i * step:.1f},{height - 4 - (v - low) / span * (height - 8):.1f}"
                      for i, v in enumerate(values))
    last_x, last_y = points.split()[-1].split(",")
    return (f"<svg class='cdp-spark' width='{width}' height='{height}' role='img' aria-label='trend'>"
            f"<polyline points='{points}' fill='none' stroke='#1D70B8' stroke-width='3'/>"
            f"<circle cx='{last_x}' cy='{last_y}' r='4' fill='#1D70B8'/></svg>")


def tiles_html(tiles: list[dict]) -> str:
    """The headline tiles as one HTML grid (used in meeting mode: compact, large type).
    Period and source are in each tile's title attribute (shown on hover)."""
    from html import escape

    cards = []
    for t in tiles:
        spark = sparkline_svg([p["value"] for p in t["sparkline"]])
        lines = []
        if t.get("change_text"):
            lines.append(f"<div class='cdp-change'>{escape(t['change_text'])}</div>")
        detail = []
        if t.get("baseline_text"):
            detail.append(f"Baseline {escape(t['baseline_text'])}")
        detail.append(f"Target {escape(t['target_text'])}" if t.get("target_text") else "No target set")
        if t.get("data_to_text"):  # one line: "Data to Nov 2023 ⚠ out of date" (the age in months on hover)
            stale = (f" <span class='cdp-stale' title='{escape(t['stale_text'])}'>⚠ out of date</span>"
                     if t.get("stale") else "")
            detail.insert(0, f"{escape('D' + t['data_to_text'][1:])}{stale}")
        elif t.get("latest_period"):
            detail.insert(0, f"Latest {escape(t['latest_period'])}")
        cards.append(
            f"<div class='cdp-tile{'' if t['has_data'] else ' cdp-nodata'}' title='{escape(t['help'])}'>"
            f"<div class='cdp-tile-title'>{escape(t['title'])}</div>"
            f"<div class='cdp-tile-row'><span class='cdp-value'>{escape(t['latest_text'])}</span>{spark}</div>"
            + "".join(lines)
            + f"<span class='cdp-pill' style='background:{t['colour']};color:{t['text_colour']}'>"
              f"{t['symbol']} {escape(t['status_label'])}</span>"
            + f"<div class='cdp-tile-detail'>{'<br>'.join(detail)}</div></div>")
    # Two rows fill the projector: more than eight tiles get narrower columns rather than a third row.
    columns = 4 if len(tiles) <= 8 else min(6, -(-len(tiles) // 2))
    return (f"<div class='cdp-tiles' style='grid-template-columns: repeat({columns}, minmax(0, 1fr))'>"
            + "".join(cards) + "</div>")
