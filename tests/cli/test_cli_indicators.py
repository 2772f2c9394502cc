"""``python -m cdp_data indicators ...``: in-process through ``cli.main``, one smoke test through a subprocess."""

import json

import pytest

from tests.cli.runner import run_main, run_process

EXPORT = "public/fingertips/fingertips_export_93517_ocu_not_in_treatment_SAMPLE.csv"


@pytest.fixture
def _run(capsys):
    return lambda *args: run_main(capsys, "indicators", *args)


def test_load_reports_rows_indicators_areas_periods(tmp_path, shared_data):
    result = run_process("indicators", "load", shared_data / EXPORT, "--workspace", tmp_path / "ws", "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["rows"] == 13 and out["indicators"] == ["93517"] and out["areas"] == 8
    assert out["periods"] == ["2018/19", "2019/20", "2020/21"]
    # the new workspace's demo holds the same export (its real public data): replaced, and said so
    assert out["warnings"] == ["fingertips_export_93517_ocu_not_in_treatment_SAMPLE.csv: 13 values from an earlier "
                               "extract (fingertips_93517_ocu_not_in_treatment.csv) were replaced by this file's "
                               "values for the same indicator, area, period and breakdown; all other values were "
                               "kept."]


def test_compare_agrees_with_published_labels(_run, shared_data):
    result = _run("compare", shared_data / EXPORT, "--indicator", "93517", "--json")
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert len(records) == 13
    assert set(records[0]) == {"area_code", "area_name", "period", "value", "lower_ci", "upper_ci",
                               "compared_to_england", "published_compared_to_england", "benchmark",
                               "benchmark_code", "benchmark_value", "method", "quintile", "benchmark_label"}
    checked = [r for r in records if r["published_compared_to_england"] not in (None, "Not compared")]
    assert len(checked) == 9
    assert all(r["compared_to_england"] == r["published_compared_to_england"] for r in checked)
    middlesbrough = next(r for r in records if r["area_code"] == "E06000002" and r["period"] == "2019/20")
    assert middlesbrough["compared_to_england"] == "Better" and middlesbrough["value"] == 41.07615406


def test_unreadable_input_exits_2_with_one_line(_run, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\x00\x01\x02 not a table")
    for args in (("compare", bad, "--indicator", "93517"), ("load", tmp_path / "missing.csv", "--workspace",
                                                             tmp_path / "ws")):
        result = _run(*args)
        assert result.returncode == 2
        assert len(result.stderr.strip().splitlines()) == 1 and result.stdout == ""


def test_compare_unknown_indicator_is_one_line(_run, shared_data):
    result = _run("compare", shared_data / EXPORT, "--indicator", "12345")
    assert result.returncode == 2 and "not in the file(s) given" in result.stderr


def test_fetch_from_a_local_recorded_server(_run, tmp_path, shared_data, monkeypatch):
    from tests.services.test_fingertips_api import Recorded, recorded
    from tests.support import local_server

    handler = recorded({("/api/all_data/csv/by_indicator_id", "93517"): (shared_data / EXPORT).read_bytes()})
    with local_server(handler) as base:
        monkeypatch.setenv("CDP_FINGERTIPS_BASE_URL", f"{base}/api")
        result = _run("fetch", "--indicator", "93517", "--area-type", "402", "--workspace", tmp_path / "ws", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["rows"] == 13
    assert "child_area_type_id=402" in Recorded.requests[0]
    assert list((tmp_path / "ws" / "cache" / "fingertips").glob("*.csv"))


HEADER = ["Indicator ID", "Indicator Name", "Parent Code", "Parent Name", "Area Code", "Area Name", "Area Type", "Sex",
          "Age", "Category Type", "Category", "Time period", "Value", "Lower CI 95.0 limit", "Upper CI 95.0 limit",
          "Lower CI 99.8 limit", "Upper CI 99.8 limit", "Count", "Denominator", "Value note", "Recent Trend",
          "Compared to England value or percentiles", "Column not used", "Time period Sortable", "New data",
          "Compared to goal", "Time period range"]


def _export(path, rows):
    """A Fingertips export of indicator 93517 (low is good in the catalogue): rows of (code, type, parent, value,
    lower95, upper95, lower998, upper998)."""
    import csv

    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for code, kind, parent, value, l95, u95, l998, u998 in rows:
            w.writerow(["93517", "OCU not in treatment", parent, "", code, f"Area {code}", kind, "Persons",
                        "15-64 yrs", "", "", "2020/21", value, l95, u95, l998, u998, "", "", "", "", "", "",
                        "20200000", "", "", "1y"])
    return path


def test_compare_with_england_carries_benchmark_and_method(_run, shared_data):
    records = json.loads(_run("compare", shared_data / EXPORT, "--indicator", "93517", "--benchmark", "england",
                              "--json").stdout)
    local = [r for r in records if r["area_code"] != "E92000001"]
    assert all(r["method"] == "95% CI" and r["benchmark"] == "England" for r in records)
    assert all(r["benchmark_label"] == r["compared_to_england"] for r in local)
    hartlepool = next(r for r in records if r["area_code"] == "E06000001" and r["period"] == "2020/21")
    assert hartlepool["benchmark_value"] == pytest.approx(52.10317309)


def test_quintiles_for_an_indicator_without_intervals(_run, tmp_path):
    # 7 areas (UAs and counties are one Fingertips area type), ascending 10 ... 70: NTILE(5) gives fifths
    # 1, 1, 2, 2, 3, 4, 5; low is good, so fifth 1 is Best.
    rows = [(f"E0600000{i}" if i < 5 else f"E1000000{i}", "UA" if i < 5 else "County", "E92000001", 10 * i,
             "", "", "", "") for i in range(1, 8)] + [("E92000001", "England", "", 35, "", "", "", "")]
    result = _run("compare", _export(tmp_path / "q.csv", rows), "--indicator", "93517", "--json")
    assert result.returncode == 0, result.stderr
    by_code = {r["area_code"]: r for r in json.loads(result.stdout)}
    assert [by_code[c]["quintile"] for c, *_ in rows[:7]] == [1, 1, 2, 2, 3, 4, 5]
    assert [by_code[c]["benchmark_label"] for c, *_ in rows[:7]] == ["Best", "Best", "Better", "Better", "Middle",
                                                                      "Worse", "Worst"]
    assert all(by_code[c]["method"] == "quintiles" for c, *_ in rows)
    # a peer group of four of them: fewer than 5 areas, not compared
    group = _run("compare", tmp_path / "q.csv", "--indicator", "93517", "--benchmark",
                 "E06000001,E06000002,E06000003,E06000004", "--json")
    records = [r for r in json.loads(group.stdout) if r["area_code"] != "E92000001"]
    assert len(records) == 4 and {r["benchmark_label"] for r in records} == {"Not compared"}
    assert {r["benchmark"] for r in records} == {"peer group of 4 areas"}


def test_99_8_intervals_and_region_benchmark(_run, tmp_path):
    # Only 99.8% limits: compared with them. England 50; region E12000002 40.
    rows = [("E06000008", "UA", "E12000002", 30, "", "", 25, 35),   # below both: Better (low is good)
            ("E06000009", "UA", "E12000002", 45, "", "", 41, 49),   # England 50 above it: Better; region 40 below: Worse
            ("E06000010", "UA", "E12000003", 45, "", "", 35, 55),   # its region E12000003 is not in the file
            ("E12000002", "Region", "E92000001", 40, "", "", 39, 41),
            ("E92000001", "England", "", 50, "", "", 49.5, 50.5)]
    path = _export(tmp_path / "ci.csv", rows)
    england = {r["area_code"]: r for r in json.loads(_run("compare", path, "--indicator", "93517", "--json").stdout)}
    assert england["E06000008"]["method"] == "99.8% CI"
    assert [england[c]["benchmark_label"] for c in ("E06000008", "E06000009", "E06000010")] == \
        ["Better", "Better", "Similar"]
    region = {r["area_code"]: r for r in json.loads(_run("compare", path, "--indicator", "93517", "--benchmark",
                                                         "region", "--json").stdout)}
    assert region["E06000009"]["benchmark_code"] == "E12000002" and region["E06000009"]["benchmark_value"] == 40
    assert [region[c]["benchmark_label"] for c in ("E06000008", "E06000009", "E06000010")] == \
        ["Better", "Worse", "Not compared"]


def test_bad_benchmark_is_one_line(_run, shared_data):
    result = _run("compare", shared_data / EXPORT, "--indicator", "93517", "--benchmark", "Wirral")
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "--benchmark must be england, region or a peer group" in result.stderr
