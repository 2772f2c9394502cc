"""Recognise what a file is from its content (never its name) and load it.

Each kind the app understands has a detector: a test on the file's first bytes
or header row and the loader that stores it in the workspace. The Data page and
``python -m cdp_data workspace load`` both come through :func:`load_file`.

Loaders have the signature ``load(ws, filename, content, **options) -> LoadReport``
and raise :class:`~cdp_data.core.errors.LoadError` with one plain sentence when they
cannot read the file.
"""

from __future__ import annotations

import importlib
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..core import config
from ..core.errors import LoadError, UnrecognisedFile
from ..store import Workspace
from .base import LoadReport, csv_header

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls (and encrypted .xlsx)

TEMPLATE_COLUMNS = [
    "Indicator ID", "Indicator name", "Area code", "Area name", "Period", "Period start", "Period end",
    "Value", "Count", "Denominator", "Lower CI 95", "Upper CI 95", "Unit", "Source", "Note",
]


@dataclass(frozen=True)
class Detector:
    kind: str
    label: str
    matches: Callable[[set[str]], bool]   # called with the lower-cased header names
    loader: str                            # "module:function" inside cdp_data


def _has(*names: str) -> Callable[[set[str]], bool]:
    wanted = {n.lower() for n in names}
    return lambda cols: wanted <= cols


def _any_prefix(prefix: str, suffix: str) -> Callable[[set[str]], bool]:
    return lambda cols: any(c.startswith(prefix) and c.endswith(suffix) for c in cols)


# Order matters: the first match wins, so more specific tests come first.
CSV_DETECTORS: list[Detector] = [
    Detector("ward_aggregate", "Ward-level deprivation summary",
             lambda c: any(x.startswith("wd") and x.endswith("cd") for x in c)
             and any(x.endswith("_popweighted") for x in c),
             "cdp_data.sources.detect:refuse_ward_aggregate"),
    Detector("fingertips_export", "Fingertips data export",
             _has("indicator id", "area code", "time period", "value", "lower ci 95.0 limit"),
             "cdp_data.sources.fingertips:load"),
    Detector("indicator_template", "Local figures (the app's template)",
             _has("indicator id", "area code", "period", "value", "count", "denominator"),
             "cdp_data.sources.template:load"),
    Detector("ndtms_england", "NDTMS numbers in treatment (England ViewIt export)",
             _has("reportingperiod_data", "druggroup_data", "num_intreatment_allintx"),
             "cdp_data.sources.ndtms:load"),
    Detector("ndtms_la", "NDTMS local authority ViewIt export",
             _has("reportingperiod", "area", "drug_group", "intreatment_allintx"),
             "cdp_data.sources.ndtms:load"),
    Detector("alcohol_dependency_estimates", "Estimates of alcohol-dependent adults (PHE)",
             _has("area_code_gss", "alcohol_dependent", "alcohol_lower_ci", "alcohol_upper_ci"),
             "cdp_data.sources.prevalence:load"),
    Detector("police_street", "data.police.uk street-level crime",
             _has("crime id", "month", "reported by", "lsoa code", "crime type"),
             "cdp_data.sources.police:load"),
    Detector("imd2025_lsoa21", "English Indices of Deprivation 2025 (LSOA 2021)",
             lambda c: "lsoa21cd" in c and any(x.startswith("imd_") for x in c)
             or ("lsoa code (2021)" in c and any("deprivation" in x for x in c)),
             "cdp_data.sources.imd:load"),
    Detector("imd2019_lsoa11", "English Indices of Deprivation 2019 (LSOA 2011)",
             lambda c: ("lsoa11cd" in c and any(x.endswith(("_rank", "_decile", "_score")) for x in c))
             or ("lsoa code (2011)" in c and any("deprivation" in x or "population" in x for x in c)),
             "cdp_data.sources.imd:load"),
    Detector("harm_template", "Ward or LSOA harm counts (the app's template)",
             _has("geography code", "measure", "period", "count"),
             "cdp_data.sources.harm:load"),
    Detector("population", "Population table",
             lambda c: any(x in c for x in ("pop_all_ages", "usual_residents_census2021",
                                            "pop_mid2020_from_lsoa11_bestfit", "population")) and
             any(x.endswith("cd") for x in c),
             "cdp_data.sources.population:load"),
    Detector("lookup", "ONS area lookup",
             lambda c: sum(1 for x in c if x[:-2].rstrip("0123456789").upper() in
                           {"LSOA", "WD", "LAD", "CTYUA", "UTLA", "RGN", "MSOA", "CTRY"} and x.endswith("cd")) >= 2,
             "cdp_data.sources.lookups:load"),
]


def refuse_ward_aggregate(ws: Workspace, filename: str, content: bytes, **options) -> LoadReport:
    raise LoadError(
        f"{filename} is a ward-level summary of deprivation: the app builds ward figures itself, so load the "
        "LSOA-level Indices of Deprivation table and an LSOA-to-ward lookup instead."
    )


def _loader(path: str) -> Callable[..., LoadReport]:
    module, _, func = path.partition(":")
    try:
        return getattr(importlib.import_module(module), func)
    except (ImportError, AttributeError) as exc:  # a kind whose loader is not built yet
        raise UnrecognisedFile(f"The app recognises this file but cannot load it yet ({module}).") from exc


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
        return Detector("boundaries", "Boundaries (zipped shapefile)", lambda c: True,
                        "cdp_data.sources.boundaries:load")
    if "xl/workbook.xml" in names:
        from ..plan import check_workbook_bytes

        check_workbook_bytes(filename, content)  # refuse a zip bomb before openpyxl unpacks anything
        if _is_template_workbook(content):
            return next(d for d in CSV_DETECTORS if d.kind == "indicator_template")
        return Detector("plan_workbook", "Delivery plan workbook", lambda c: True, "cdp_data.plan:load")
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


def _detect_json(filename: str, content: bytes) -> Detector:
    try:
        data = json.loads(content)
    except ValueError as exc:
        raise LoadError(f"{filename} looks like JSON but cannot be read: {exc.msg} at line {exc.lineno}.") from exc
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        return Detector("boundaries", "Boundaries (GeoJSON)", lambda c: True, "cdp_data.sources.boundaries:load")
    raise UnrecognisedFile(f"{filename} is JSON but not a GeoJSON FeatureCollection of boundaries.")


def load_file(ws: Workspace, filename: str, content: bytes, **options) -> LoadReport:
    """Detect the file's kind and load it into the workspace."""
    if len(content) > config.max_upload_bytes():
        raise LoadError(
            f"{filename} is {len(content) / 1_048_576:.0f} MB, over the {config.max_upload_bytes() // 1_048_576} MB "
            "limit: split it or raise CDP_MAX_UPLOAD_MB."
        )
    detector = detect(filename, content)
    if detector.kind == "plan_workbook":
        return _load_workbook(ws, filename, content, **options)
    loader = _loader(detector.loader)
    report = loader(ws, filename, content, **options)
    report.kind = report.kind or detector.kind
    report.label = report.label or detector.label
    return report


def _load_workbook(ws: Workspace, filename: str, content: bytes, **options) -> LoadReport:
    """A workbook holds a delivery plan, an indicators sheet (baselines and
    targets), or both, as trackers often do: load whatever it holds."""
    from .. import plan, targets

    partnership = options.get("partnership_code") or ws.get_setting("default_partnership")
    if not partnership:
        parts = ws.partnerships()
        partnership = parts["code"].iloc[0] if not parts.empty else None
    options = {**options, "partnership_code": partnership}
    plan_report: LoadReport | None = None
    plan_error: LoadError | None = None
    try:
        plan_report = plan.load(ws, filename, content, **options)
    except LoadError as exc:
        plan_error = exc
    targets_report: LoadReport | None = None
    if partnership and (plan_report is not None or "header" in str(plan_error).lower()):
        try:
            extra = {k: v for k, v in options.items() if k != "partnership_code"}
            targets_report = targets.import_targets_workbook(ws, partnership, filename, content, **extra)
        except LoadError:
            targets_report = None  # no indicators sheet: nothing more to say
    if plan_report is None and targets_report is None:
        raise plan_error  # type: ignore[misc]
    if plan_report is None:
        return targets_report  # type: ignore[return-value]
    if targets_report is not None:
        plan_report.summary += f" Indicators sheet: {targets_report.summary}"
        plan_report.warnings += targets_report.warnings
        plan_report.details["targets"] = targets_report.as_dict()
    return plan_report


def iter_files(paths: list[Path]) -> list[Path]:
    """Files named directly, and the files inside named folders (recursively, sorted)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")))
        else:
            found.append(path)
    return found


def load_paths(ws: Workspace, paths: list[Path], **options) -> list[LoadReport | LoadError]:
    """Load every file (folders walked); one result per file, errors kept, never raised."""
    results: list[LoadReport | LoadError] = []
    for path in iter_files(paths):
        try:
            if not path.exists():
                raise LoadError(f"{path} does not exist.")
            results.append(load_file(ws, path.name, path.read_bytes(), **options))
        except LoadError as exc:
            exc.filename = path.name  # type: ignore[attr-defined]
            results.append(exc)
    return results
