"""``python -m cdp_data targets ...``."""

import json
import subprocess
import sys


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
