"""Validation at the edge for the local-figures template (issue 13): GSS codes, usable numbers, whole
non-negative counts, percentages within 0 to 100, intervals holding their value, encodings."""

import pytest

from cdp_data.core.errors import LoadError
from cdp_data.services import indicator_files
from cdp_data.sources import template
from cdp_data.store.indicator_values import read_values

HEADER = ",".join(template.TEMPLATE_COLUMNS) + "\n"


def line(code="E08000015", value="12", count="", denominator="", lower="", upper="", unit="count", period="2023",
         name="Wirral", note=""):
    return (f"local_measure,Local measure,{code},{name},{period},,,{value},{count},{denominator},{lower},{upper},"
            f"{unit},Provider,{note}\n")


def figures(*lines: str) -> bytes:
    return (HEADER + "".join(lines)).encode()


@pytest.mark.parametrize("cells,words", [
    (dict(code="Wirral"), "area code 'WIRRAL' is not a GSS code"),
    (dict(code="E0800001"), "area code 'E0800001' is not a GSS code"),
    (dict(value="inf"), "value infinity is not a usable number"),
    (dict(value="1e308"), "value 1e+308 is not a usable number"),
    (dict(value="NaN"), "value 'NaN' is not a number"),
    (dict(value="abc"), "value 'abc' is not a number"),
    (dict(value="", count="-3"), "count -3 is negative"),
    (dict(value="", count="2.5"), "count 2.5 is not a whole number"),
    (dict(value="", count="3", denominator="-6"), "denominator -6 is negative"),
    (dict(value="101", unit="%"), "value 101 is a percentage outside 0 to 100"),
    (dict(value="-1", unit="%"), "value -1 is a percentage outside 0 to 100"),
    (dict(value="12", lower="14", upper="20"), "the 95% interval 14 to 20 does not hold the value 12"),
])
def test_invalid_rows_are_skipped_and_named_by_line(cells, words):
    frame, warnings = template.read_figures("f.csv", figures(line(), line(period="2022"), line(period="2021",
                                                                                                **cells)))
    assert len(frame) == 2 and sorted(frame["period"]) == ["2022", "2023"]
    assert warnings == [f"1 row was skipped because of invalid values (line 4: {words})."]


def test_valid_numbers_pass():
    frame, warnings = template.read_figures("f.csv", figures(
        line(value="41.5", unit="%", lower="30", upper="50"),
        line(value="", count="7", denominator="20", period="2022"),
        line(value="-2.5", unit="change", period="2021"), line(value="n/a", period="2020")))
    assert len(frame) == 4 and warnings == []
    assert frame.set_index("period").loc["2022", "count"] == 7.0


def test_a_suppression_marker_is_missing_and_says_so_but_text_is_not(empty_workspace):
    report = indicator_files.load_template(empty_workspace, "f.csv", figures(line(), line(value="*", period="2022"),
                                                                             line(value="abc", period="2021")))
    notes = read_values(empty_workspace, ["period", "value", "note"]).set_index("period")
    assert notes.loc["2022", "note"] == "Suppressed in the source (published as '*')"
    assert "2021" not in notes.index
    assert "1 row was skipped because of invalid values (line 4: value 'abc' is not a number)." in report.warnings


def test_a_template_with_no_valid_row_is_refused_and_nothing_is_stored(empty_workspace):
    content = figures(line(count="-3", value=""), line(code="X1", period="2022"))
    with pytest.raises(LoadError, match=r"^f\.csv has no valid rows, so nothing was loaded \(line 2: count -3 is "
                                        r"negative; line 3: area code 'X1' is not a GSS code\)\.$"):
        indicator_files.load_template(empty_workspace, "f.csv", content)
    assert read_values(empty_workspace, ["value"]).empty and empty_workspace.loads().empty


@pytest.mark.parametrize("encoding,bom", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b"")])
def test_encodings(encoding, bom):
    text = HEADER + line(name="Spend £ – café", unit="£")
    frame, warnings = template.read_figures("f.csv", bom + text.encode(encoding))
    assert frame["area_name"].tolist() == ["Spend £ – café"] and frame["value"].tolist() == [12.0]
    assert warnings == []
