"""Every kind read from text is read as UTF-8, UTF-8 with a byte-order mark or Windows-1252 (Excel's "CSV" on
a UK PC): a name with "£", "é" and an en dash arrives as written, whichever of the three the file was saved in."""

from __future__ import annotations

import pytest

from cdp_data.services.loading import load_file
from cdp_data.store.indicator_values import read_values
from tests.hostile.corpus import HARM, IMD, LOOKUP, NDTMS, POLICE, POPULATION, PREVALENCE, TEMPLATE, police_row

NAME = "Café £5 – Smith’s"   # "’" and "–" are bytes 0x92 and 0x96 in Windows-1252
ENCODINGS = [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b"")]


def _dataset(ws, kind: str):
    return ws.get_dataset(ws.latest_dataset_id(kind))


def _values(ws, indicator: str):
    values = read_values(ws)
    return values[values["indicator_id"] == indicator]


FILES = {
    "template": (TEMPLATE + f'naloxone_kits,Naloxone kits,E08000015,"{NAME}",2024/25,140,,,count,Provider\n',
                 lambda ws: _values(ws, "naloxone_kits")["area_name"].tolist() == [NAME]),
    "ndtms": (NDTMS + f'2021/22,England,Total,Total,"Alcohol – only",5\n',
              lambda ws: _values(ws, "ndtms_in_treatment")["category"].tolist() == ["Alcohol only"]),
    "prevalence": (PREVALENCE + f'North,"{NAME}",E08000015,5000,4000,6000,2018/19\n',
                   lambda ws: _values(ws, "alcohol_dependency_prevalence")["area_name"].tolist() == [NAME]),
    "police": (POLICE + police_row(crime=f'"{NAME}"'),
               lambda ws: _dataset(ws, "police_counts")["crime_type"].tolist() == [NAME]),
    "imd": (IMD + f'E01000001,"{NAME}",10,5,3\n',
            lambda ws: _dataset(ws, "imd2019_lsoa11")["lsoa_name"].tolist() == [NAME]),
    "harm": ("Geography code,Measure,Period,Count,Source\n" + f'E05000001,naloxone_supplied,2024/25,4,"{NAME}"\n',
             lambda ws: _dataset(ws, "harm_counts")["source"].tolist() == [NAME]),
    "population": ("LSOA21CD,LSOA21NM,usual_residents_census2021\n" + f'E01000001,"{NAME}",1500\n',
                   lambda ws: _dataset(ws, "population")["population"].tolist() == [1500]),
    "lookup": (LOOKUP + f'E01000001,A,E05000001,"{NAME}",E08000015,Wirral\n',
               lambda ws: _dataset(ws, "lookup")["WD24NM"].tolist() == [NAME]),
}
assert HARM and POPULATION   # the corpus headers these files extend


@pytest.mark.parametrize("encoding, bom", ENCODINGS, ids=["utf-8", "utf-8-bom", "cp1252"])
@pytest.mark.parametrize("kind", sorted(FILES))
def test_each_kind_reads_each_encoding(request, kind, encoding, bom):
    # the demo holds real police counts, IoD and alcohol estimates: those kinds are checked on an empty workspace
    workspace = request.getfixturevalue("empty_workspace" if kind in ("police", "imd", "prevalence") else "workspace")
    body, stored = FILES[kind]
    report = load_file(workspace, f"{kind}.csv", bom + body.encode(encoding))
    assert report.rows >= 1 and not [w for w in report.warnings if "skipped" in w], report.warnings
    assert stored(workspace)
