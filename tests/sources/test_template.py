"""The local figures template: CSV and Excel round trips."""

import io

import pytest
from openpyxl import load_workbook

from cdp_data.services import templates
from cdp_data.core.errors import LoadError
from cdp_data.store.indicator_values import read_values
from cdp_data.services.loading import load_file


def _filled_csv() -> bytes:
    return templates.indicator_template_csv().replace(b"Example row: replace", b"From the provider")


def test_csv_template_loads_counts_as_values(workspace):
    report = load_file(workspace, "figures.csv", _filled_csv())
    assert report.kind == "indicator_template" and report.rows == 4
    rows = read_values(workspace)
    rows = rows[rows["loaded_from"] == "figures.csv"].set_index("indicator_id")
    assert rows.loc["naloxone_kits", "value"] == 140 and rows.loc["naloxone_kits", "period"] == "2024/25 Q1"
    assert str(rows.loc["county_lines_closed", "period_end"]) == "2025-03-31"
    assert rows.loc["naloxone_kits", "source"] == "Treatment provider"


def test_xlsx_template_with_a_proportion_gets_a_wilson_interval(workspace):
    wb = load_workbook(io.BytesIO(templates.indicator_template_xlsx()))
    sheet = wb["Figures"]
    sheet.delete_rows(2, sheet.max_row)
    sheet.append(["continuity_of_care", "Continuity of care", "E08000015", "Wirral", "2024/25", "2024-04-01",
                  "2025-03-31", None, 30, 60, None, None, "%", "Provider", None])
    buffer = io.BytesIO()
    wb.save(buffer)
    report = load_file(workspace, "figures.xlsx", buffer.getvalue())
    assert report.rows == 1 and any("Wilson" in w for w in report.warnings)
    rows = read_values(workspace)
    row = rows[rows["loaded_from"] == "figures.xlsx"].iloc[0]
    from PHStatsMethods import wilson_lower, wilson_upper

    assert row.value == pytest.approx(50.0)
    assert row.lower_ci95 == pytest.approx(wilson_lower(30, 60) * 100, abs=1e-6)
    assert row.upper_ci95 == pytest.approx(wilson_upper(30, 60) * 100, abs=1e-6)


def test_only_example_rows_is_an_error(workspace):
    with pytest.raises(LoadError, match="no rows of figures"):
        load_file(workspace, "figures.csv", templates.indicator_template_csv())


def test_bad_area_codes_skipped_with_a_warning(workspace):
    content = _filled_csv().replace(b"E08000015,Wirral,2024/25,", b"Wirral,Wirral,2024/25,")
    report = load_file(workspace, "figures.csv", content)
    assert report.rows == 3 and any("not a GSS code" in w for w in report.warnings)


def test_xlsx_template_with_numbers_typed_as_numbers(workspace):
    """An ID and a year typed as numbers in Excel load as their text, not a traceback."""
    wb = load_workbook(io.BytesIO(templates.indicator_template_xlsx()))
    sheet = wb["Figures"]
    sheet.delete_rows(2, sheet.max_row)
    sheet.append([92904, "Local measure", "E08000015", "Wirral", 2023, None, None, 12, None, None, None, None,
                  "count", "Provider", None])
    buffer = io.BytesIO()
    wb.save(buffer)
    report = load_file(workspace, "numbers.xlsx", buffer.getvalue())
    assert report.rows == 1
    rows = read_values(workspace)
    row = rows[rows["loaded_from"] == "numbers.xlsx"].iloc[0]
    assert row.indicator_id == "92904" and row.period == "2023" and row.value == 12
    assert str(row.period_end) == "2023-12-31"
