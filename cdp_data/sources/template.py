"""The app's own template for local figures (CSV or Excel, from the Data page).

Columns :data:`TEMPLATE_COLUMNS`: one row per area,
indicator and period. A value may be given directly, or as a count (with a
denominator for a proportion); published CIs are kept, otherwise the
catalogue's value type decides whether a Wilson or Byar's interval is added
(:func:`cdp_data.indicators.values.complete_values`, called by the loading service).
"""

from __future__ import annotations

import io

import pandas as pd

from ..core.errors import LoadError
from ..core.periods import period_columns
from ..core.suppression import SUPPRESSION_MARKERS, is_suppressed_marker
from . import checks
from .base import XLSX_MAGIC, read_csv_frame

TEMPLATE_COLUMNS = [
    "Indicator ID", "Indicator name", "Area code", "Area name", "Period", "Period start", "Period end",
    "Value", "Count", "Denominator", "Lower CI 95", "Upper CI 95", "Unit", "Source", "Note",
]


SOURCE_DEFAULT = "Local figures (template)"
GSS = checks.GSS
NUMBERS = ["value", "count", "denominator", "lower_ci95", "upper_ci95"]
BLANKS = {"NA", "N/A", "n/a", "na", "-", "NULL", "null"}    # typed for "no figure": missing, not invalid
RENAME = {
    "indicator id": "indicator_id", "indicator name": "indicator_name", "area code": "area_code",
    "area name": "area_name", "period": "period", "period start": "period_start", "period end": "period_end",
    "value": "value", "count": "count", "denominator": "denominator", "lower ci 95": "lower_ci95",
    "upper ci 95": "upper_ci95", "unit": "unit", "source": "source_given", "note": "note",
}


def _read(filename: str, content: bytes) -> pd.DataFrame:
    if content[:4] == XLSX_MAGIC:
        try:
            sheets = pd.read_excel(io.BytesIO(content), sheet_name=None, dtype=object)
        except Exception as exc:  # noqa: BLE001 - any reader failure is one sentence for the user
            raise LoadError(f"{filename} is not a readable Excel workbook.") from exc
        for sheet in sheets.values():
            if {"indicator id", "area code", "period"} <= {str(c).strip().lower() for c in sheet.columns}:
                return sheet
        raise LoadError(f"{filename} has no sheet with the template's columns (Indicator ID, Area code, Period).")
    return read_csv_frame(content, filename, "a readable local figures template", dtype=object,
                          keep_default_na=False)


def _dates(given: pd.Series, parsed: pd.Series) -> pd.Series:
    text = given.astype(str).str.strip().str[:10]
    dates = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    dates = dates.fillna(pd.to_datetime(text, format="%d/%m/%Y", errors="coerce"))
    return dates.dt.strftime("%Y-%m-%d").where(dates.notna(), parsed)


def _checked(frame: pd.DataFrame, filename: str) -> tuple[pd.DataFrame, list[str]]:
    """The valid rows (GSS codes, usable numbers, whole counts, a percentage within 0 to 100, intervals holding
    their value) with numbers as floats, and a warning naming the lines skipped (line 1 is the header)."""
    frame = frame.copy()
    frame["area_code"] = frame["area_code"].astype(str).str.upper()
    reasons = [checks.code_reasons(frame["area_code"])]
    reasons += [checks.text_reasons(frame[c], c, BLANKS, SUPPRESSION_MARKERS) for c in NUMBERS]
    markers = frame["value"].map(is_suppressed_marker).astype(bool)
    numbers = pd.DataFrame({c: pd.to_numeric(frame[c], errors="coerce").astype(float) for c in NUMBERS},
                           index=frame.index)
    percent = frame["unit"].astype(str).str.contains("%", regex=False).to_numpy()
    reasons.append(checks.number_reasons(numbers, percent=percent, whole_counts=True))
    keep, warnings = checks.keep_valid(checks.combine(*reasons), frame.index.to_numpy() + 2, filename)
    no_note = markers & frame["note"].isna()
    frame.loc[no_note, "note"] = [f"Suppressed in the source (published as '{v}')"
                                  for v in frame.loc[no_note, "value"]]
    for column in NUMBERS:
        frame[column] = numbers[column]
    return frame[keep], warnings


def read_figures(filename: str, content: bytes) -> tuple[pd.DataFrame, list[str]]:
    """Local figures entered in the app's template: usable rows (GSS code, indicator, period; dated where
    the period can be dated) with numbers as floats, and warnings about the rows skipped."""
    raw = _read(filename, content)
    raw.columns = [str(c).strip().lower() for c in raw.columns]
    missing = [c for c in ("indicator id", "area code", "period") if c not in raw.columns]
    if missing:
        raise LoadError(f"{filename} is missing the template column(s) {', '.join(missing)}; "
                        f"download the template from the Data page (columns: {', '.join(TEMPLATE_COLUMNS)}).")
    frame = raw[[c for c in RENAME if c in raw.columns]].rename(columns=RENAME)
    for column in RENAME.values():
        if column not in frame:
            frame[column] = None
    frame = frame.map(lambda v: v.strip() if isinstance(v, str) else v).replace({"": None})
    warnings = []
    example = frame["note"].astype(str).str.startswith("Example row")
    if example.any():
        warnings.append(f"{int(example.sum())} example row(s) from the template were skipped.")
        frame = frame[~example]
    blank = frame["indicator_id"].isna() | frame["area_code"].isna() | frame["period"].isna()
    if blank.any():
        warnings.append(f"{int(blank.sum())} row(s) without an indicator, area code or period were skipped.")
        frame = frame[~blank]
    if frame.empty:
        raise LoadError(f"{filename} has no rows of figures to load (only examples or blank rows).")
    frame, more = _checked(frame, filename)
    warnings += more
    starts, ends = period_columns(frame["period"].astype(str))
    frame["period_start"] = _dates(frame["period_start"].astype(object).fillna(""), starts)
    frame["period_end"] = _dates(frame["period_end"].astype(object).fillna(""), ends)
    undated = frame["period_end"].isna()
    if undated.any():
        warnings.append(f"{int(undated.sum())} row(s) have a period the app cannot date "
                        f"({', '.join(sorted(set(frame.loc[undated, 'period']))[:3])}): give Period start and end.")
    return frame, warnings
