"""Period parsing and the bulk writer shared by the indicator loaders."""

import datetime as dt
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from cdp_data.store.indicator_values import read_values
from cdp_data.services import indicator_files
from cdp_data.core.periods import period_dates
from cdp_data.store import load_log

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


@pytest.mark.parametrize("label,start,end", [
    ("2019/20", "2019-04-01", "2020-03-31"),
    ("1999/00", "1999-04-01", "2000-03-31"),
    ("2016/17 - 18/19", "2016-04-01", "2019-03-31"),
    ("2017 - 19", "2017-01-01", "2019-12-31"),
    ("2019", "2019-01-01", "2019-12-31"),
    ("2024/25 Q3", "2024-10-01", "2024-12-31"),
    ("2024/25 Q4", "2025-01-01", "2025-03-31"),
    ("2024 Q1", "2024-01-01", "2024-03-31"),
    ("Mar 2025", "2025-03-01", "2025-03-31"),
    ("Oct 2022 - Sep 2023", "2022-10-01", "2023-09-30"),
    ("12 months to Mar 2022", "2021-04-01", "2022-03-31"),
])
def test_period_labels_to_dates(label, start, end):
    assert period_dates(label) == (dt.date.fromisoformat(start), dt.date.fromisoformat(end))


def test_unknown_period_is_undated():
    assert period_dates("Latest") == (None, None)


def test_large_extract_bulk_path_stores_every_row_once(empty_workspace, tmp_path):
    from bench.bench_indicators import generate

    path = tmp_path / "big.csv"
    generate(path, 3_000)
    content = path.read_bytes()
    report = indicator_files.load_fingertips_export(empty_workspace, "big.csv", content)
    assert report.rows == 3_000
    stored = read_values(empty_workspace, ["source", "loaded_from", "value", "note", "load_id"])
    assert len(stored) == 3_000
    assert set(stored["source"]) == {"OHID Fingertips"} and set(stored["loaded_from"]) == {"big.csv"}
    assert stored["value"].isna().sum() == len(range(0, 3_000, 97))  # blank values stay missing, never 0
    assert (stored.loc[stored["value"].isna(), "note"] == "Value suppressed").all()
    indicator_files.load_fingertips_export(empty_workspace, "big.csv", content)
    assert len(read_values(empty_workspace, ["value"])) == 3_000 == empty_workspace.summary()["indicator_values"]
    actions = empty_workspace.read(sa.select(load_log.c.action).order_by(load_log.c.id))["action"].tolist()
    assert actions == ["loaded", "replaced"]
