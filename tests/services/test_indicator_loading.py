"""Period parsing and the bulk writer shared by the indicator loaders."""

import datetime as dt
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from cdp_data.store.indicator_values import read_values
from cdp_data.services import indicator_files
from cdp_data.store import load_log

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


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
