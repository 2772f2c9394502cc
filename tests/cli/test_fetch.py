"""``python -m cdp_data fetch geography`` against a local mirror: one subprocess smoke test (an area code it
refuses, so the process starts, parses and answers without the downloads), then in-process (the county fetch,
with the mirror given by ``CDP_GEOGRAPHY_BASE_URL``)."""

import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

from cdp_data.cli import main
from tests.services.test_fetch import mirror  # noqa: F401 - the local HTTP server fixture

REPO = Path(__file__).resolve().parents[2]


def run_in_process(capsys, *argv):
    """``python -m cdp_data *argv`` in this process: exit code, stdout and stderr."""
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return SimpleNamespace(returncode=code, stdout=out.out, stderr=out.err)


def test_fetch_smoke_as_a_process(tmp_path):
    out = subprocess.run([sys.executable, "-m", "cdp_data", "fetch", "geography", "--area", "nonsense",
                          "--workspace", str(tmp_path / "ws"), "--json"], cwd=REPO, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 2 and len(out.stderr.strip().splitlines()) == 1, out.stderr


def test_fetch_cli_county_via_env_base_url(tmp_path, mirror, capsys, monkeypatch):  # noqa: F811 - the fixture
    base, _ = mirror
    monkeypatch.setenv("CDP_GEOGRAPHY_BASE_URL", base)
    out = run_in_process(capsys, "fetch", "geography", "--area", "E10000017", "--workspace", tmp_path / "ws", "--json")
    assert out.returncode == 0, out.stderr
    results = json.loads(out.stdout)
    boundaries = next(r for r in results if r["resource"].startswith("ONS ward boundaries"))
    assert boundaries["rows"] == 215  # all wards of Lancashire's 12 districts
    bad = run_in_process(capsys, "fetch", "geography", "--area", "nonsense", "--workspace", tmp_path / "ws")
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
