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
    assert out["periods"] == ["2018/19", "2019/20", "2020/21"] and out["warnings"] == []


def test_compare_agrees_with_published_labels(_run, shared_data):
    result = _run("compare", shared_data / EXPORT, "--indicator", "93517", "--json")
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert len(records) == 13
    assert set(records[0]) == {"area_code", "area_name", "period", "value", "lower_ci", "upper_ci",
                               "compared_to_england", "published_compared_to_england"}
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
    import threading
    from http.server import ThreadingHTTPServer

    from tests.services.test_fingertips_api import Recorded

    Recorded.responses = {("/api/all_data/csv/by_indicator_id", "93517"): (shared_data / EXPORT).read_bytes()}
    Recorded.failures_before_success, Recorded.requests, Recorded.delay = 0, [], 0.0
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Recorded)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    monkeypatch.setenv("CDP_FINGERTIPS_BASE_URL", f"http://127.0.0.1:{httpd.server_address[1]}/api")
    try:
        result = _run("fetch", "--indicator", "93517", "--area-type", "402", "--workspace", tmp_path / "ws", "--json")
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["rows"] == 13
    assert "child_area_type_id=402" in Recorded.requests[0]
    assert list((tmp_path / "ws" / "cache" / "fingertips").glob("*.csv"))
