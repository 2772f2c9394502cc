"""The PHE alcohol-dependency estimates loader (cdp_data.sources.prevalence).

Reference values are read by eye from the published file (Lancashire 2017/18:
14,048, 95% CI 11,502 to 17,688).
"""

from __future__ import annotations

import datetime as dt

import pytest

from cdp_data.core.periods import period_dates

from cdp_data.core.errors import LoadError
from cdp_data.store.indicator_values import read_values
from cdp_data.services import indicator_files
from cdp_data.sources import prevalence
from cdp_data.services.loading import load_file
from cdp_data.sources.detect import detect

FILE = "public/fingertips/phe_estimates_alcohol_dependent_adults_utla_2010_2018.csv"


def stored(ws, area):
    rows = read_values(ws, ["period", "value", "lower_ci95", "upper_ci95", "period_start", "period_end", "area_name"],
                       indicator_id=prevalence.INDICATOR_ID, area_code=area)
    return rows.sort_values("period_end").reset_index(drop=True)


def test_real_file_is_detected_and_loaded(workspace, shared_data):
    path = shared_data / FILE
    assert detect(path.name, path.read_bytes()).kind == "alcohol_dependency_estimates"
    report = load_file(workspace, path.name, path.read_bytes())
    # 1,211 rows, less the 5 for "Cornwall & Isles of Scilly" under the non-GSS code E0999
    assert report.rows == 1206
    assert report.details["areas"] == 152
    assert any("E0999" in w for w in report.warnings)
    assert any("Northamptonshire (E10000021)" in w for w in report.warnings)   # retired code kept, named
    lancs = stored(workspace, "E10000017")
    latest = lancs.iloc[-1]
    assert (latest.period, latest.value, latest.lower_ci95, latest.upper_ci95) == ("2017/18", 14048, 11502, 17688)
    assert latest.period_start == dt.date(2017, 4, 1) and latest.period_end == dt.date(2018, 3, 31)
    early = lancs[lancs["period"] == "2012"].iloc[0]
    assert early.value == 13708 and early.lower_ci95 != early.lower_ci95       # NA -> missing, not 0
    # Old codes are kept as published
    assert stored(workspace, "E10000021").shape[0] == 8


def test_loading_twice_replaces_rather_than_duplicates(workspace, shared_data):
    path = shared_data / FILE
    load_file(workspace, path.name, path.read_bytes())
    load_file(workspace, path.name, path.read_bytes())
    assert stored(workspace, "E08000015").shape[0] == 8


def test_missing_column_is_named(empty_workspace):
    content = b"Area_Code_GSS,Alcohol_dependent,Alcohol_lower_CI,Year\nE08000015,5033,3318,2017/18\n"
    with pytest.raises(LoadError, match="no column Alcohol_upper_CI"):
        indicator_files.load_prevalence(empty_workspace, "estimates.csv", content)


def test_file_with_no_usable_rows_is_refused(empty_workspace):
    content = b"Area_Code_GSS,Alcohol_dependent,Alcohol_lower_CI,Alcohol_upper_CI,Year\nE08000015,NA,NA,NA,2017/18\n"
    with pytest.raises(LoadError, match="no usable estimates"):
        indicator_files.load_prevalence(empty_workspace, "estimates.csv", content)


def test_period_bounds():
    assert period_dates("2015/16") == (dt.date(2015, 4, 1), dt.date(2016, 3, 31))
    assert period_dates("2014") == (dt.date(2014, 1, 1), dt.date(2014, 12, 31))
    assert period_dates("Q1") == (None, None)
