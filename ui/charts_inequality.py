"""The chart of harm rates by deprivation fifth, with their 95% confidence intervals."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ui.charts_indicators import layered

BAR_COLOURS = {"Rate": "#1d70b8", "Range (holds a ward count under 5)": "#8eb8dc"}


def rates_by_fifth(frame: pd.DataFrame, y_title: str) -> alt.LayerChart:
    """One bar per fifth (most deprived first) with its 95% CI as an error bar; a fifth shown as a range is
    drawn paler, at the middle of its range."""
    base = alt.Chart()   # the data once, on the layer
    x = alt.X("fifth:N", sort=None, title="Deprivation fifth of the wards (by IMD score)",
              axis=alt.Axis(labelAngle=0))
    tooltip = [alt.Tooltip("fifth:N", title="Fifth"), alt.Tooltip("rate_text:N", title=y_title),
               alt.Tooltip("ci_text:N", title="95% CI")]
    domain = list(BAR_COLOURS)
    bars = base.mark_bar().encode(
        x=x, y=alt.Y("rate_shown:Q", title=y_title),
        color=alt.Color("shown_as:N", title="Shown as",
                        scale=alt.Scale(domain=domain, range=[BAR_COLOURS[d] for d in domain]),
                        legend=alt.Legend(orient="bottom", labelLimit=400)),
        tooltip=tooltip)
    ci = base.mark_rule(color="#0b0c0c", strokeWidth=2).encode(x=x, y=alt.Y("lower_ci:Q"), y2=alt.Y2("upper_ci:Q"),
                                                                tooltip=tooltip)
    caps = [base.mark_tick(color="#0b0c0c", thickness=2, size=14).encode(x=x, y=alt.Y(f"{end}:Q"), tooltip=tooltip)
            for end in ("lower_ci", "upper_ci")]
    return layered(frame, bars, ci, *caps).properties(height=340)
