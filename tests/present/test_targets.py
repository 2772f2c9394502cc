"""The words of the status: change since the baseline, the line of counts, the lines under a tile."""

from cdp_data.present import format_change, format_value
from cdp_data.present import targets as words


def test_change_text_units():
    assert format_change(27.0, None, "proportion", "%") == "+27.0 percentage points"
    assert format_change(800.0, 100 * 800 / 6119, "count", "count") == "+800 (+13.1%)"
    assert format_change(-2.5, None, "rate", "per 100000") == "-2.5 per 100,000"
    assert format_value(6119.0) == words.number_text(6119.0) == "6,119"
    assert words.number_text(40.87378, "proportion") == "40.9%"
    assert words.number_text(37.0, "proportion", "%") == "37.0%"  # one decimal, as everywhere
    assert words.number_text(12.34, "rate", "per 100000") == "12.3 per 100,000"
    assert words.number_text(70.0, "rate", "per worker") == "70 per worker"
    assert words.number_text(None, "rate", "per worker") == "–"


def test_status_counts_text_follows_the_status_order():
    # counts given out of order: the line follows targets.STATUSES (Achieved before Off track before No target)
    text = words.status_counts_text({"No target": 1, "Off track": 2, "Achieved": 3})
    assert text == "**3** achieved · **2** off track · **1** no target"


def test_tile_details_say_what_is_missing():
    full = {"latest_period": "2023/24", "baseline_text": "37% (2021/22)", "target_text": "70% by 2026/27"}
    assert words.tile_details(full) == ["Latest: 2023/24", "Baseline: 37% (2021/22)", "Target: 70% by 2026/27"]
    empty = {"latest_period": None, "baseline_text": None, "target_text": ""}
    assert words.tile_details(empty) == ["Load it on the Data page", "No baseline", "No target set"]


def test_every_reason_of_the_rule_has_its_words():
    from cdp_data.targets.rule import REASON_CODES, STATUS_OF_REASON

    assert set(words.REASONS) == set(REASON_CODES) == set(STATUS_OF_REASON) | {"small_count"}
    assert words.REASONS["reached"] == "The latest value has reached the target."
