"""Status rule, change and import of baselines/targets (hand-worked values in each test)."""

import datetime as dt
import json
import subprocess
import sys

import pandas as pd
import pytest

from cdp_data import targets as tg
from cdp_data.core.errors import LoadError

D = dt.date
BASE_END, LATEST_END = D(2022, 3, 31), D(2023, 3, 31)  # 12 months apart (365 days = 11.99 months)


def status(**kw):
    args = dict(polarity="high_is_good", baseline=100.0, baseline_end=BASE_END, latest=112.0,
                latest_end=LATEST_END, target=130.0, target_date=D(2024, 3, 31))
    args.update(kw)
    return tg.assess(**args)


def test_target_already_met_is_achieved():
    assert status(latest=130.0)[0] == tg.ACHIEVED
    assert status(latest=150.0)[0] == tg.ACHIEVED


def test_on_track_when_observed_pace_meets_required_pace():
    # observed 12 in 12 months = 1.0/month; needs 18 in 12 months = 1.5/month -> ratio 0.67 -> At risk
    s, _, pace = status()
    assert s == tg.AT_RISK
    assert pace["observed_per_month"] == pytest.approx(12 / (365 / 30.4375))
    assert pace["required_per_month"] == pytest.approx(18 / (366 / 30.4375))
    # needs only 10 more in 12 months -> On track
    assert status(target=122.0)[0] == tg.ON_TRACK
    # needs 30 more (2.5/month) against 1/month -> ratio 0.4 -> Off track
    assert status(target=142.0)[0] == tg.OFF_TRACK


def test_wrong_direction_is_off_track():
    assert status(latest=95.0)[0] == tg.OFF_TRACK
    assert status(latest=100.0)[0] == tg.OFF_TRACK  # no movement


def test_low_is_good_counts_falls_as_progress():
    # deaths 50 -> 44 in 12 months, target 40 a year later: observed -0.5/month, needs -0.33/month
    s, _, _ = status(polarity="low_is_good", baseline=50.0, latest=44.0, target=40.0)
    assert s == tg.ON_TRACK
    assert status(polarity="low_is_good", baseline=50.0, latest=55.0, target=40.0)[0] == tg.OFF_TRACK
    assert status(polarity="low_is_good", baseline=50.0, latest=38.0, target=40.0)[0] == tg.ACHIEVED


def test_no_baseline_is_not_enough_data_unless_met_or_date_passed():
    assert status(baseline=None, baseline_end=None)[0] == tg.NOT_ENOUGH_DATA
    assert status(baseline=None, baseline_end=None, latest=140.0)[0] == tg.ACHIEVED
    assert status(baseline=None, baseline_end=None, target_date=D(2023, 3, 31))[0] == tg.OFF_TRACK


def test_baseline_equals_target():
    assert status(baseline=130.0, latest=130.0, target=130.0)[0] == tg.ACHIEVED
    # slipped below a target it started at: the wrong way
    assert status(baseline=130.0, latest=125.0, target=130.0)[0] == tg.OFF_TRACK
    # no polarity and baseline == target: direction unknown, only exact equality counts
    assert status(polarity="no_judgement", baseline=130.0, latest=125.0, target=130.0)[0] == tg.NOT_ENOUGH_DATA


def test_target_date_passed_and_not_met_is_off_track():
    assert status(target_date=D(2023, 1, 31))[0] == tg.OFF_TRACK


def test_monitor_no_target_and_no_latest():
    assert status(monitor=True)[0] == tg.MONITOR
    assert status(has_target=False)[0] == tg.NO_TARGET
    assert status(latest=None, latest_end=None)[0] == tg.NOT_ENOUGH_DATA


def test_no_polarity_takes_direction_from_baseline_to_target():
    assert status(polarity="no_judgement", latest=125.0, target=122.0)[0] == tg.ACHIEVED
    assert status(polarity="no_judgement", baseline=150.0, latest=140.0, target=135.0)[0] == tg.ON_TRACK


def test_change_text_units():
    assert tg.change_text(27.0, None, "proportion", "%") == "+27 percentage points"
    assert tg.change_text(800.0, 100 * 800 / 6119, "count", "count") == "+800 (+13.1%)"
    assert tg.change_text(-2.5, None, "rate", "per 100000") == "-2.5 per 100000"
    assert tg.format_number(6119.0) == "6,119"
    assert tg.format_number(40.87378, "proportion") == "40.9%"


def test_parse_target_cells_halton_style():
    assert tg.parse_target_cell("80%") == (80.0, "80%", None)
    assert tg.parse_target_cell("400 +") == (400.0, "400 +", None)
    assert tg.parse_target_cell("Monitor") == (None, "Monitor", "monitor")
    assert tg.parse_target_cell("Monitor until 2014 and set base line target")[2] == "monitor"
    assert tg.parse_target_cell(6900) == (6900.0, "6900", None)


def test_pick_target_from_a_trajectory():
    rows = [{"value": 1, "target_date": D(2024, 3, 31)}, {"value": 2, "target_date": D(2025, 3, 31)},
            {"value": 3, "target_date": D(2026, 3, 31)}]
    assert tg.pick_target(rows, D(2024, 11, 30))["value"] == 2
    assert tg.pick_target(rows, D(2027, 1, 1))["value"] == 3
    assert tg.pick_target(rows, None)["value"] == 3


def by_key(ws, code):
    return {s.indicator_id: s for s in tg.target_statuses(ws, code)}


def test_demo_statuses_are_the_defensible_ones(workspace):
    lancs = by_key(workspace, "E10000017")
    yp = lancs["young_people_in_treatment"]
    assert (yp.baseline, yp.latest, yp.target, yp.status) == (196, 301, 244, tg.ACHIEVED)
    assert yp.change == 105 and yp.change_percent == pytest.approx(53.57, abs=0.01)
    coc = lancs["continuity_of_care"]
    assert (coc.baseline, coc.latest, coc.status) == (37, 64, tg.NO_TARGET)
    assert coc.change_text == "+27 percentage points"
    assert lancs["adults_in_treatment"].status == tg.ACHIEVED  # 6,919 against at most 6,719
    assert lancs["caseload_per_worker"].status == tg.OFF_TRACK  # 70 in 2024 against 40 by 2024, lower is better
    wirral = by_key(workspace, "E08000015")
    assert wirral["continuity_of_care"].status == tg.NOT_ENOUGH_DATA  # target 70%, no figures yet


def test_small_counts_are_never_shown(workspace):
    tg.save_baselines(workspace, "E08000014", pd.DataFrame(
        [{"indicator_id": "young_people_in_treatment", "value": 3, "period": "2022", "period_end": "2022-03-31"}]))
    yp = by_key(workspace, "E08000014")["young_people_in_treatment"]
    assert yp.baseline is None and yp.latest == 74


def test_save_targets_round_trip_and_rejects_bad_kind(workspace):
    frame = tg.targets_frame(workspace, "E10000017")
    frame.loc[len(frame)] = {"indicator_id": "continuity_of_care", "value": 75.0, "target_date": "2025-03-31",
                             "period": "2024/25", "kind": "local_ambition"}
    assert tg.save_targets(workspace, "E10000017", frame) == 4
    coc = by_key(workspace, "E10000017")["continuity_of_care"]
    assert coc.target == 75
    # hand-worked: 27 points in 20 months = 1.35/month; needs 11 points in 16 months = 0.69/month -> On track
    assert coc.status == tg.ON_TRACK
    frame.loc[0, "kind"] = "wish"
    with pytest.raises(LoadError, match="Target kind must be one of"):
        tg.save_targets(workspace, "E10000017", frame)


def test_import_tracker_indicators_sheet(workspace, shared_data):
    content = (shared_data / "plans" / "tracker_flat.xlsx").read_bytes()
    report = tg.import_targets_workbook(workspace, "E08000015", "tracker_flat.xlsx", content)
    assert report.details["matched"] == {"Adults in treatment": "adults_in_treatment",
                                         "Young people in treatment": "young_people_in_treatment",
                                         "Continuity of care (%)": "continuity_of_care"}
    targets = tg.targets_frame(workspace, "E08000015").set_index("indicator_id")
    assert targets.loc["adults_in_treatment", "value"] == 6900
    # "Target 2024/25" -> 31 Mar 2025; the seeded 70% by 2026/27 for Wirral is replaced
    assert targets.loc["continuity_of_care", "target_date"] == D(2025, 3, 31)
    assert len(targets) == 3
    base = tg.baselines_frame(workspace, "E08000015").set_index("indicator_id")
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
    report = tg.import_targets_workbook(workspace, "E06000006", "halton.xlsx", halton_sheet())
    matched = report.details["matched"]
    assert matched["Successful completions"] == "successful_completions"
    assert "Criminal Justice" not in matched
    assert matched["OCU in effective treatment"] == "ocu_in_effective_treatment"  # Halton's own metric
    unknown = matched["Clients with a care plan reviewed"]
    assert unknown.startswith("local_")
    assert any("Clients with a care plan reviewed" in w and "not in the catalogue" in w for w in report.warnings)
    targets = tg.targets_frame(workspace, "E06000006").set_index("indicator_id")
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
        tg.import_targets_workbook(workspace, "E06000006", "ldp_merged_cells.xlsx", content)
    with pytest.raises(LoadError, match="could not be opened as an Excel workbook"):
        tg.import_targets_workbook(workspace, "E06000006", "x.xlsx", b"not a workbook")


def test_cli_targets_status_json(workspace):
    out = subprocess.run([sys.executable, "-m", "cdp_data", "targets", "status", "--json", "--partnership",
                          "E10000017", "--workspace", str(workspace.folder)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    keys = {"partnership_code", "indicator", "baseline", "baseline_period", "latest", "latest_period", "target",
            "target_date", "change", "status"}
    assert all(keys <= set(r) for r in rows)
    yp = next(r for r in rows if r["indicator"] == "young_people_in_treatment")
    assert (yp["baseline"], yp["latest"], yp["target"], yp["target_date"], yp["change"], yp["status"]) == (
        196, 301, 244, "2024-03-31", 105, "Achieved")
    bad = subprocess.run([sys.executable, "-m", "cdp_data", "targets", "status", "--partnership", "E99999999",
                          "--workspace", str(workspace.folder)], capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stderr.strip() == "No partnership with code E99999999 in the workspace."
