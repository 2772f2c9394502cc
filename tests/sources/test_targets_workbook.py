"""Reading an indicators sheet's cells."""

import datetime as dt

import pytest

from cdp_data.core.errors import LoadError
from cdp_data.sources import targets_workbook as reader


def test_parse_target_cells_halton_style():
    assert reader.parse_target_cell("80%") == (80.0, "80%", None)
    assert reader.parse_target_cell("400 +") == (400.0, "400 +", None)
    assert reader.parse_target_cell("Monitor") == (None, "Monitor", "monitor")
    assert reader.parse_target_cell("Monitor until 2014 and set base line target")[2] == "monitor"
    assert reader.parse_target_cell(6900) == (6900.0, "6900", None)


def sheet(*rows) -> bytes:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Indicators"
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


ENTRIES = [("adults_in_treatment", "Adults in structured drug and alcohol treatment", "Adults in treatment"),
           ("continuity_of_care", "Continuity of care", None)]


def test_the_reader_returns_rows_and_writes_nothing():
    content = sheet(["Indicator", "Baseline (Mar 2022)", "Target 2024/25", "Latest", "Frequency"],
                    ["Adults in treatment", 6119, 6900, 6919, "Monthly"],
                    ["Continuity of care (%)", "37%", "Monitor", None, None],
                    ["Peer mentors trained", None, 12, None, "Annual"])
    read = reader.read_indicators_sheet("t.xlsx", content, ENTRIES)
    assert read.sheet == "Indicators" and read.target_date == dt.date(2025, 3, 31)
    assert read.matched == {"Adults in treatment": "adults_in_treatment",
                            "Continuity of care (%)": "continuity_of_care",
                            "Peer mentors trained": "local_peer_mentors_trained"}
    assert read.new_entries == [("local_peer_mentors_trained", "Peer mentors trained")]
    assert read.baselines == [
        {"indicator_id": "adults_in_treatment", "value": 6119.0, "period": "Mar 2022",
         "period_end": dt.date(2022, 3, 31), "source": "Imported from t.xlsx", "note": None},
        {"indicator_id": "continuity_of_care", "value": 37.0, "period": "Mar 2022",
         "period_end": dt.date(2022, 3, 31), "source": "Imported from t.xlsx", "note": None}]
    coc = next(t for t in read.targets if t["indicator_id"] == "continuity_of_care")
    assert (coc["value"], coc["target_text"], coc["kind"], coc["period"]) == (None, "Monitor", "monitor", "2024/25")
    adults = next(t for t in read.targets if t["indicator_id"] == "adults_in_treatment")
    assert adults["note"] == "Reporting frequency: Monthly" and adults["kind"] == "local_ambition"
    assert len(read.warnings) == 2
    assert "'Peer mentors trained' is not in the catalogue" in read.warnings[0]
    assert read.warnings[1].startswith("The sheet's Latest column was not imported")


def test_a_target_column_without_a_year_is_warned_about():
    read = reader.read_indicators_sheet("t.xlsx", sheet(["Indicator", "Target"], ["Adults in treatment", 7000]),
                                        ENTRIES)
    assert read.target_date is None and read.targets[0]["target_date"] is None
    assert read.warnings == ["The target column does not say which year the targets are for; set their dates in "
                             "the table."]


def test_a_header_without_rows_is_refused():
    with pytest.raises(LoadError, match="has no indicator rows under its header"):
        reader.read_indicators_sheet("t.xlsx", sheet(["Indicator", "Target"], ["Criminal Justice", None]), ENTRIES)


def test_header_periods_and_names():
    assert reader.fy_end("Target 2024/25") == ("2024/25", dt.date(2025, 3, 31))
    assert reader.fy_end("Baseline (March 2022)") == ("Mar 2022", dt.date(2022, 3, 31))
    assert reader.fy_end("Baseline") == (None, None)
    assert reader.header_map(("Measure", "Target (2023/24)", "Reporting frequency")) == {
        "indicator": 0, "target": 1, "frequency": 2}
    assert reader.header_map(("Indicator", "Baseline")) is None
    assert reader.match_indicator("Adults in treatment", ENTRIES) == ("adults_in_treatment", 1.0)
    assert reader.match_indicator("Bus passengers", ENTRIES)[0] is None
