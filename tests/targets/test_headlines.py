"""What the Overview shows: the comparison's default indicator and the rows it draws."""

import pandas as pd

from cdp_data.targets import headlines


def test_default_dumbbell_indicator():
    assert headlines.default_dumbbell_indicator(["93517", "continuity_of_care"]) == "continuity_of_care"
    assert headlines.default_dumbbell_indicator(["93517", "90244"]) == "93517"
    assert headlines.default_dumbbell_indicator([]) is None


def test_with_points_keeps_partnerships_with_something_to_draw():
    frame = pd.DataFrame({"partnership": ["A", "B", "C"], "baseline": [None, 1.0, None],
                          "latest": [None, None, None], "target": [None, None, 5.0]})
    assert headlines.with_points(frame)["partnership"].tolist() == ["B", "C"]
