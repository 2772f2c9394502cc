"""``python -m cdp_data unmet-need``: one subprocess smoke test, the rest in-process (cli.main)."""

import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

from cdp_data.cli import main
from cdp_data.services import unmet_need as un

REPO = Path(__file__).resolve().parents[2]


def run_in_process(capsys, *argv):
    """``python -m cdp_data *argv`` in this process: exit code, stdout and stderr."""
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return SimpleNamespace(returncode=code, stdout=out.out, stderr=out.err)


def run_cli(*args, workspace_folder):
    return subprocess.run([sys.executable, "-m", "cdp_data", "unmet-need", *args, "--workspace",
                           str(workspace_folder)], cwd=REPO, capture_output=True, text=True, timeout=120)


def test_cli_json_for_wirral(workspace):
    out = run_cli("--area", "E08000015", "--json", workspace_folder=workspace.folder)
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    ocu = next(r for r in rows if r["substance"] == "ocu")
    assert set(un.CLI_KEYS) <= set(ocu)
    assert round(ocu["unmet_need_share"], 3) == 0.409
    assert ocu["prevalence"] == 3090 and ocu["in_treatment"] == 1827
    non_opiate = next(r for r in rows if r["substance"] == "non_opiate_only")
    assert non_opiate["unmet_need_share"] is None


def test_cli_unknown_area_exits_2_with_one_line(workspace, capsys):
    out = run_in_process(capsys, "unmet-need", "--area", "E08999999", "--json", "--workspace", workspace.folder)
    assert out.returncode == 2
    assert out.stdout == ""
    assert len(out.stderr.strip().splitlines()) == 1 and "E08999999" in out.stderr


def test_cli_text_and_a_name_instead_of_a_code(workspace, capsys):
    out = run_in_process(capsys, "unmet-need", "--area", "E08000015", "--workspace", workspace.folder)
    assert out.returncode == 0, out.stderr
    line = next(x for x in out.stdout.splitlines() if x.startswith("Opiate and/or crack (OCU)"))
    assert "2023" in line and "40.9%" in line
    bad = run_in_process(capsys, "unmet-need", "--area", "Wirral", "--workspace", workspace.folder)
    assert bad.returncode == 2 and bad.stderr.strip() == \
        "Wirral is not a GSS area code (a letter and eight digits, e.g. E08000015)."
