"""Overview tiles and dumbbell data on the demo (figures from seed 004, hand-checked)."""

import datetime as dt

import pandas as pd
import pytest

from cdp_data.core.errors import PermissionDenied
from cdp_data.services import overview as ov
from cdp_data.services import targets
from tests.services.test_access import as_user


REPORT_DAY = dt.date(2024, 1, 15)   # between the demo's data (to Nov 2023) and its 2023/24 target dates
MEETING_DAY = dt.date(2026, 12, 2)


def tiles_by_title(ws, code, as_of=REPORT_DAY):
    return {t["title"]: t for t in ov.overview_tiles(ws, code, as_of)}


def test_lancashire_tiles_show_the_seed_figures(workspace):
    tiles = tiles_by_title(workspace, "E10000017")
    assert list(tiles)[:6] == ["Adults in treatment", "Young people in treatment", "Continuity of care",
                               "Deaths from drug misuse", "Unmet need: OCU", "Successful completions"]
    coc = tiles["Continuity of care"]
    assert coc["latest_text"] == "64.0%" and coc["baseline_text"] == "37.0% (12 months to Mar 2022)"
    assert coc["change_text"] == "+27.0 percentage points" and coc["status"] == "No target"
    assert coc["latest_period"] == "12 months to Nov 2023"
    assert [p["value"] for p in coc["sparkline"]] == [37, 64]
    assert "seed 004" in coc["help"]
    yp = tiles["Young people in treatment"]
    assert (yp["latest_text"], yp["target_text"], yp["status"]) == ("301", "244 by 2023/24", "Achieved")
    # the indicator with a target but not a headline gets its own tile
    assert tiles["Caseload per worker"]["status"] == "Off track"
    # data to Nov 2023 is 1 month old on 15 Jan 2024: no flag
    assert (coc["data_to_text"], coc["data_age_months"], coc["stale"], coc["stale_text"]) == (
        "data to Nov 2023", 1, False, None)


def test_tiles_from_every_partnerships_statuses_are_the_tiles_of_the_partnership(workspace):
    """The Overview passes the statuses of every partnership it has read already, the meeting's agenda those of
    the partnership: the tiles are the same, and a partnership the user may not read is refused as before."""
    every = targets.target_statuses(workspace, as_of=REPORT_DAY)
    for code in workspace.partnerships()["code"]:
        assert ov.overview_tiles(workspace, code, REPORT_DAY, statuses=every) == ov.overview_tiles(
            workspace, code, REPORT_DAY)
    own = targets.target_statuses(workspace, "E10000017", MEETING_DAY)
    assert ov.overview_tiles(workspace, "E10000017", MEETING_DAY, statuses=own) == ov.overview_tiles(
        workspace, "E10000017", MEETING_DAY)
    viewer = as_user(workspace, "view@example.org", E08000015="viewer")
    seen = targets.target_statuses(viewer, as_of=REPORT_DAY)
    assert ov.overview_tiles(viewer, "E08000015", REPORT_DAY, statuses=seen) == ov.overview_tiles(
        viewer, "E08000015", REPORT_DAY)
    for statuses in (every, None):
        with pytest.raises(PermissionDenied):
            ov.overview_tiles(viewer, "E10000017", REPORT_DAY, statuses=statuses)


def test_tiles_as_of_the_meeting_day_say_how_old_the_data_is(workspace):
    tiles = tiles_by_title(workspace, "E10000017", MEETING_DAY)
    yp = tiles["Young people in treatment"]
    assert (yp["status"], yp["status_label"], yp["symbol"]) == ("Awaiting data", "Awaiting data", "◔")
    assert (yp["colour"], yp["text_colour"]) == ("#56B4E9", "#000000")
    assert "The target date (31 Mar 2024) has passed" in yp["status_reason"]
    coc = tiles["Continuity of care"]
    assert (coc["data_to_text"], coc["data_age_months"], coc["stale"]) == ("data to Nov 2023", 36, True)
    assert coc["stale_text"] == "Out of date: 36 months old, more than the 4 months monthly figures allow"
    assert coc["stale_flag"] == "Out of date: 36 months old"
    from cdp_data.present import targets as words
    assert words.tile_details(coc)[:2] == ["Latest: 12 months to Nov 2023 (data to Nov 2023)",
                                           "⚠ Out of date: 36 months old, more than the 4 months monthly figures "
                                           "allow"]
    caseload = tiles["Caseload per worker"]  # annual, data to Dec 2024: 23 months, 15 allowed
    assert (caseload["status"], caseload["data_to_text"], caseload["stale"]) == ("Off track", "data to Dec 2024",
                                                                                 True)
    # a tile without data has no age and no flag
    deaths = tiles["Deaths from drug misuse"]
    assert (deaths["data_to_text"], deaths["stale"], deaths["stale_text"]) == (None, False, None)


def test_tiles_without_data_say_so_and_never_show_zero(workspace):
    deaths = tiles_by_title(workspace, "E10000017")["Deaths from drug misuse"]
    assert deaths["has_data"] is False and deaths["latest"] is None
    assert deaths["latest_text"] == "No data yet"
    # Wirral has the drug-related deaths count, used when 92432 is missing
    wirral = tiles_by_title(workspace, "E08000015")
    assert wirral["Deaths from drug misuse"]["indicator_id"] == "drug_related_deaths"
    assert wirral["Deaths from drug misuse"]["latest_text"] == "121"
    assert wirral["Unmet need: OCU"]["latest_text"] == "40.9%"  # 1,263 of 3,090
    assert wirral["Continuity of care"]["status"] == "Not enough data"
    assert wirral["Continuity of care"]["target_text"] == "70.0% by 2026/27"


def test_dumbbell_data_has_every_partnership_with_targets(workspace):
    frame = ov.dumbbell_data(workspace, "continuity_of_care").set_index("partnership")
    assert list(frame.index) == ["Halton", "Lancashire", "Sefton", "Wirral"]
    assert (frame.loc["Lancashire", "baseline"], frame.loc["Lancashire", "latest"]) == (37, 64)
    assert frame.loc["Wirral", "target"] == 70 and pd.isna(frame.loc["Wirral", "latest"])
    assert pd.isna(frame.loc["Halton", "baseline"])
    ids = [i for i, _ in ov.dumbbell_indicators(workspace)]
    assert "continuity_of_care" in ids and "caseload_per_worker" in ids


def test_a_count_under_five_is_never_shown(workspace):
    import pandas as pd

    from cdp_data.store import indicator_values as indicator_data

    rows = pd.DataFrame([dict(indicator_id="drug_related_deaths", area_code="E08000014", sex="Persons",
                              period=period, period_end=end, value=value, count=value, source="test")
                         for period, end, value in (("2021", dt.date(2021, 12, 31), 9.0),
                                                    ("2022", dt.date(2022, 12, 31), 3.0))])
    with workspace.begin() as conn:
        indicator_data.write_values(conn, indicator_data.to_table(rows))
    tile = tiles_by_title(workspace, "E08000014")["Deaths from drug misuse"]
    assert tile["latest"] is None and tile["latest_text"] == "Under 5 (not shown)"
    assert [p["value"] for p in tile["sparkline"]] == [9.0]  # the 3 is left out of the trend line too
    assert "3.0" not in str(tile) and "'value': 3" not in str(tile)


def test_monitor_target_shows_the_trend_not_a_judgement(workspace):
    import pandas as pd

    from cdp_data.services import targets as tg

    tg.save_targets(workspace, "E10000017", pd.concat([tg.targets_frame(workspace, "E10000017"), pd.DataFrame(
        [{"indicator_id": "continuity_of_care", "target_text": "Monitor", "kind": "monitor"}])]))
    coc = tiles_by_title(workspace, "E10000017")["Continuity of care"]
    assert coc["status"] == "Monitor" and coc["status_label"] == "Monitor: rising"
    assert coc["target_text"] == "Monitor"
