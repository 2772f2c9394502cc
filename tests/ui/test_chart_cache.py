"""Chart specs are cached on the content of the builder's arguments (ui.common.chart_spec)."""

import altair as alt
import pandas as pd

from ui import common

BUILT = []


def bars(frame: pd.DataFrame, title: str) -> alt.Chart:
    BUILT.append(title)
    return alt.Chart(frame).mark_bar().encode(x=alt.X("value:Q"), y=alt.Y("area:N")).properties(title=title)


def test_a_chart_is_built_once_for_the_same_content_and_again_for_any_change():
    common._chart_spec.clear()
    BUILT.clear()
    frame = pd.DataFrame({"area": ["A", "B"], "value": [1, 2]})
    spec = common.chart_spec(bars, frame, "Rates")
    assert spec == bars(frame, "Rates").to_dict(validate=False)
    BUILT.clear()
    assert common.chart_spec(bars, frame.copy(), "Rates") == spec and BUILT == []   # equal content: cached
    for changed, title in ((frame.assign(value=[1, 3]), "Rates"), (frame.assign(value=[1.0, 2.0]), "Rates"),
                           (frame.assign(area=["A", "C"]), "Rates"), (frame, "Counts"),
                           (frame.rename(columns={"area": "areas"}), "Rates")):
        BUILT.clear()
        assert common.chart_spec(bars, changed, title) == bars(changed, title).to_dict(validate=False)
        assert BUILT == [title, title]   # built for the page (not served from the cache), then here
