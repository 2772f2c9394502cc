"""Validation at the edge for Fingertips exports (issue 13): GSS codes for the area type, usable numbers,
whole non-negative counts, intervals holding their value, real suppression markers only, encodings.
Invalid rows are skipped and named by line; a file with no valid row is refused in one sentence."""

import pytest

from cdp_data.core.errors import LoadError
from cdp_data.services import indicator_files
from cdp_data.sources import fingertips
from cdp_data.store.indicator_values import read_values

HEADER = ("Indicator ID,Indicator Name,Area Code,Area Name,Area Type,Sex,Age,Time period,Value,"
          "Lower CI 95.0 limit,Upper CI 95.0 limit,Count,Denominator\n")
GOOD = "90000,Rate of things,E06000001,Hartlepool,UA,Persons,All ages,{period},12.5,10,15,{count},1000\n"


def export(*rows: str, name="Rate of things") -> bytes:
    body = "".join(r if r.endswith("\n") else r + "\n" for r in rows)
    return (HEADER + body.replace("Rate of things", name)).encode()


def row(code="E06000001", area_type="UA", value="12.5", lower="10", upper="15", count="25", denominator="1000",
        period="2022"):
    return f"90000,Rate of things,{code},Somewhere,{area_type},Persons,All ages,{period},{value},{lower},{upper}," \
           f"{count},{denominator}"


def skipped(content: bytes) -> tuple[int, list[str]]:
    table, warnings = fingertips.read_checked(content, "x.csv")
    return table.num_rows, warnings


@pytest.mark.parametrize("code,area_type,words", [
    ("X123", "UA", "area code 'X123' is not a GSS code"),
    ("E0600001", "UA", "area code 'E0600001' is not a GSS code"),            # seven digits
    ("E06000001<script>", "UA", "area code 'E06000001<script>' is not a GSS code"),
    ("E12000002", "UA", "area code E12000002 is not a code for the area type 'UA'"),
    ("E06000001", "England", "area code E06000001 is not a code for the area type 'England'"),
    ("E92000001", "Region", "area code E92000001 is not a code for the area type 'Region'"),
])
def test_area_codes_must_be_gss_codes_for_their_type(code, area_type, words):
    n, warnings = skipped(export(row(), row(code=code, area_type=area_type, period="2023")))
    assert n == 1
    assert warnings == [f"1 row was skipped because of invalid values (line 3: {words})."]


def test_codes_and_types_too_many_to_count_in_a_table_are_checked_the_same(monkeypatch):
    """Past :data:`fingertips.PAIR_TABLE_UP_TO` combinations the distinct (code, type) pairs are sorted instead
    of counted: the same rows are named, with blank codes and types among them."""
    rows = [row(), row(code="E12000002", period="2021"), row(code="E06000002", area_type="", period="2020"),
            row(code="X1", area_type="", period="2019"), row(code="", period="2018"), row(code="E12000002")]
    counted = skipped(export(*rows))
    monkeypatch.setattr(fingertips, "PAIR_TABLE_UP_TO", 0)
    assert skipped(export(*rows)) == counted
    assert counted == (3, ["3 rows were skipped because of invalid values (line 3: area code E12000002 is not a code "
                           "for the area type 'UA'; line 5: area code 'X1' is not a GSS code; line 7: area code "
                           "E12000002 is not a code for the area type 'UA')."])


def test_plausible_codes_for_their_types_pass():
    n, warnings = skipped(export(row(code="E92000001", area_type="England"), row(code="E12000002", area_type="Region"),
                                 row(code="E10000017", area_type="Counties & UAs (from Apr 2023)"),
                                 row(code="E07000117", area_type="Districts & UAs (from Apr 2023)"),
                                 row(code="E38000001", area_type="Sub-ICB"), row(code="W06000001", area_type="")))
    assert (n, warnings) == (6, [])


@pytest.mark.parametrize("cells,words", [
    (dict(value="inf"), "value infinity is not a usable number"),
    (dict(value="-inf"), "value minus infinity is not a usable number"),
    (dict(value="1e308", lower="", upper=""), "value 1e+308 is not a usable number"),
    (dict(value="NaN"), "value 'NaN' is not a number"),
    (dict(count="-3"), "count -3 is negative"),
    (dict(count="2.5"), "count 2.5 is not a whole number"),
    (dict(denominator="-10"), "denominator -10 is negative"),
    (dict(lower="20", upper="15"), "the 95% interval 20 to 15 does not hold the value 12.5"),
    (dict(lower="13"), "the 95% interval 13 to 15 does not hold the value 12.5"),
    (dict(value="abc"), "value 'abc' is not a number"),
    (dict(count="lots"), "count 'lots' is not a number"),
])
def test_numbers_must_be_usable(cells, words):
    n, warnings = skipped(export(row(), row(count="30", period="2021"), row(period="2023", **cells)))
    assert n == 2
    assert len(warnings) == 1 and f"(line 4: {words})" in warnings[0]


def test_a_percentage_outside_0_to_100_is_refused():
    content = export(row(), row(value="140", upper="150", period="2023"), name="Share of things (%)")
    n, warnings = skipped(content)
    assert n == 1 and "line 3: value 140 is a percentage outside 0 to 100" in warnings[0]
    assert skipped(export(row(), row(value="140", upper="150", period="2023")))[0] == 2  # not a percentage


def test_estimated_counts_published_with_fractions_are_kept():
    rows = [row(count=c, period=str(2015 + i)) for i, c in enumerate(["1352.33", "1200.5", "980.25", "1000"])]
    assert skipped(export(*rows)) == (4, [])


def test_many_bad_rows_name_the_first_five_lines_and_count_the_rest():
    rows = [row()] + [row(code=f"BAD{i}", period=str(2000 + i)) for i in range(8)]
    n, warnings = skipped(export(*rows))
    assert n == 1
    assert warnings[0].startswith("8 rows were skipped because of invalid values (line 3: area code 'BAD0'")
    assert "line 7: area code 'BAD4'" in warnings[0] and "line 8" not in warnings[0]
    assert warnings[0].endswith("; and 3 more).")


def test_a_file_with_no_valid_row_is_refused_and_nothing_is_stored(empty_workspace):
    content = export(row(count="-3"), row(code="nope", period="2023"))
    with pytest.raises(LoadError, match=r"^bad\.csv has no valid rows, so nothing was loaded \(line 2: count -3 "
                                        r"is negative; line 3: area code 'nope' is not a GSS code\)\.$"):
        indicator_files.load_fingertips_export(empty_workspace, "bad.csv", content)
    assert read_values(empty_workspace, ["value"]).empty
    assert empty_workspace.loads().empty


def test_the_load_report_names_the_skipped_rows(empty_workspace):
    report = indicator_files.load_fingertips_export(empty_workspace, "mixed.csv",
                                                    export(row(), row(value="1e308", period="2023")))
    assert report.rows == 1
    assert report.warnings[0] == ("1 row was skipped because of invalid values "
                                  "(line 3: value 1e+308 is not a usable number).")


def test_only_real_suppression_markers_are_called_suppressed(empty_workspace):
    content = export(row(), row(value="*", lower="", upper="", count="", period="2021"),
                     row(value="abc", period="2023"))
    report = indicator_files.load_fingertips_export(empty_workspace, "x.csv", content)
    notes = read_values(empty_workspace, ["period", "note"]).set_index("period")["note"]
    assert notes["2021"] == "Suppressed in the source (published as '*')"
    assert "2023" not in notes.index  # "abc" is not a suppression marker: the row is invalid
    assert "line 4: value 'abc' is not a number" in report.warnings[0]


@pytest.mark.parametrize("encoding,bom", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b"")])
def test_encodings(encoding, bom):
    text = HEADER + row().replace("Somewhere", "Spend £ per head – café") + "\n"
    table, warnings = fingertips.read_checked(bom + text.encode(encoding), "x.csv")
    assert table.column("area_name")[0].as_py() == "Spend £ per head – café" and warnings == []
    assert table.column("value")[0].as_py() == 12.5
