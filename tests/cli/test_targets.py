"""``python -m cdp_data targets status|import``: in-process through ``cli.main``, with one subprocess smoke test
for the command (``targets status``)."""

import json
import subprocess
import sys

from cdp_data.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_targets_status_json(workspace, capsys):
    code, stdout, stderr = run(capsys, "targets", "status", "--json", "--partnership", "E10000017",
                               "--workspace", str(workspace.folder))
    assert code == 0, stderr
    rows = json.loads(stdout)
    keys = {"partnership_code", "indicator", "baseline", "baseline_period", "latest", "latest_period", "target",
            "target_date", "change", "status"}
    assert all(keys <= set(r) for r in rows)
    yp = next(r for r in rows if r["indicator"] == "young_people_in_treatment")
    # judged today (2026 or later): the 2023/24 target date has passed and the data ends in Nov 2023
    assert (yp["baseline"], yp["latest"], yp["target"], yp["target_date"], yp["change"], yp["status"]) == (
        196, 301, 244, "2024-03-31", 105, "Awaiting data")
    code, _, stderr = run(capsys, "targets", "status", "--partnership", "E99999999",
                          "--workspace", str(workspace.folder))
    assert code == 2 and stderr.strip() == "No partnership with code E99999999 in the workspace."


def test_cli_targets_status_as_of_gives_the_issue_keys(workspace, capsys):
    code, stdout, stderr = run(capsys, "targets", "status", "--json", "--as-of", "2026-12-02",
                               "--workspace", str(workspace.folder))
    assert code == 0, stderr
    rows = json.loads(stdout)
    assert all({"partnership", "indicator_id", "status", "latest_period_end", "target_date"} <= set(r) for r in rows)
    assert {r["partnership"] for r in rows} >= {"E10000017", "E08000015"}  # every partnership without --partnership
    by = {(r["partnership"], r["indicator_id"]): r for r in rows}
    yp = by[("E10000017", "young_people_in_treatment")]
    assert (yp["status"], yp["latest_period_end"], yp["target_date"], yp["as_of"], yp["data_age_months"],
            yp["data_stale"]) == ("Awaiting data", "2023-11-30", "2024-03-31", "2026-12-02", 36, True)
    caseload = by[("E10000017", "caseload_per_worker")]
    assert (caseload["status"], caseload["latest_period_end"], caseload["target_date"], caseload["judged_value"]) == (
        "Off track", "2024-12-31", "2024-12-31", 70)
    # as of 15 Jan 2024 the 2023/24 target has not passed: 301 >= 244 is Achieved
    code, stdout, _ = run(capsys, "targets", "status", "--json", "--as-of", "2024-01-15", "--partnership",
                          "E10000017", "--workspace", str(workspace.folder))
    yp = next(r for r in json.loads(stdout) if r["indicator_id"] == "young_people_in_treatment")
    assert (code, yp["status"], yp["data_age_months"], yp["data_stale"]) == (0, "Achieved", 1, False)


def test_cli_targets_status_refuses_a_bad_date_in_one_sentence(workspace, capsys):
    for bad in ("2026-13-02", "yesterday", "02/12/2026"):
        code, stdout, stderr = run(capsys, "targets", "status", "--as-of", bad, "--workspace", str(workspace.folder))
        assert (code, stdout) == (2, "")
        assert stderr.strip() == f"The date '{bad}' is not a date: give it as YYYY-MM-DD, for example 2026-12-02."


def test_cli_targets_status_text_names_each_partnership_and_indicator(workspace, capsys):
    code, stdout, _ = run(capsys, "targets", "status", "--partnership", "E10000017", "--as-of", "2024-01-15",
                          "--workspace", str(workspace.folder))
    assert code == 0
    assert "E10000017 Young people in treatment: 196.0 -> 301.0 target 244.0 by 2024-03-31: Achieved\n" in stdout
    code, stdout, _ = run(capsys, "targets", "status", "--partnership", "E10000017", "--as-of", "2026-12-02",
                          "--workspace", str(workspace.folder))
    assert ("E10000017 Young people in treatment: 196.0 -> 301.0 target 244.0 by 2024-03-31: Awaiting data "
            "(data 36 months old)\n") in stdout


def test_cli_targets_import_json(workspace, shared_data, capsys):
    path = shared_data / "plans" / "tracker_flat.xlsx"
    code, stdout, stderr = run(capsys, "targets", "import", str(path), "--partnership", "E08000015", "--json",
                               "--workspace", str(workspace.folder))
    assert code == 0, stderr
    report = json.loads(stdout)
    assert report["matched"]["Adults in treatment"] == "adults_in_treatment"
    assert report["rows"] == 6 and "3 indicators from sheet" in report["summary"]
    assert report["kind"] == "targets_sheet"


def test_cli_targets_import_refuses_a_missing_file(workspace, tmp_path, capsys):
    code, _, stderr = run(capsys, "targets", "import", str(tmp_path / "none.xlsx"), "--partnership", "E08000015",
                          "--workspace", str(workspace.folder))
    assert code == 2 and stderr.startswith("Cannot read ")


def test_cli_targets_status_json_statuses_on_two_days(workspace, capsys):
    for as_of, expected in (("2024-01-15", None), ("2026-12-02", {"Awaiting data", "Off track", "No target"})):
        code, stdout, stderr = run(capsys, "targets", "status", "--json", "--partnership", "E10000017", "--as-of",
                                   as_of, "--workspace", str(workspace.folder))
        assert code == 0, stderr
        statuses = {r["status"] for r in json.loads(stdout)}
        assert statuses >= {"Achieved", "Off track"} if expected is None else statuses == expected


def test_smoke_targets_status_subprocess(workspace):
    out = subprocess.run([sys.executable, "-m", "cdp_data", "targets", "status", "--json", "--partnership",
                          "E10000017", "--as-of", "2024-01-15", "--workspace", str(workspace.folder)],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert {r["status"] for r in json.loads(out.stdout)} >= {"Achieved", "Off track"}
