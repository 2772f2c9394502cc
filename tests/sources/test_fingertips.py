"""The Fingertips export loader, on the real export in ../shared and on variants built from it."""

import pandas as pd
import pytest
import sqlalchemy as sa

from cdp_data.services import indicators
from cdp_data.core.errors import LoadError
from cdp_data.store.indicator_values import read_values
from cdp_data.services import indicator_files
from cdp_data.sources import fingertips
from cdp_data.services.loading import load_file
from cdp_data.store import load_log

EXPORT = "public/fingertips/fingertips_export_93517_ocu_not_in_treatment_SAMPLE.csv"


@pytest.fixture
def export_bytes(shared_data):
    return (shared_data / EXPORT).read_bytes()


def _values(ws, indicator_id="93517"):
    return read_values(ws, indicator_id=indicator_id, source=fingertips.SOURCE)


def test_loads_published_values_cis_and_labels(workspace, export_bytes):
    report = load_file(workspace, "export.csv", export_bytes)
    assert report.kind == "fingertips_export" and report.rows == 13
    assert report.details["periods"] == ["2018/19", "2019/20", "2020/21"]
    rows = _values(workspace)
    mid = rows[(rows.area_code == "E06000002") & (rows.period == "2019/20")].iloc[0]
    assert mid.value == pytest.approx(41.07615406)
    assert (mid.lower_ci95, mid.upper_ci95) == pytest.approx((34.12228797, 46.91390727))
    assert mid["count"] == pytest.approx(931.333333) and mid.denominator == pytest.approx(2267)
    assert mid.published_compared_england == "Better"
    assert str(mid.period_start) == "2019-04-01" and str(mid.period_end) == "2020-03-31"
    assert mid.polarity == "low_is_good" and mid.age == "15-64 yrs" and mid.sex == "Persons"
    areas = workspace.areas().set_index("code")
    assert areas.loc["E06000002", "name"] == "Middlesbrough" and areas.loc["E06000002", "parent_code"] == "E92000001"


def test_app_comparison_agrees_with_every_published_label(workspace, export_bytes):
    load_file(workspace, "export.csv", export_bytes)
    records = indicators.comparison_table(workspace, "93517")
    published = [r for r in records if r["published_compared_to_england"] not in (None, "Not compared")]
    assert len(published) >= 9  # every area row with an England row of the same period
    for r in published:
        assert r["compared_to_england"] == r["published_compared_to_england"], r


def test_reloading_does_not_duplicate_and_logs_replacement(empty_workspace, export_bytes):
    workspace = empty_workspace   # (the demo holds this export already)
    load_file(workspace, "export.csv", export_bytes)
    again = load_file(workspace, "export.csv", export_bytes)
    assert len(_values(workspace)) == 13
    assert again.details["replaced_rows"] == 13
    log = workspace.read(sa.select(load_log).where(load_log.c.kind == "fingertips_export").order_by(load_log.c.id))
    assert log["action"].tolist() == ["loaded", "replaced"]
    assert '"replaced_rows": 13' in log["detail"].iloc[-1]


def test_newer_extract_replaces_older_values(workspace, export_bytes):
    load_file(workspace, "old.csv", export_bytes)
    newer = export_bytes.replace(b"41.07615406", b"40.5")
    load_file(workspace, "new.csv", newer)
    rows = _values(workspace)
    mid = rows[(rows.area_code == "E06000002") & (rows.period == "2019/20")]
    assert len(mid) == 1 and mid.value.iloc[0] == 40.5 and mid.loaded_from.iloc[0] == "new.csv"


def test_empty_and_suppressed_values_are_missing_with_a_note(workspace, export_bytes):
    text = export_bytes.decode()
    lines = text.splitlines()
    hart = next(i for i, line in enumerate(lines) if "Hartlepool" in line and "2019/20" in line)
    midd = next(i for i, line in enumerate(lines) if "Middlesbrough" in line and "2019/20" in line)
    lines[hart] = lines[hart].replace(",48.77014419,", ",,")
    lines[midd] = lines[midd].replace(",41.07615406,", ",*,")
    load_file(workspace, "export.csv", "\n".join(lines).encode())
    rows = _values(workspace).set_index(["area_code", "period"])
    assert pd.isna(rows.loc[("E06000001", "2019/20"), "value"])
    assert rows.loc[("E06000001", "2019/20"), "note"] == "No value published"
    assert pd.isna(rows.loc[("E06000002", "2019/20"), "value"])
    assert "Suppressed" in rows.loc[("E06000002", "2019/20"), "note"]


def test_parent_comparison_column_matched_by_pattern(workspace, export_bytes):
    renamed = export_bytes.replace(b"Column not used", b"Compared to North East region value or percentiles")
    frame = fingertips.read_export(renamed, "export.csv")
    assert frame.column("published_compared_parent")[0].as_py() == "Not compared"
    assert fingertips.comparison_columns(["Compared to England value or percentiles",
                                          "Compared to CIPFA nearest neighbours value or percentiles"]) == (
        "Compared to England value or percentiles", "Compared to CIPFA nearest neighbours value or percentiles")


def test_unknown_indicator_added_as_not_compared(workspace, export_bytes):
    load_file(workspace, "export.csv", export_bytes.replace(b"93517,", b"99999,"))
    from cdp_data.services.catalogue import get_catalogue

    entry = get_catalogue(workspace).set_index("indicator_id").loc["99999"]
    assert entry.polarity == "not_compared" and bool(entry.user_defined)
    records = indicators.comparison_table(workspace, "99999")
    assert {r["compared_to_england"] for r in records} == {"Not compared"}


def test_not_an_export_is_one_clear_sentence(workspace):
    with pytest.raises(LoadError, match="not a Fingertips export: it has no Value"):
        indicator_files.load_fingertips_export(workspace, "x.csv", b"Indicator ID,Area Code,Time period\n1,E1,2020\n")


FT_HEADER = "Indicator ID,Indicator Name,Area Code,Area Name,Area Type,Sex,Age,Time period,Value"


def test_rows_without_an_indicator_or_period_are_skipped_with_a_warning(empty_workspace):
    lines = [FT_HEADER, "93517,OCU,E06000001,Hartlepool,UA,Persons,15-64 yrs,2019/20,41.5",
             ",OCU,E06000002,Middlesbrough,UA,Persons,15-64 yrs,2019/20,40.0",
             "93517,OCU,E06000003,Redcar,UA,Persons,15-64 yrs,,39.0"]
    report = indicator_files.load_fingertips_export(empty_workspace, "gaps.csv", "\n".join(lines).encode())
    assert report.rows == 1
    assert any("no indicator ID" in w for w in report.warnings) and any("no time period" in w for w in report.warnings)
    with pytest.raises(LoadError, match="no rows with an indicator ID"):
        indicator_files.load_fingertips_export(empty_workspace, "empty.csv", "\n".join([FT_HEADER, lines[2], lines[3]]).encode())


def test_a_fingertips_id_and_its_catalogue_id_are_one_key(workspace):
    # continuity_of_care is Fingertips indicator 92544: the later row of the two wins, as for any duplicate
    lines = [FT_HEADER, "92544,Continuity,E08000015,Wirral,UA,Persons,18+ yrs,2030/31,40.0",
             "continuity_of_care,Continuity,E08000015,Wirral,UA,Persons,18+ yrs,2030/31,45.0"]
    indicator_files.load_fingertips_export(workspace, "mixed.csv", "\n".join(lines).encode())
    rows = read_values(workspace, indicator_id="continuity_of_care", period="2030/31")
    assert rows["value"].tolist() == [45.0]
