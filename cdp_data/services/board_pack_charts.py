"""The board pack's pictures: Vega-Lite specifications built as plain dicts, rendered offline by vl-convert
(no browser, no network). Text is large enough to read when the page is printed or projected."""

from __future__ import annotations

import functools
import json

import pandas as pd

from ..present import format_value

FONT = "DejaVu Sans, Arial, Helvetica, sans-serif"
COLOURS = {"Partnership": "#1d70b8", "England": "#505a5f"}


def outcome_spec(own: pd.DataFrame, england: pd.DataFrame, title: str, unit: str | None) -> dict:
    rows = [{"period": r.period, "order": i, "line": line, "value": float(r.value),
             "label": format_value(r.value, unit)}
            for line, frame in (("Partnership", own), ("England", england[england["period"].isin(own["period"])]))
            for i, r in enumerate(frame.sort_values("period_end").itertuples())]
    order = list(own.sort_values("period_end")["period"])
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": 560, "height": 220, "background": "white",
        "data": {"values": rows},
        "mark": {"type": "line", "point": {"size": 60}, "strokeWidth": 3},
        "encoding": {
            "x": {"field": "period", "type": "ordinal", "sort": order, "title": None,
                  "axis": {"labelAngle": -30 if len(order) > 5 else 0}},
            "y": {"field": "value", "type": "quantitative", "title": unit or None, "scale": {"zero": False}},
            "color": {"field": "line", "type": "nominal", "title": None,
                      "scale": {"domain": list(COLOURS), "range": list(COLOURS.values())},
                      "legend": {"orient": "top"}},
        },
        "config": {"font": FONT, "axis": {"labelFontSize": 14, "titleFontSize": 14, "labelColor": "#0b0c0c",
                                          "titleColor": "#0b0c0c"},
                   "legend": {"labelFontSize": 14, "labelColor": "#0b0c0c"}, "view": {"stroke": None}},
    }


def outcome_chart(own: pd.DataFrame, england: pd.DataFrame, title: str, unit: str | None) -> bytes | None:
    """A PNG of the partnership's line and England's, or None with fewer than two periods to draw."""
    if len(own) < 2:
        return None
    return _png(json.dumps(outcome_spec(own, england, title, unit), sort_keys=True))


@functools.lru_cache(maxsize=32)
def _png(spec: str) -> bytes:
    """The PNG of a specification (its JSON text): the same picture is drawn once, though the Word and the PDF
    buttons each build the pack (about 0.2 s of CPU a chart). At most 32 pictures of some 80 KB are kept."""
    import vl_convert

    return vl_convert.vegalite_to_png(spec, scale=2)
