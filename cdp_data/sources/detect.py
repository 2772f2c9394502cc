"""Recognise what a file is from its content (never its name).

Each kind the app understands has a detector: a test on the file's first bytes or
header row, giving a :class:`~cdp_data.core.kinds.Kind`. Loading is the services'
job (:func:`cdp_data.services.loading.load_file`), which maps each kind to its reader
and writer with real imports.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass
from typing import Callable

from ..core.errors import LoadError, UnrecognisedFile
from ..core.kinds import Kind
from .area_boundaries import is_area_layer
from .base import OLE_MAGIC, XLSX_MAGIC, csv_header


@dataclass(frozen=True)
class Detector:
    kind: Kind
    label: str
    matches: Callable[[set[str]], bool] = lambda _columns: True   # called with the lower-cased header names


def _has(*names: str) -> Callable[[set[str]], bool]:
    wanted = {n.lower() for n in names}
    return lambda cols: wanted <= cols


def _any_prefix(prefix: str, suffix: str) -> Callable[[set[str]], bool]:
    return lambda cols: any(c.startswith(prefix) and c.endswith(suffix) for c in cols)


# Order matters: the first match wins, so more specific tests come first.
CSV_DETECTORS: list[Detector] = [
    Detector(Kind.WARD_AGGREGATE, "Ward-level deprivation summary",
             lambda c: any(x.startswith("wd") and x.endswith("cd") for x in c)
             and any(x.endswith("_popweighted") for x in c)),
    Detector(Kind.FINGERTIPS_EXPORT, "Fingertips data export",
             _has("indicator id", "area code", "time period", "value", "lower ci 95.0 limit")),
    Detector(Kind.INDICATOR_TEMPLATE, "Local figures (the app's template)",
             _has("indicator id", "area code", "period", "value", "count", "denominator")),
    Detector(Kind.NDTMS_ENGLAND, "NDTMS numbers in treatment (England ViewIt export)",
             _has("reportingperiod_data", "druggroup_data", "num_intreatment_allintx")),
    Detector(Kind.NDTMS_LA, "NDTMS local authority ViewIt export",
             _has("reportingperiod", "area", "drug_group", "intreatment_allintx")),
    Detector(Kind.ALCOHOL_DEPENDENCY_ESTIMATES, "Estimates of alcohol-dependent adults (PHE)",
             _has("area_code_gss", "alcohol_dependent", "alcohol_lower_ci", "alcohol_upper_ci")),
    Detector(Kind.POLICE_STREET, "data.police.uk street-level crime",
             _has("crime id", "month", "reported by", "lsoa code", "crime type")),
    Detector(Kind.IMD2025_LSOA21, "English Indices of Deprivation 2025 (LSOA 2021)",
             lambda c: "lsoa21cd" in c and any(x.startswith("imd_") for x in c)
             or ("lsoa code (2021)" in c and any("deprivation" in x for x in c))),
    Detector(Kind.IMD2019_LSOA11, "English Indices of Deprivation 2019 (LSOA 2011)",
             lambda c: ("lsoa11cd" in c and any(x.endswith(("_rank", "_decile", "_score")) for x in c))
             or ("lsoa code (2011)" in c and any("deprivation" in x or "population" in x for x in c))),
    Detector(Kind.HARM_TEMPLATE, "Ward or LSOA harm counts (the app's template)",
             _has("geography code", "measure", "period", "count")),
    Detector(Kind.POPULATION, "Population table",
             lambda c: any(x in c for x in ("pop_all_ages", "usual_residents_census2021",
                                            "pop_mid2020_from_lsoa11_bestfit", "population")) and
             any(x.endswith("cd") for x in c)),
    Detector(Kind.LOOKUP, "ONS area lookup",
             lambda c: sum(1 for x in c if x[:-2].rstrip("0123456789").upper() in
                           {"LSOA", "WD", "LAD", "CTYUA", "UTLA", "RGN", "MSOA", "CTRY"} and x.endswith("cd")) >= 2),
]


def detect(filename: str, content: bytes) -> Detector:
    """The detector for this file's content; :class:`UnrecognisedFile` if none."""
    if not content:
        raise LoadError(f"{filename} is empty.")
    if content[:8] == OLE_MAGIC:
        raise LoadError(
            f"{filename} is an old-style Excel (.xls) file or a password-protected workbook: "
            "open it in Excel and save it as .xlsx (without a password), then upload it again."
        )
    if content[:4] == XLSX_MAGIC:
        return _detect_zip(filename, content)
    stripped = content[:4096].lstrip()
    if stripped[:1] in (b"{", b"["):
        return _detect_json(filename, content)
    header = {h.lower() for h in csv_header(content, filename)}
    for detector in CSV_DETECTORS:
        if detector.matches(header):
            return detector
    shown = ", ".join(sorted(header)[:8])
    raise UnrecognisedFile(
        f"{filename}: not a kind of file the app knows (columns found: {shown}"
        f"{', ...' if len(header) > 8 else ''})."
    )


def _detect_zip(filename: str, content: bytes) -> Detector:
    try:
        names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    except zipfile.BadZipFile as exc:
        raise LoadError(f"{filename} is damaged or incomplete (it is not a readable workbook or zip file).") from exc
    if any(n.lower().endswith(".shp") for n in names):
        return _boundaries(content, "zipped shapefile")
    if "xl/workbook.xml" in names:
        from .plan_workbook import check_workbook_bytes

        check_workbook_bytes(filename, content)  # refuse a zip bomb before openpyxl unpacks anything
        if _is_template_workbook(content):
            return next(d for d in CSV_DETECTORS if d.kind == Kind.INDICATOR_TEMPLATE)
        return Detector(Kind.PLAN_WORKBOOK, "Delivery plan workbook")
    raise UnrecognisedFile(f"{filename} is a zip file holding neither a workbook nor a shapefile.")


def _is_template_workbook(content: bytes) -> bool:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - the plan reader reports damaged workbooks properly
        return False
    try:
        for sheet in wb.worksheets[:3]:
            for row in sheet.iter_rows(min_row=1, max_row=1, values_only=True):
                cells = {str(v).strip().lower() for v in row if v is not None}
                if {"indicator id", "area code", "period", "value"} <= cells:
                    return True
        return False
    finally:
        wb.close()


_FEATURE_COLLECTION = re.compile(rb'"type"\s*:\s*"FeatureCollection"')
PARSE_JSON_UP_TO = 1024 * 1024   # bytes: a larger JSON file is recognised without parsing it (memory)


def _detect_json(filename: str, content: bytes) -> Detector:
    """GeoJSON boundaries: recognised from the FeatureCollection type at the start or end of the file (a large
    file is never parsed here: the boundary reader parses it once); a small file is parsed to say what is wrong."""
    if _FEATURE_COLLECTION.search(content[:4096]) or _FEATURE_COLLECTION.search(content[-4096:]):
        return _boundaries(content, "GeoJSON")
    if len(content) > PARSE_JSON_UP_TO:
        raise UnrecognisedFile(f"{filename} is JSON but not a GeoJSON FeatureCollection of boundaries.")
    try:
        data = json.loads(content)
    except ValueError as exc:
        raise LoadError(f"{filename} looks like JSON but cannot be read: {exc.msg} at line {exc.lineno}.") from exc
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        return _boundaries(content, "GeoJSON")
    raise UnrecognisedFile(f"{filename} is JSON but not a GeoJSON FeatureCollection of boundaries.")


def _boundaries(content: bytes, form: str) -> Detector:
    """Ward (or LSOA) boundaries, or those of counties and unitary authorities or districts (an area code
    property and no ward code, see :func:`cdp_data.sources.area_boundaries.is_area_layer`)."""
    if is_area_layer(content):
        return Detector(Kind.AREA_BOUNDARIES, f"Area boundaries ({form})")
    return Detector(Kind.BOUNDARIES, f"Boundaries ({form})")
