"""``python -m cdp_data wards imd|police|inequality``: one subprocess smoke test (``wards police``), the rest
in-process (cli.main)."""

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


def run_in_process(capsys, *argv):
    """``python -m cdp_data *argv`` in this process: exit code, stdout and stderr."""
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return SimpleNamespace(returncode=code, stdout=out.out, stderr=out.err)


def test_cli_wards_imd_json_matches_derived_table(pub, capsys):
    out = run_in_process(capsys, "wards", "imd", "--boundaries", pub / "geography/wards_may2024_bsc_england.geojson",
                         "--imd", pub / "imd/imd2019_lsoa11_england.csv",
                         "--lookup", pub / "lookups/lookup_lsoa11_ward24_lad24_bestfit_DERIVED.csv",
                         "--area", "E08000012", "--json")
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


def test_cli_wards_police_json(pub, lookups):
    files = sorted((pub / "police/street_drugs").glob("2024-0*-merseyside-street_DRUGS.csv"))
    out = subprocess.run([sys.executable, "-m", "cdp_data", "wards", "police", "--street", *map(str, files),
                          "--lookup", *map(str, lookups), "--area", "E08000014", "--json"],
                         cwd=REPO, capture_output=True, text=True, timeout=120)
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


def _inequality_args(pub, files, area, *extra):
    return ["wards", "inequality", "--street", *files,
            "--lookup", pub / "lookups/lookup_lsoa21_ward24_lad24_bestfit_ONS.csv",
            pub / "lookups/lookup_ward24_lad24_ctyua24_rgn24_ONS.csv",
            "--imd", pub / "imd/imd2025_lsoa21_england.csv",
            "--population", pub / "population/census2021_usual_residents_lsoa21.csv", "--area", area, *extra]


def _independent_fifths(pub, files, area):
    """Fifths from the project's derived ward table (IoD2025 scores and Census 2021 residents by ward, built
    separately, see SOURCES.md) and a separate count of the street files."""
    wards = pd.read_csv(pub / "imd/imd2025_ward24_aggregated_DERIVED.csv")
    wards = wards[(wards["LAD24CD"] == area) | (wards["CTYUA24CD"] == area)]
    wards = wards.sort_values(["imd25_score_popweighted", "WD24CD"], ascending=[False, True]).reset_index(drop=True)
    n = len(wards)
    wards["quintile"] = [5 * r // n + 1 for r in range(n)]   # floor(5 (rank - 1) / n) + 1
    counts = independent_count(pub, files, area, suppress=False)
    wards["count"] = wards["WD24CD"].map(counts)
    return wards


def _quarter(pub, force, months=("04", "05", "06")):
    """One whole calendar quarter of street files (2025 Q2 by default): police counts are offered per quarter."""
    return [pub / f"police/street_drugs/2025-{m}-{force}-street_DRUGS.csv" for m in months]


def test_cli_wards_inequality_json_halton(pub, capsys):
    files = _quarter(pub, "cheshire")
    out = run_in_process(capsys, *_inequality_args(pub, files, "E06000006", "--json"))
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["quarter"] == "2025-Q2" if "quarter" in doc else doc.get("window", "2025-Q2") == "2025-Q2"
    expected = _independent_fifths(pub, files, "E06000006")
    assert [q["wards"] for q in doc["quintiles"]] == expected.groupby("quintile").size().tolist() == [4, 4, 3, 4, 3]
    for q in doc["quintiles"]:
        assert set(q) >= {"quintile", "wards", "count", "population", "rate", "lower_ci", "upper_ci"}
        rows = expected[expected["quintile"] == q["quintile"]]
        assert q["population"] == rows["usual_residents_census2021"].sum()
        small = rows["count"].between(1, 4)
        if small.any():  # a fifth holding a small ward count: no count, the rate as the range it can take
            shown = rows.loc[~small, "count"].sum()
            assert q["status"] == "range" and q["count"] is None and q["suppressed_wards"] == small.sum()
            assert q["rate_range"] == [pytest.approx((shown + small.sum()) / q["population"] * 1000, abs=1e-6),
                                       pytest.approx((shown + 4 * small.sum()) / q["population"] * 1000, abs=1e-6)]
        else:
            assert q["status"] == "exact" and q["count"] == rows["count"].sum()
            assert q["rate"] == pytest.approx(q["count"] / q["population"] * 1000, rel=1e-6)
            assert q["lower_ci"] < q["rate"] < q["upper_ci"]
    first = doc["quintiles"][0]
    assert first["count"] == 63 and first["status"] == "exact"   # Halton, Drugs, Apr-Jun 2025, most deprived fifth
    assert doc["rate_ratio"]["value"] is None and doc["quintiles"][-1]["status"] == "range"
    low, high = doc["rate_ratio"]["value_range"]
    assert doc["rate_ratio"]["lower_ci"] < low < high < doc["rate_ratio"]["upper_ci"]
    assert doc["sii"]["repetitions"] == 100_000 and "phe_sii" in doc["sii"]["method"]
    assert doc["vintage"] == "IoD2025" and "Census 2021" in doc["population"]


def test_cli_wards_inequality_wirral_least_deprived_fifth_is_a_range(pub, capsys):
    files = _quarter(pub, "merseyside")
    out = run_in_process(capsys, *_inequality_args(pub, files, "E08000015", "--json"))
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    expected = _independent_fifths(pub, files, "E08000015")
    last = doc["quintiles"][-1]
    rows = expected[expected["quintile"] == 5]
    small = rows["count"].between(1, 4)
    assert small.sum() == last["suppressed_wards"] == 2
    assert last["count"] is None and last["rate"] is None and last["status"] == "range"
    shown = rows.loc[~small, "count"].sum()
    assert last["rate_range"] == [pytest.approx((shown + 2) / last["population"] * 1000, abs=1e-6),
                                  pytest.approx((shown + 8) / last["population"] * 1000, abs=1e-6)]
    assert doc["rate_ratio"]["value"] is None
    low, high = doc["rate_ratio"]["value_range"]
    assert doc["rate_ratio"]["lower_ci"] < low < high < doc["rate_ratio"]["upper_ci"]


def test_cli_wards_inequality_population_needs_its_lookup(pub, capsys):
    args = _inequality_args(pub, _quarter(pub, "cheshire", ("01", "02", "03")), "E06000006")
    args[args.index("--lookup") + 1] = pub / "lookups/lookup_lsoa11_ward24_lad24_bestfit_DERIVED.csv"
    out = run_in_process(capsys, *args)
    assert out.returncode == 2
    assert len(out.stderr.strip().splitlines()) == 1 and "LSOA 2021 to ward lookup" in out.stderr


def test_cli_wards_inequality_takes_whole_quarters_only(pub, capsys):
    one_month = run_in_process(capsys, *_inequality_args(pub, _quarter(pub, "cheshire", ("01",)), "E06000006"))
    assert one_month.returncode == 2 and "whole calendar quarters only" in one_month.stderr
    months = run_in_process(capsys, *_inequality_args(pub, _quarter(pub, "cheshire"), "E06000006",
                                                      "--from-month", "2025-04", "--to-month", "2025-05"))
    assert months.returncode == 2 and "use --quarter" in months.stderr


def test_cli_wards_inequality_text(pub, capsys):
    files = _quarter(pub, "cheshire")
    out = run_in_process(capsys, *_inequality_args(pub, files, "E06000006"))
    assert out.returncode == 0, out.stderr
    assert "Drug offences recorded by police in the most deprived fifth of wards were between" in out.stdout
    assert "5 (least deprived); Wards: 3; Residents: 21,949" in out.stdout
