"""Reading an indicators sheet's cells."""

from cdp_data.sources import targets_workbook as reader


def test_parse_target_cells_halton_style():
    assert reader.parse_target_cell("80%") == (80.0, "80%", None)
    assert reader.parse_target_cell("400 +") == (400.0, "400 +", None)
    assert reader.parse_target_cell("Monitor") == (None, "Monitor", "monitor")
    assert reader.parse_target_cell("Monitor until 2014 and set base line target")[2] == "monitor"
    assert reader.parse_target_cell(6900) == (6900.0, "6900", None)
