"""Statuses on the demo, saving baselines and targets, importing an indicators sheet (hand-worked values)."""

import datetime as dt

import pandas as pd
import pytest

from cdp_data import targets as tg
from cdp_data.core.errors import LoadError
from cdp_data.services import targets as svc

D = dt.date


def by_key(ws, code):
    return {s.indicator_id: s for s in svc.target_statuses(ws, code)}


def test_demo_statuses_are_the_defensible_ones(workspace):
    lancs = by_key(workspace, "E10000017")
    yp = lancs["young_people_in_treatment"]
    assert (yp.baseline, yp.latest, yp.target, yp.status) == (196, 301, 244, tg.ACHIEVED)
    assert yp.change == 105 and yp.change_percent == pytest.approx(53.57, abs=0.01)
    coc = lancs["continuity_of_care"]
    assert (coc.baseline, coc.latest, coc.status) == (37, 64, tg.NO_TARGET)
    assert coc.change_text == "+27.0 percentage points"
    assert lancs["adults_in_treatment"].status == tg.ACHIEVED  # 6,919 against at most 6,719
    assert lancs["caseload_per_worker"].status == tg.OFF_TRACK  # 70 in 2024 against 40 by 2024, lower is better
    wirral = by_key(workspace, "E08000015")
    assert wirral["continuity_of_care"].status == tg.NOT_ENOUGH_DATA  # target 70%, no figures yet


def test_small_counts_are_never_shown(workspace):
    svc.save_baselines(workspace, "E08000014", pd.DataFrame(
        [{"indicator_id": "young_people_in_treatment", "value": 3, "period": "2022", "period_end": "2022-03-31"}]))
    yp = by_key(workspace, "E08000014")["young_people_in_treatment"]
    assert yp.baseline is None and yp.latest == 74


def test_save_targets_round_trip_and_rejects_bad_kind(workspace):
    frame = svc.targets_frame(workspace, "E10000017")
    frame.loc[len(frame)] = {"indicator_id": "continuity_of_care", "value": 75.0, "target_date": "2025-03-31",
                             "period": "2024/25", "kind": "local_ambition"}
    assert svc.save_targets(workspace, "E10000017", frame) == 4
    coc = by_key(workspace, "E10000017")["continuity_of_care"]
    assert coc.target == 75
    # hand-worked: 27 points in 20 months = 1.35/month; needs 11 points in 16 months = 0.69/month -> On track
    assert coc.status == tg.ON_TRACK
    frame.loc[0, "kind"] = "wish"
    with pytest.raises(LoadError, match="Target kind must be one of"):
        svc.save_targets(workspace, "E10000017", frame)


def test_import_tracker_indicators_sheet(workspace, shared_data):
    content = (shared_data / "plans" / "tracker_flat.xlsx").read_bytes()
    report = svc.import_targets_workbook(workspace, "E08000015", "tracker_flat.xlsx", content)
    assert report.details["matched"] == {"Adults in treatment": "adults_in_treatment",
                                         "Young people in treatment": "young_people_in_treatment",
                                         "Continuity of care (%)": "continuity_of_care"}
    targets = svc.targets_frame(workspace, "E08000015").set_index("indicator_id")
    assert targets.loc["adults_in_treatment", "value"] == 6900
    # "Target 2024/25" -> 31 Mar 2025; the seeded 70% by 2026/27 for Wirral is replaced
    assert targets.loc["continuity_of_care", "target_date"] == D(2025, 3, 31)
    assert len(targets) == 3
    base = svc.baselines_frame(workspace, "E08000015").set_index("indicator_id")
    assert base.loc["young_people_in_treatment", "value"] == 196
    assert base.loc["young_people_in_treatment", "period"] == "Mar 2022"
    assert base.loc["young_people_in_treatment", "period_end"] == D(2022, 3, 31)


def halton_sheet() -> bytes:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Performance"
    sheet.append(["Halton treatment performance framework"])
    sheet.append(["Indicator", "Target", "Reporting frequency"])
    sheet.append(["Criminal Justice", None, None])
    sheet.append(["Successful completions", "50%", "Quarterly"])
    sheet.append(["OCU in effective treatment", "400 +", "Monthly"])
    sheet.append(["Hep B vaccination offered", "Monitor", "Quarterly"])
    sheet.append(["Alcohol related admissions", "Monitor until 2014 and set base line target", "Annual"])
    sheet.append(["Clients with a care plan reviewed", "85%", "Quarterly"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_import_halton_style_rows_adds_unknown_indicators_with_a_warning(workspace):
    report = svc.import_targets_workbook(workspace, "E06000006", "halton.xlsx", halton_sheet())
    matched = report.details["matched"]
    assert matched["Successful completions"] == "successful_completions"
    assert "Criminal Justice" not in matched
    assert matched["OCU in effective treatment"] == "ocu_in_effective_treatment"  # Halton's own metric
    unknown = matched["Clients with a care plan reviewed"]
    assert unknown.startswith("local_")
    assert any("Clients with a care plan reviewed" in w and "not in the catalogue" in w for w in report.warnings)
    targets = svc.targets_frame(workspace, "E06000006").set_index("indicator_id")
    assert targets.loc[matched["OCU in effective treatment"], "value"] == 400
    assert targets.loc[unknown, "value"] == 85
    assert targets.loc[matched["Hep B vaccination offered"], "kind"] == "monitor"
    assert by_key(workspace, "E06000006")[matched["Hep B vaccination offered"]].status == tg.MONITOR
    from cdp_data.services.catalogue import get_catalogue

    cat = get_catalogue(workspace).set_index("indicator_id")
    assert bool(cat.loc[unknown, "user_defined"])
    assert not bool(cat.loc[matched["OCU in effective treatment"], "user_defined"])


def test_import_refuses_a_workbook_without_an_indicators_sheet(workspace, shared_data):
    content = (shared_data / "plans" / "ldp_merged_cells.xlsx").read_bytes()
    with pytest.raises(LoadError, match="no sheet with Indicator and Target columns"):
        svc.import_targets_workbook(workspace, "E06000006", "ldp_merged_cells.xlsx", content)
    with pytest.raises(LoadError, match="could not be opened as an Excel workbook"):
        svc.import_targets_workbook(workspace, "E06000006", "x.xlsx", b"not a workbook")


def test_statuses_carry_the_reason_in_words(workspace):
    lancs = by_key(workspace, "E10000017")
    assert lancs["young_people_in_treatment"].reason == "The latest value has reached the target."
    assert lancs["caseload_per_worker"].reason == "The target date has been reached and the target was not met."
