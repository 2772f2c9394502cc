"""A load never silently removes data (issue 13): it replaces exactly the keys it carries, says how many
values it replaced, and never renames an area already recorded."""

import json

import pandas as pd
import sqlalchemy as sa

from cdp_data.services import geography_loading, indicator_files
from cdp_data.sources import police
from cdp_data.store import area_register, load_log
from cdp_data.store import stored_datasets
from cdp_data.store.indicator_values import read_values

HEADER = ("Indicator ID,Indicator Name,Parent Code,Parent Name,Area Code,Area Name,Area Type,Sex,Age,"
          "Category Type,Category,Time period,Value,Lower CI 95.0 limit,Upper CI 95.0 limit,Count,Denominator\n")
AREAS = {"E08000014": "Sefton", "E08000015": "Wirral", "E10000017": "Lancashire"}


def extract(periods, areas=AREAS, indicator="90000", value=lambda i: 10.0 + i) -> bytes:
    lines, i = [HEADER], 0
    for period in periods:
        for code, name in areas.items():
            i += 1
            v = value(i)
            lines.append(f"{indicator},Test indicator,E12000002,North West region,{code},{name},"
                         f"Counties & UAs (from Apr 2023),Persons,18+ yrs,,,{period},{v},{v - 1},{v + 1},{i},1000\n")
    return "".join(lines).encode()


def last_log(ws) -> tuple[str, dict]:
    row = ws.read(sa.select(load_log.c.action, load_log.c.detail).order_by(load_log.c.id.desc()).limit(1)).iloc[0]
    return row["action"], json.loads(row["detail"] or "{}")


def test_a_latest_period_extract_keeps_every_earlier_period(empty_workspace):
    ws = empty_workspace
    periods = [str(y) for y in range(2011, 2024)]  # 13 periods x 3 areas = 39 values
    indicator_files.load_fingertips_export(ws, "full.csv", extract(periods))
    assert len(read_values(ws, ["value"])) == 39
    report = indicator_files.load_fingertips_export(ws, "latest.csv", extract(["2023"], value=lambda i: 99.0))
    stored = read_values(ws, ["area_code", "period", "value"])
    assert len(stored) == 39  # not 3: the 36 earlier values are still there
    assert sorted(stored["period"].unique()) == periods
    assert (stored.loc[stored["period"] == "2023", "value"] == 99.0).all()
    assert report.details["replaced_rows"] == 3
    assert any(w.startswith("3 values from an earlier extract (full.csv) were replaced") for w in report.warnings)
    action, detail = last_log(ws)
    assert action == "replaced" and detail["replaced_rows"] == 3 and detail["replaced_from"] == ["full.csv"]


def test_reloading_the_same_file_replaces_exactly_its_rows(empty_workspace):
    ws = empty_workspace
    content = extract(["2021", "2022"])
    indicator_files.load_fingertips_export(ws, "a.csv", content)
    indicator_files.load_fingertips_export(ws, "other.csv", extract(["2022"], indicator="90001"))
    report = indicator_files.load_fingertips_export(ws, "a.csv", content)
    assert report.details["replaced_rows"] == 6
    assert len(read_values(ws, ["value"], indicator_id="90000")) == 6
    assert len(read_values(ws, ["value"], indicator_id="90001")) == 3  # another indicator untouched
    assert last_log(ws)[1]["replaced_rows"] == 6


def test_an_upload_never_renames_a_recorded_area(empty_workspace):
    ws = empty_workspace
    with ws.begin() as conn:
        area_register.upsert(ws, conn, [{"code": "E08000014", "name": "Sefton"},
                                        {"code": "E10000017", "name": "Lancashire"}])
    wrong = {"E08000014": "West Sussex", "E10000017": "<b onmouseover=alert(1)>Lancs</b>", "E08000015": "Wirral"}
    report = indicator_files.load_fingertips_export(ws, "wrong.csv", extract(["2022"], areas=wrong))
    names = dict(area_register.codes_and_names(ws).itertuples(index=False))
    assert names["E08000014"] == "Sefton" and names["E10000017"] == "Lancashire"
    assert names["E08000015"] == "Wirral"  # a new area is added with the file's name
    assert "The file calls E08000014 'West Sussex'; the name already recorded, 'Sefton', was kept." in report.warnings
    assert any(w.startswith("The file calls E10000017 '<b onmouseover") for w in report.warnings)
    kept = last_log(ws)[1]["area_names_kept"]
    assert ["E08000014", "Sefton", "West Sussex"] in kept


def test_a_new_area_named_with_markup_gets_its_code_as_name(empty_workspace):
    ws = empty_workspace
    indicator_files.load_fingertips_export(ws, "x.csv", extract(["2022"], areas={"E06000001": "<script>x</script>"}))
    names = dict(area_register.codes_and_names(ws).itertuples(index=False))
    assert names["E06000001"] == "E06000001"


def street(month: str, crimes: dict[str, int], force="Merseyside Police") -> bytes:
    rows = [{"Crime ID": "", "Month": month, "Reported by": force, "Falls within": force, "Longitude": "",
             "Latitude": "", "Location": "", "LSOA code": f"E0100{i % 7:04d}", "LSOA name": "",
             "Crime type": crime, "Last outcome category": "", "Context": ""}
            for crime, n in crimes.items() for i in range(n)]
    return pd.DataFrame(rows).to_csv(index=False).encode()


def police_totals(ws) -> dict:
    counts = stored_datasets.latest(ws, police.KIND)
    return counts.groupby(["month", "crime_type"])["count"].sum().to_dict()


def test_police_files_of_different_crime_types_for_one_force_month_are_both_kept(empty_workspace):
    ws = empty_workspace
    geography_loading.load_police(ws, "all.csv", street("2024-01", {"Drugs": 12, "Burglary": 30, "Robbery": 5}))
    geography_loading.load_police(ws, "feb.csv", street("2024-02", {"Drugs": 4}))
    report = geography_loading.load_police(ws, "drugs.csv", street("2024-01", {"Drugs": 9, "Shoplifting": 2}))
    assert police_totals(ws) == {("2024-01", "Drugs"): 9, ("2024-01", "Burglary"): 30, ("2024-01", "Robbery"): 5,
                                 ("2024-01", "Shoplifting"): 2, ("2024-02", "Drugs"): 4}
    assert report.details["replaced_crimes"] == 12
    assert any(w.startswith("12 crimes counted from an earlier file") for w in report.warnings)
    action, detail = last_log(ws)
    assert action == "replaced" and detail["replaced_crimes"] == 12
    again = geography_loading.load_police(ws, "drugs.csv", street("2024-01", {"Drugs": 9, "Shoplifting": 2}))
    assert again.details["replaced_crimes"] == 11 and police_totals(ws)[("2024-01", "Burglary")] == 30
    first = geography_loading.load_police(ws, "other-force.csv", street("2024-01", {"Drugs": 3}, force="Cumbria"))
    assert first.details["replaced_crimes"] == 0 and not any("replaced" in w for w in first.warnings)


def test_a_harm_file_for_some_wards_leaves_the_other_wards_alone(empty_workspace):
    ws = empty_workspace
    head = "Geography code,Measure,Period,Count\n"
    geography_loading.load_harm(ws, "all.csv", (head + "E05000001,naloxone_supplied,2024/25,10\n"
                                                "E05000002,naloxone_supplied,2024/25,20\n").encode())
    report = geography_loading.load_harm(ws, "one.csv", (head + "E05000002,naloxone_supplied,2024/25,25\n").encode())
    stored = stored_datasets.latest(ws, "harm_counts").set_index("geography_code")["count"].to_dict()
    assert stored == {"E05000001": 10, "E05000002": 25}
    assert report.details["replaced_rows"] == 1 and report.warnings == [
        "1 count from an earlier file for the same measure, period and area was replaced; all other counts were kept."]
    assert last_log(ws) == ("replaced", {"replaced_rows": 1})
