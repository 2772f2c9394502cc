"""``partnerships add|list|remove``: which areas are partnerships, on the real Fingertips sample."""

import json
import os

from cdp_data.services.loading import load_file
from tests.cli.runner import run_main, run_process

EXPORT = "public/fingertips/fingertips_export_93517_ocu_not_in_treatment_SAMPLE.csv"
DEMO = ["E06000006", "E10000017", "E08000014", "E08000015"]   # Halton, Lancashire, Sefton, Wirral (by name)


def test_partnerships_add_list_and_remove(workspace, shared_data, capsys):
    folder = workspace.folder
    load_file(workspace, "export.csv", (shared_data / EXPORT).read_bytes())
    listed = run_main(capsys, "partnerships", "list", "--json", "--workspace", folder)
    assert listed.returncode == 0 and [r["code"] for r in json.loads(listed.stdout)] == DEMO  # the load added none
    added = run_main(capsys, "partnerships", "add", "E06000002", "--workspace", folder)
    assert (added.returncode, added.stdout) == (0, "Middlesbrough (E06000002) is now a partnership.\n")
    rows = json.loads(run_main(capsys, "partnerships", "list", "--json", "--workspace", folder).stdout)
    assert {"code": "E06000002", "name": "Middlesbrough", "area_type": "UA", "region_code": None} in rows
    refused = run_main(capsys, "partnerships", "remove", "E10000017", "--workspace", folder)
    assert refused.returncode == 2 and refused.stderr.strip() == (
        "Lancashire (E10000017) has members or a delivery plan, so it stays a partnership: remove those first.")
    unknown = run_main(capsys, "partnerships", "add", "E06099999", "--workspace", folder)
    assert unknown.returncode == 2 and "E06099999 is not an area recorded" in unknown.stderr
    assert "Traceback" not in unknown.stderr
    trail = json.loads(run_main(capsys, "audit", "--json", "--workspace", folder).stdout.splitlines()[-1])
    assert trail["action"] == "partnership declared"


def test_partnerships_subprocess_smoke(workspace):
    done = run_process("partnerships", "list", "--workspace", workspace.folder, env={**os.environ})
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "4 partnership(s)."
