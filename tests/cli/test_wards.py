"""``python -m cdp_data wards imd|police``: one subprocess smoke test, the rest in-process (cli.main)."""

import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from cdp_data.cli import main
from tests.geography.test_police import independent_count

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def pub(shared_data):
    return shared_data / "public"


@pytest.fixture(scope="module")
def lookups(pub):
    return [pub / "lookups/lookup_lsoa11_ward24_lad24_bestfit_DERIVED.csv",
            pub / "lookups/lookup_lsoa21_ward24_lad24_bestfit_ONS.csv",
            pub / "lookups/lookup_ward24_lad24_ctyua24_rgn24_ONS.csv"]


def run_in_process(capsys, *argv):
    """``python -m cdp_data *argv`` in this process: exit code, stdout and stderr."""
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return SimpleNamespace(returncode=code, stdout=out.out, stderr=out.err)


def test_cli_wards_imd_json_matches_derived_table(pub):
    out = subprocess.run(
        [sys.executable, "-m", "cdp_data", "wards", "imd",
         "--boundaries", str(pub / "geography/wards_may2024_bsc_england.geojson"),
         "--imd", str(pub / "imd/imd2019_lsoa11_england.csv"),
         "--lookup", str(pub / "lookups/lookup_lsoa11_ward24_lad24_bestfit_DERIVED.csv"),
         "--area", "E08000012", "--json"], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    records = json.loads(out.stdout)
    assert set(records[0]) == {"ward_code", "ward_name", "imd_score", "share_pop_most_deprived_decile", "n_lsoa"}
    assert len(records) == 64  # Liverpool's 64 wards, including Waterfront North with no LSOA
    expected = pd.read_csv(pub / "imd/imd2019_ward24_aggregated_DERIVED.csv").set_index("WD24CD")
    for r in records:
        if r["ward_code"] in expected.index:
            assert abs(r["imd_score"] - expected.loc[r["ward_code"], "imd_score_popweighted"]) <= 0.0051
            assert 0 <= r["share_pop_most_deprived_decile"] <= 1
        else:
            assert r["n_lsoa"] == 0 and r["imd_score"] is None


def test_cli_unreadable_input_exits_2_with_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.geojson"
    bad.write_text("{not json")
    out = run_in_process(capsys, "wards", "imd", "--boundaries", bad, "--imd", bad, "--lookup", bad,
                         "--area", "E08000014", "--json")
    assert out.returncode == 2
    assert len(out.stderr.strip().splitlines()) == 1 and "bad.geojson" in out.stderr


def test_cli_wards_police_json(pub, lookups, capsys):
    files = sorted((pub / "police/street_drugs").glob("2024-0*-merseyside-street_DRUGS.csv"))
    out = run_in_process(capsys, "wards", "police", "--street", *files, "--lookup", *lookups, "--area", "E08000014",
                         "--json")
    assert out.returncode == 0, out.stderr
    records = json.loads(out.stdout)
    assert len(records) == 22 and set(records[0]) == {"ward_code", "ward_name", "quarter", "count", "suppressed"}
    # Jan to Apr 2024 given: the latest whole quarter, Jan to Mar, is counted; April is not.
    assert {r["quarter"] for r in records} == {"2024-Q1"}
    expected = independent_count(pub, files[:3], "E08000014")
    assert {r["ward_code"]: r["count"] for r in records} == expected
    assert all(r["suppressed"] == (r["count"] is None) for r in records)
    assert all(r["count"] is None or r["count"] >= 5 for r in records)


def test_cli_wards_police_offers_whole_quarters_only(pub, lookups, capsys):
    files = sorted((pub / "police/street_drugs").glob("2024-0*-merseyside-street_DRUGS.csv"))
    common = ["wards", "police", "--street", *files, "--lookup", *lookups, "--area", "E08000014", "--json"]
    out = run_in_process(capsys, *common, "--from-month", "2024-01", "--to-month", "2024-02")
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.strip() == ("Police counts are given for whole calendar quarters only (so that no two windows "
                                  "can be subtracted): use --quarter, e.g. --quarter 2025-Q3.")
    out = run_in_process(capsys, *common, "--quarter", "2024-Q2")
    assert out.returncode == 2 and out.stderr.count("\n") == 1
    assert "The quarter '2024-Q2' is not one these files hold whole; quarters held: 2024-Q1." in out.stderr
    out = run_in_process(capsys, *common[:-1], "--quarter", "2024-Q1")
    assert out.returncode == 0, out.stderr
    assert "2024-Q1 (months 2024-01, 2024-02, 2024-03); quarters held whole: 2024-Q1" in out.stdout


def test_cli_wards_police_unreadable_street_file(tmp_path, lookups, capsys):
    bad = tmp_path / "2024-01-x-street.csv"
    bad.write_text("a,b\n1,2\n")
    out = run_in_process(capsys, "wards", "police", "--street", bad, "--lookup", *lookups, "--area", "E08000014",
                         "--json")
    assert out.returncode == 2
    assert out.stderr.strip().count("\n") == 0 and "not a data.police.uk street file" in out.stderr
