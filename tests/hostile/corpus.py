"""A hostile-input corpus, generated in code: malformed or malicious files of every kind the app reads.

Each :class:`Case` is a file name, a function making its bytes and what must happen when it is loaded:
``refused`` (a regular expression the one plain sentence must match) or, for files that are odd but valid
(encodings, HTML or control characters in names), ``accepted`` (a check of the values stored). The cases
are small to build: the few large ones (the zip bombs) are made once and cached.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from typing import Callable

from cdp_data.core.kinds import Kind
from tests.limits import bombs
from tests.sources.plan_books import xlsx


@dataclass(frozen=True)
class Case:
    name: str                     # the file name it is loaded under (unique in the corpus)
    kind: Kind                    # the kind it pretends to be
    make: Callable[[], bytes]
    refused: str | None = None    # regular expression the one sentence must match (searched)
    accepted: Callable | None = None   # check(ws, report) for a file that must load

    def content(self) -> bytes:
        return _cached(self.name, self.make)


_CACHE: dict[str, bytes] = {}


def _cached(name: str, make: Callable[[], bytes]) -> bytes:
    if name not in _CACHE:
        _CACHE[name] = make()
    return _CACHE[name]


def text(body: str, encoding: str = "utf-8") -> Callable[[], bytes]:
    return lambda: body.encode(encoding)


# ------------------------------------------------------------------------------------------------ headers

FT = ("Indicator ID,Indicator Name,Area Code,Area Name,Area Type,Sex,Age,Time period,Value,"
      "Lower CI 95.0 limit,Upper CI 95.0 limit,Count,Denominator\n")


def ft_row(code="E06000001", value="12.5", lower="10", upper="15", count="25", denominator="1000",
           period="2022/23", name="Hartlepool", indicator="Rate of things", area_type="UA") -> str:
    return (f"90000,{indicator},{code},{name},{area_type},Persons,All ages,{period},{value},{lower},{upper},"
            f"{count},{denominator}\n")


TEMPLATE = "Indicator ID,Indicator name,Area code,Area name,Period,Value,Count,Denominator,Unit,Source\n"


def tpl_row(code="E08000015", value="140", count="", denominator="", period="2024/25", name="Wirral",
            indicator="naloxone_kits") -> str:
    return f"{indicator},Naloxone kits,{code},{name},{period},{value},{count},{denominator},count,Provider\n"


NDTMS = "ReportingPeriod,Area,sex,age_group,drug_group,intreatment_allintx\n"
PREVALENCE = ("PHE_Centre,Local_Authority,Area_Code_GSS,Alcohol_dependent,Alcohol_lower_CI,Alcohol_upper_CI,"
              "Year\n")
POLICE = ("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,"
          "Last outcome category,Context\n")


def police_row(month="2024-01", lsoa="E01006512", crime="Drugs", force="Merseyside Police") -> str:
    return f"abc,{month},{force},{force},-3.0,53.4,On or near X,{lsoa},Wirral 001A,{crime},Under investigation,\n"


IMD = "lsoa11cd,lsoa11nm,imd_score,imd_rank,imd_decile\n"
HARM = "Geography code,Measure,Period,Count\n"
POPULATION = "LSOA21CD,usual_residents_census2021\n"
LOOKUP = "LSOA21CD,LSOA21NM,WD24CD,WD24NM,LAD24CD,LAD24NM\n"


def feature(code="E05000001", name="Ward", ring=None, props=None) -> dict:
    ring = ring or [[-3.0, 53.4], [-2.99, 53.4], [-2.99, 53.41], [-3.0, 53.4]]
    return {"type": "Feature", "properties": props if props is not None else {"WD24CD": code, "WD24NM": name},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}


def geojson(*features: dict, **extra) -> Callable[[], bytes]:
    return lambda: json.dumps({"type": "FeatureCollection", "features": list(features), **extra}).encode()


# ------------------------------------------------------------------------------------------------ containers

def zipped(members: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def many_members() -> bytes:
    return zipped({f"layer{i}.shp": b"" for i in range(1_200)})


def bzip2_workbook() -> bytes:
    src = zipfile.ZipFile(io.BytesIO(bombs.plan()))
    return zipped({i.filename: src.read(i.filename) for i in src.infolist()}, method=zipfile.ZIP_BZIP2)


def shapefile_without_dbf() -> bytes:
    return zipped({"wards.shp": b"\x00\x00\x27\x0a" + b"\x00" * 96, "wards.shx": b"\x00" * 100})


def garbage_shapefile() -> bytes:
    return zipped({"wards.shp": b"not a shapefile at all" * 10, "wards.dbf": b"junk", "wards.shx": b"junk"})


def truncated_workbook() -> bytes:
    return bombs.plan()[:600]


def wide_sheet() -> bytes:
    return xlsx([["Action", "Lead", "Status"] + [f"c{i}" for i in range(16_381)], ["Open a clinic", "SRO", "Green"]])


def many_sheets() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    for i in range(210):
        wb.create_sheet(f"S{i}")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def huge_shared_string() -> bytes:
    """A plan workbook whose one cell holds 2 million characters (Excel's own limit is 32,767)."""
    def change(name, data):
        if name == "xl/worksheets/sheet1.xml":
            return data.replace(b"<t>SRO</t>", b"<t>" + b"x" * 2_000_000 + b"</t>")
        return data
    return bombs._rewrite(bombs.plan(), change)


def sheet_with_external_entity_in_rels() -> bytes:
    def change(name, data):
        if name == "xl/_rels/workbook.xml.rels":
            return b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "http://127.0.0.1/">]>' + data.split(
                b"?>", 1)[-1]
        return data
    return bombs._rewrite(bombs.plan(), change)


def empty_workbook() -> bytes:
    return xlsx([])


def template_workbook(*rows) -> Callable[[], bytes]:
    header = [h.strip() for h in TEMPLATE.strip().split(",")]
    return lambda: xlsx([header, *rows], title="Local figures")


def ole_file() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024


def geopackage() -> bytes:
    return b"SQLite format 3\x00" + b"\x00" * 4080


def random_bytes() -> bytes:
    import random

    rng = random.Random(13)
    return bytes(rng.randrange(256) for _ in range(4096))


def vertex_bomb() -> bytes:
    """A zipped shapefile whose .shp is big enough for 5,000,100 points (80 MB of zeros, 80 KB zipped)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("wards.shp", b"\0" * (16 * 5_000_100))
        z.writestr("wards.dbf", b"")
    return out.getvalue()


def lying_shapefile(records: int = 100_001) -> bytes:
    """A zipped shapefile whose index and table headers claim ``records`` features that are not there."""
    import struct

    bounds = struct.pack("<2i4d4d", 1000, 5, 0, 0, 1, 1, 0, 0, 0, 0)
    shp = struct.pack(">7i", 9994, 0, 0, 0, 0, 0, 50) + bounds
    shx = struct.pack(">7i", 9994, 0, 0, 0, 0, 0, 50 + 4 * records) + bounds
    field = b"WD24CD".ljust(11, b"\0") + b"C" + b"\0" * 4 + bytes([10, 0]) + b"\0" * 14
    dbf = struct.pack("<BBBBIHH20x", 3, 124, 1, 1, records, 65, 11) + field + b"\r\x1a"
    return zipped({"wards.shp": shp, "wards.shx": shx, "wards.dbf": dbf})


def shapefile_of(records: int) -> bytes:
    """A zipped shapefile whose index and table hold ``records`` (empty) features: cheap to build, and read
    by GDAL's own header as that many features."""
    import struct

    bounds = struct.pack("<2i4d4d", 1000, 5, 300000, 400000, 300001, 400001, 0, 0, 0, 0)
    shp = struct.pack(">7i", 9994, 0, 0, 0, 0, 0, 50) + bounds
    shx = struct.pack(">7i", 9994, 0, 0, 0, 0, 0, 50 + 4 * records) + bounds + struct.pack(">2i", 50, 2) * records
    field = b"WD24CD".ljust(11, b"\0") + b"C" + b"\0" * 4 + bytes([10, 0]) + b"\0" * 14
    dbf = (struct.pack("<BBBBIHH20x", 3, 124, 1, 1, records, 65, 11) + field + b"\r"
           + b" E05000001" * records + b"\x1a")
    return zipped({"wards.shp": shp, "wards.shx": shx, "wards.dbf": dbf})


# ------------------------------------------------------------------------------------------------ checks

def _values(ws, indicator_id: str):
    from cdp_data.store.indicator_values import read_values

    values = read_values(ws)
    return values[values["indicator_id"] == indicator_id]


def stored_name(name: str, value: float):
    def check(ws, report):
        rows = _values(ws, "90000")
        assert rows["area_name"].tolist() == [name] and rows["value"].tolist() == [value], rows
    return check


def stored_indicator_name(name: str):
    def check(ws, report):
        rows = _values(ws, "90000")
        assert rows["indicator_name"].tolist() == [name] and rows["value"].tolist() == [12.5], rows
    return check


def warned(words: str, periods: list[str] | None = None):
    """The file loaded with a warning holding ``words`` (and, for a Fingertips file, exactly ``periods``)."""
    def check(ws, report):
        assert any(words in w for w in report.warnings), report.warnings
        if periods is not None:
            assert sorted(_values(ws, "90000")["period"]) == periods
    return check


def dataset_rows(kind: str, rows: int):
    def check(ws, report):
        assert report.rows == rows, report
        assert kind in set(ws.datasets()["kind"])
    return check


# ------------------------------------------------------------------------------------------------ the corpus

LIMIT = r"was refused: .*an administrator can change the limit with CDP_"
NOTHING_VALID = r"has no valid rows, so nothing was loaded"

CASES: list[Case] = [
    # ---- any kind: the bytes themselves
    Case("empty.csv", Kind.FINGERTIPS_EXPORT, lambda: b"", r"^empty\.csv is empty\.$"),
    Case("blank.csv", Kind.FINGERTIPS_EXPORT, text("\n\n   \n"), r"is empty: there is no header row"),
    Case("random.bin", Kind.FINGERTIPS_EXPORT, random_bytes, r"it holds binary data"),
    Case("nul_bytes.csv", Kind.FINGERTIPS_EXPORT, lambda: FT.encode() + b"\x00" * 4096, r"it holds binary data"),
    Case("utf16.csv", Kind.FINGERTIPS_EXPORT, lambda: (FT + ft_row()).encode("utf-16"),
         r"is saved as UTF-16 text: save it again as CSV \(UTF-8\)"),
    Case("control_header.csv", Kind.FINGERTIPS_EXPORT,
         text("Indicator\x1b[2J ID,Area\rCode,Val\x07ue\u2028x\n1,2,3\n"),
         r"not a kind of file the app knows \(columns found: .*\[2j id"),
    Case("old.xls", Kind.PLAN_WORKBOOK, ole_file, r"old-style Excel"),
    Case("wards.gpkg", Kind.BOUNDARIES, geopackage, r"it holds binary data"),
    Case("notjson.geojson", Kind.BOUNDARIES, text('{"type": "FeatureCollection", "features": [}'),
         r"cannot be read as boundaries .*Unexpected character"),
    Case("list.json", Kind.BOUNDARIES, text("[1, 2, 3]"), r"is JSON but not a GeoJSON"),
    Case("nested.geojson", Kind.BOUNDARIES, bombs.nested_json, r"nested 100,001 levels deep"),
    Case("nested_props.geojson", Kind.BOUNDARIES,
         lambda: b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":'
                 + b"[" * 5000 + b"]" * 5000 + b'},"geometry":null}]}', r"nested 5,004 levels deep"),
    Case("wide.csv", Kind.FINGERTIPS_EXPORT, bombs.wide_csv, r"16,384 columns, more than the 500 allowed"),
    Case("cell.csv", Kind.FINGERTIPS_EXPORT, lambda: bombs.huge_cell(2), r"one of its lines is 2\.0 MB long"),
    Case("lines.csv", Kind.FINGERTIPS_EXPORT, lambda: FT.encode() + b"\n" * 2_100_000,
         r"2,100,001 lines, more than the 2,000,000 allowed"),
    # ---- zips
    Case("bomb.zip", Kind.BOUNDARIES, bombs.zip_bomb, r"would unpack to 320 MB"),
    Case("liar.xlsx", Kind.PLAN_WORKBOOK, bombs.lying_zip, r"more than its own directory says"),
    Case("members.zip", Kind.BOUNDARIES, many_members, r"zip of 1,200 files, more than the 1,000 allowed"),
    Case("bzip2.xlsx", Kind.PLAN_WORKBOOK, bzip2_workbook, r"compressed in a way the app does not read"),
    Case("truncated.xlsx", Kind.PLAN_WORKBOOK, truncated_workbook, r"is damaged or incomplete"),
    Case("neither.zip", Kind.BOUNDARIES, lambda: zipped({"readme.txt": b"hello"}),
         r"holding neither a workbook nor a shapefile"),
    Case("nodbf.zip", Kind.BOUNDARIES, shapefile_without_dbf,
         r"cannot be read as boundaries .*\.shx file is unreadable"),
    Case("garbage_shp.zip", Kind.BOUNDARIES, garbage_shapefile,
         r"cannot be read as boundaries .*not recognized as being in a supported file format"),
    # ---- workbooks
    Case("merge.xlsx", Kind.PLAN_WORKBOOK, bombs.merge_bomb, r"a merged range covers 17,179,836,416 cells"),
    Case("merges.xlsx", Kind.PLAN_WORKBOOK, bombs.many_merges, r"merged cells, more than the 200,000 allowed"),
    Case("dimension.xlsx", Kind.PLAN_WORKBOOK, bombs.dimension_bomb, r"covers 17,179,869,184 cells"),
    Case("laughs.xlsx", Kind.PLAN_WORKBOOK, bombs.billion_laughs, r"declares XML entities"),
    Case("xxe.xlsx", Kind.PLAN_WORKBOOK, bombs.xxe, r"declares XML entities"),
    Case("xxe_rels.xlsx", Kind.PLAN_WORKBOOK, sheet_with_external_entity_in_rels, r"declares XML entities"),
    Case("wide.xlsx", Kind.PLAN_WORKBOOK, wide_sheet, r"16,384 columns, more than the 500 allowed"),
    Case("sheets.xlsx", Kind.PLAN_WORKBOOK, many_sheets, r"211 sheets, more than the 200 allowed"),
    Case("bigcell.xlsx", Kind.PLAN_WORKBOOK, huge_shared_string, r"one of its cells holds more than 512 KB of text"),
    Case("empty.xlsx", Kind.PLAN_WORKBOOK, empty_workbook, r"is an empty workbook"),
    Case("year0.xlsx", Kind.TARGETS_SHEET,
         lambda: xlsx([["Indicator", "Baseline (Mar 0000)", "Target 0000/01"], ["Deaths", 5, 4]]),
         accepted=warned("does not say which year the targets are for")),
    Case("template_bad.xlsx", Kind.INDICATOR_TEMPLATE,
         template_workbook(["naloxone_kits", "Naloxone", "<b>x</b>", "X", "2024/25", -5, None, None, "count", "P"]),
         NOTHING_VALID),
    # ---- Fingertips exports
    Case("ft_codes.csv", Kind.FINGERTIPS_EXPORT,
         lambda: (FT + ft_row(code="XYZ") + ft_row(code="<script>") + ft_row(code="E0600000")).encode(),
         NOTHING_VALID + r".*line 2: area code 'XYZ' is not a GSS code"),
    Case("ft_type.csv", Kind.FINGERTIPS_EXPORT, lambda: (FT + ft_row(code="E05000001")).encode(),
         r"is not a code for the area type 'UA'"),
    Case("ft_negative.csv", Kind.FINGERTIPS_EXPORT,
         lambda: (FT + ft_row(value="-3", lower="-4", upper="-2", count="-3")).encode(), r"count -3 is negative"),
    Case("ft_inf.csv", Kind.FINGERTIPS_EXPORT, lambda: (FT + ft_row(value="inf", lower="", upper="")).encode(),
         r"value infinity is not a usable number"),
    Case("ft_huge.csv", Kind.FINGERTIPS_EXPORT, lambda: (FT + ft_row(value="1e308", lower="", upper="")).encode(),
         r"value 1e\+308 is not a usable number"),
    Case("ft_fraction.csv", Kind.FINGERTIPS_EXPORT,
         lambda: (FT + ft_row(count="2.5") + ft_row(period="2020/21") + ft_row(period="2021/22")).encode(),
         accepted=warned("1 row was skipped because of invalid values (line 2: count 2.5 is not a whole number)",
                         periods=["2020/21", "2021/22"])),
    Case("ft_ci.csv", Kind.FINGERTIPS_EXPORT, lambda: (FT + ft_row(lower="20", upper="15")).encode(),
         r"interval 20 to 15 does not hold the value 12\.5"),
    Case("ft_abc.csv", Kind.FINGERTIPS_EXPORT, lambda: (FT + ft_row(value="abc")).encode(),
         r"value 'abc' is not a number"),
    Case("ft_nan.csv", Kind.FINGERTIPS_EXPORT, lambda: (FT + ft_row(value="NaN", lower="", upper="")).encode(),
         r"value 'NaN' is not a number"),
    Case("ft_year0.csv", Kind.FINGERTIPS_EXPORT, lambda: (FT + ft_row(period="0000/01")).encode(),
         r"time period '0000/01' is not a period the app understands"),
    Case("ft_period.csv", Kind.FINGERTIPS_EXPORT, lambda: (FT + ft_row(period="next Tuesday")).encode(),
         r"time period 'next Tuesday' is not a period the app understands"),
    Case("ft_quote.csv", Kind.FINGERTIPS_EXPORT, lambda: (FT + ft_row(name='"Hartlepool')).encode(),
         r"is not a readable Fingertips export: CSV parse error"),
    Case("ft_header_only.csv", Kind.FINGERTIPS_EXPORT, text(FT), r"is a Fingertips export with no rows"),
    Case("ft_cr.csv", Kind.FINGERTIPS_EXPORT, lambda: (FT + ft_row()).replace("\n", "\r").encode(),
         accepted=stored_name("Hartlepool", 12.5)),
    Case("ft_bom.csv", Kind.FINGERTIPS_EXPORT, lambda: b"\xef\xbb\xbf" + (FT + ft_row(name="Café")).encode(),
         accepted=stored_name("Café", 12.5)),
    Case("ft_cp1252.csv", Kind.FINGERTIPS_EXPORT,
         lambda: (FT + ft_row(indicator="Spend £ per head – café")).encode("cp1252"),
         accepted=stored_indicator_name("Spend £ per head – café")),
    Case("ft_html.csv", Kind.FINGERTIPS_EXPORT,
         lambda: (FT + ft_row(name='"<img src=x onerror=alert(1)> [x](javascript:alert(1))"')).encode(),
         accepted=stored_name("<img src=x onerror=alert(1)> [x](javascript:alert(1))", 12.5)),
    Case("ft_control.csv", Kind.FINGERTIPS_EXPORT,
         lambda: (FT + ft_row(name="Hart\x1b[31mle\x07pool\x7f")).encode(),
         accepted=stored_name("Hart[31mlepool", 12.5)),
    Case("ft_formula.csv", Kind.FINGERTIPS_EXPORT,
         lambda: (FT + ft_row(name='"=HYPERLINK(""http://x"",""y"")"')).encode(),
         accepted=stored_name('=HYPERLINK("http://x","y")', 12.5)),
    # ---- the local figures template (CSV)
    Case("tpl_quote.csv", Kind.INDICATOR_TEMPLATE, lambda: (TEMPLATE + tpl_row(name='"Wirral')).encode(),
         r"is not a readable local figures template: .*EOF inside string"),
    Case("tpl_codes.csv", Kind.INDICATOR_TEMPLATE, lambda: (TEMPLATE + tpl_row(code="Wirral")).encode(),
         NOTHING_VALID + r".*not a GSS code"),
    Case("tpl_negative.csv", Kind.INDICATOR_TEMPLATE, lambda: (TEMPLATE + tpl_row(value="", count="-3")).encode(),
         NOTHING_VALID + r".*count -3 is negative"),
    Case("tpl_inf.csv", Kind.INDICATOR_TEMPLATE, lambda: (TEMPLATE + tpl_row(value="1e400")).encode(),
         NOTHING_VALID),
    Case("tpl_year0.csv", Kind.INDICATOR_TEMPLATE, lambda: (TEMPLATE + tpl_row(period="0000/01")).encode(),
         accepted=warned("1 row(s) have a period the app cannot date (0000/01): give Period start and end.")),
    # ---- NDTMS
    Case("ndtms_negative.csv", Kind.NDTMS_LA,
         lambda: (NDTMS + "2022-23,England,Total,Total,Opiate,-5\n").encode(),
         r"has no valid rows, so nothing was loaded.*count -5 is negative"),
    Case("ndtms_fraction.csv", Kind.NDTMS_LA,
         lambda: (NDTMS + "2022-23,England,Total,Total,Opiate,2.5\n").encode(),
         r"has no valid rows, so nothing was loaded.*count 2\.5 is not a whole number"),
    Case("ndtms_inf.csv", Kind.NDTMS_LA,
         lambda: (NDTMS + "2022-23,England,Total,Total,Opiate,inf\n").encode(),
         r"has no valid rows, so nothing was loaded.*count infinity is not a usable number"),
    Case("ndtms_area.csv", Kind.NDTMS_LA,
         lambda: (NDTMS + "2022-23,<b>Nowhere</b>,Total,Total,Opiate,5\n").encode(),
         r"no rows could be matched to an area code \(<b>Nowhere</b>\)"),
    Case("ndtms_quote.csv", Kind.NDTMS_LA,
         lambda: (NDTMS + '2022-23,"England,Total,Total,Opiate,5\n').encode(),
         r"is not a readable NDTMS export: .*EOF inside string"),
    Case("ndtms_year0.csv", Kind.NDTMS_LA,
         lambda: (NDTMS + "0000-01,England,Total,Total,Opiate,5\n").encode(),
         r"reporting period '0000-01' is not a period the app understands"),
    # ---- alcohol dependency estimates
    Case("prev_codes.csv", Kind.ALCOHOL_DEPENDENCY_ESTIMATES,
         lambda: (PREVALENCE + "North,Wirral,WIRRAL,5000,4000,6000,2018/19\n").encode(), r"holds no usable estimates"),
    Case("prev_negative.csv", Kind.ALCOHOL_DEPENDENCY_ESTIMATES,
         lambda: (PREVALENCE + "North,Wirral,E08000015,-5000,-6000,-4000,2018/19\n").encode(),
         r"has no valid rows, so nothing was loaded.*value -5000 is negative"),
    Case("prev_ci.csv", Kind.ALCOHOL_DEPENDENCY_ESTIMATES,
         lambda: (PREVALENCE + "North,Wirral,E08000015,5000,7000,6000,2018/19\n").encode(),
         r"the 95% interval 7000 to 6000 does not hold the value 5000"),
    Case("prev_inf.csv", Kind.ALCOHOL_DEPENDENCY_ESTIMATES,
         lambda: (PREVALENCE + "North,Wirral,E08000015,inf,NA,NA,2018/19\n").encode(), r"holds no usable estimates"),
    Case("prev_quote.csv", Kind.ALCOHOL_DEPENDENCY_ESTIMATES,
         lambda: (PREVALENCE + 'North,"Wirral,E08000015,5000,4000,6000,2018/19\n').encode(),
         r"is not a readable table of alcohol-dependency estimates: .*EOF inside string"),
    # ---- police street files
    Case("police_month.csv", Kind.POLICE_STREET, lambda: (POLICE + police_row(month="2024-13")).encode(),
         r"month '2024-13' is not a month \(YYYY-MM\)"),
    Case("police_year0.csv", Kind.POLICE_STREET, lambda: (POLICE + police_row(month="0000-01")).encode(),
         r"month '0000-01' is not a month"),
    Case("police_quote.csv", Kind.POLICE_STREET, lambda: (POLICE + police_row(force='"Merseyside')).encode(),
         r"LSOA code 'Wirral 001A' is not a GSS code"),
    Case("police_header.csv", Kind.POLICE_STREET, text(POLICE), r"street file with no crimes in it"),
    Case("police_lsoa.csv", Kind.POLICE_STREET, lambda: (POLICE + police_row(lsoa="<script>x</script>")).encode(),
         r"LSOA code '<script>x</script>' is not a GSS code"),
    # ---- IoD
    Case("imd_codes.csv", Kind.IMD2019_LSOA11, lambda: (IMD + "X01000001,A,10,5,3\n").encode(),
         r"has no English LSOA rows"),
    Case("imd_decile.csv", Kind.IMD2019_LSOA11, lambda: (IMD + "E01000001,A,10,5,11\n").encode(),
         r"IMD decile 11 is not a whole number from 1 to 10"),
    Case("imd_negative.csv", Kind.IMD2019_LSOA11, lambda: (IMD + "E01000001,A,-10,-5,3\n").encode(),
         r"IMD score -10 is not a number of at least 0"),
    Case("imd_inf.csv", Kind.IMD2019_LSOA11, lambda: (IMD + "E01000001,A,inf,5,3\n").encode(),
         r"imd_score infinity is not a usable number"),
    Case("imd_quote.csv", Kind.IMD2019_LSOA11, lambda: (IMD + 'E01000001,"A,10,5,3\n').encode(),
         r"is not a readable CSV table: .*EOF inside string"),
    # ---- harm template
    Case("harm_negative.csv", Kind.HARM_TEMPLATE,
         lambda: (HARM + "E05000001,naloxone_supplied,2024/25,-4\n").encode(),
         r"has no valid rows, so nothing was loaded.*count -4 is negative"),
    Case("harm_fraction.csv", Kind.HARM_TEMPLATE,
         lambda: (HARM + "E05000001,naloxone_supplied,2024/25,2.5\n").encode(),
         r"has no valid rows, so nothing was loaded.*count 2\.5 is not a whole number"),
    Case("harm_inf.csv", Kind.HARM_TEMPLATE,
         lambda: (HARM + "E05000001,naloxone_supplied,2024/25,1e309\n").encode(),
         r"has no valid rows, so nothing was loaded.*count infinity is not a usable number"),
    Case("harm_codes.csv", Kind.HARM_TEMPLATE,
         lambda: (HARM + "E05<b>x</b>,naloxone_supplied,2024/25,4\n").encode(),
         r"geography code 'E05<B>X</B>' is not a ward \(E05\.\.\.\) or LSOA \(E01\.\.\.\) code"),
    Case("harm_quote.csv", Kind.HARM_TEMPLATE,
         lambda: (HARM + 'E05000001,"naloxone_supplied,2024/25,4\n').encode(),
         r"is not a readable CSV table: .*EOF inside string"),
    # ---- population
    Case("pop_negative.csv", Kind.POPULATION, lambda: (POPULATION + "E01000001,-1500\n").encode(),
         r"has no valid rows, so nothing was loaded.*population -1500 is negative"),
    Case("pop_inf.csv", Kind.POPULATION, lambda: (POPULATION + "E01000001,inf\n").encode(),
         r"has no valid rows, so nothing was loaded.*population infinity is not a usable number"),
    Case("pop_codes.csv", Kind.POPULATION, lambda: (POPULATION + "=cmd|' /C calc'!A0,1500\n").encode(),
         r"lsoa21 code '=cmd\|' /C calc'!A0' is not a GSS code"),
    Case("pop_quote.csv", Kind.POPULATION, lambda: (POPULATION + '"E01000001,1500\n').encode(),
         r"is not a readable CSV table"),
    # ---- ONS lookups
    Case("lookup_header.csv", Kind.LOOKUP, text(LOOKUP), r"has a header but no rows"),
    Case("lookup_codes.csv", Kind.LOOKUP,
         lambda: (LOOKUP + "<script>,A,WARD,B,E08000015,Wirral\n").encode(), r"LSOA21CD '<script>' is not a GSS code"),
    Case("lookup_quote.csv", Kind.LOOKUP,
         lambda: (LOOKUP + 'E01000001,"A,E05000001,B,E08000015,Wirral\n').encode(), r"is not a readable CSV table"),
    # ---- boundaries
    Case("features.geojson", Kind.BOUNDARIES, lambda: bombs.geojson_features(100_001),
         r"100,001 features, more than the 100,000"),
    Case("vertices.zip", Kind.BOUNDARIES, vertex_bomb, r"5,000,100 vertices, more than the 2,000,000 allowed"),
    Case("no_features.geojson", Kind.BOUNDARIES, geojson(), r"has no ward code column"),
    Case("no_codes.geojson", Kind.BOUNDARIES, geojson(feature(props={"name": "x"})),
         r"has no ward code column \(WDyyCD, e\.g\. WD24CD\); found: name"),
    Case("bad_coords.geojson", Kind.BOUNDARIES,
         geojson(feature(ring=[["a", "b"], ["c", "d"], ["e", "f"], ["a", "b"]])),
         r"1 feature\(s\) without a usable polygon \(feature 1\)"),
    Case("nan_coords.geojson", Kind.BOUNDARIES,
         lambda: geojson(feature(ring=[[1e400, 0], [0, 1], [1, 1], [1e400, 0]]))().replace(b"Infinity", b"1e400"),
         r"cannot be read as boundaries .*Unrecognized number"),
    Case("geometry_type.geojson", Kind.BOUNDARIES,
         lambda: json.dumps({"type": "FeatureCollection", "features": [
             {"type": "Feature", "properties": {"WD24CD": "E05000001"},
              "geometry": {"type": "Banana", "coordinates": []}}]}).encode(),
         r"1 feature\(s\) without a usable polygon"),
    Case("ward_codes.geojson", Kind.BOUNDARIES, geojson(feature(code="<script>alert(1)</script>")),
         r"1 ward code\(s\) that are not GSS codes"),
    Case("shp_liar.zip", Kind.BOUNDARIES, lying_shapefile, r"cannot be read as boundaries"),
    Case("shp_many.zip", Kind.BOUNDARIES, lambda: shapefile_of(100_001),
         r"100,001 features, more than the 100,000"),
    # ---- boundaries of counties and unitary authorities, and of districts
    Case("ctyua_codes.geojson", Kind.AREA_BOUNDARIES,
         geojson(feature(props={"CTYUA23CD": "<img src=x onerror=alert(1)>", "CTYUA23NM": "x"})),
         r"1 county or unitary authority code\(s\) that are not GSS codes"),
    Case("lad_twice.geojson", Kind.AREA_BOUNDARIES,
         geojson(*[feature(props={"LAD24CD": "E07000117", "LAD24NM": name}) for name in ("Burnley", "Copy")]),
         r"1 feature\(s\) whose area code is already used by another feature \(E07000117\)"),
    Case("ctyua_line.geojson", Kind.AREA_BOUNDARIES,
         lambda: json.dumps({"type": "FeatureCollection", "features": [
             {"type": "Feature", "properties": {"CTYUA23CD": "E10000017"},
              "geometry": {"type": "LineString", "coordinates": [[-3, 54], [-2, 54]]}}]}).encode(),
         r"1 feature\(s\) without a usable polygon \(feature 1\)"),
    Case("ctyua_nested.geojson", Kind.AREA_BOUNDARIES,
         lambda: b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"CTYUA23CD":'
                 + b"[" * 3000 + b"]" * 3000 + b'},"geometry":null}]}', r"nested 3,004 levels deep"),
]

REFUSED = [c for c in CASES if c.refused]
ACCEPTED = [c for c in CASES if c.accepted]
assert len({c.name for c in CASES}) == len(CASES), "file names in the corpus must be unique"
