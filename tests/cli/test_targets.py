"""``python -m cdp_data targets status|import``: in-process through ``cli.main``, with one subprocess smoke test
per subcommand."""

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
    assert (yp["baseline"], yp["latest"], yp["target"], yp["target_date"], yp["change"], yp["status"]) == (
        196, 301, 244, "2024-03-31", 105, "Achieved")
    code, _, stderr = run(capsys, "targets", "status", "--partnership", "E99999999",
                          "--workspace", str(workspace.folder))
    assert code == 2 and stderr.strip() == "No partnership with code E99999999 in the workspace."


def test_cli_targets_status_text_names_each_partnership_and_indicator(workspace, capsys):
    code, stdout, _ = run(capsys, "targets", "status", "--partnership", "E10000017",
                          "--workspace", str(workspace.folder))
    assert code == 0
    assert "E10000017 Young people in treatment: 196.0 -> 301.0 target 244.0 by 2024-03-31: Achieved" in stdout


def test_cli_targets_import_json(workspace, shared_data, capsys):
    path = shared_data / "plans" / "tracker_flat.xlsx"
    code, stdout, stderr = run(capsys, "targets", "import", str(path), "--partnership", "E08000015", "--json",
                               "--workspace", str(workspace.folder))
    assert code == 0, stderr
    report = json.loads(stdout)
    assert report["matched"]["Adults in treatment"] == "adults_in_treatment"
    assert report["rows"] == 6 and "3 indicators from sheet" in report["summary"]


def test_cli_targets_import_refuses_a_missing_file(workspace, tmp_path, capsys):
    code, _, stderr = run(capsys, "targets", "import", str(tmp_path / "none.xlsx"), "--partnership", "E08000015",
                          "--workspace", str(workspace.folder))
    assert code == 2 and stderr.startswith("Cannot read ")


def test_smoke_targets_status_subprocess(workspace):
    out = subprocess.run([sys.executable, "-m", "cdp_data", "targets", "status", "--json", "--partnership",
                          "E10000017", "--workspace", str(workspace.folder)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert {r["status"] for r in json.loads(out.stdout)} >= {"Achieved", "Off track"}


def test_smoke_targets_import_subprocess(workspace, shared_data):
    path = shared_data / "plans" / "tracker_flat.xlsx"
    out = subprocess.run([sys.executable, "-m", "cdp_data", "targets", "import", str(path), "--partnership",
                          "E08000015", "--json", "--workspace", str(workspace.folder)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["kind"] == "targets_sheet"
