"""NDTMS ViewIt exports: numbers in treatment by substance group.

Two layouts are understood (see ``../shared/data/public/ndtms``):

- the England export (``ReportingPeriod_Data, Area_Data, DrugGroup_Data,
  Gender_Data, AgeGroup_Data, Num_InTreatment_AllInTx, ...``);
- the "all indicators for all local authorities" export (``ReportingPeriod,
  Area, sex, age_group, drug_group, intreatment_allintx, ...``).

Values are stored as indicator ``ndtms_in_treatment`` with category type
"Substance group" and the category normalised to one of
:data:`SUBSTANCE_GROUPS` (labels change case between years). Totals keep sex
"Persons" and age "All ages"; breakdowns keep their sex and age. The unmet-need
calculation relies on exactly this convention.
"""

from __future__ import annotations

import re

import pandas as pd

from ..core.errors import LoadError
from ..core.periods import period_columns
from . import checks
from .base import csv_header, read_csv_frame

INDICATOR_ID = "ndtms_in_treatment"
INDICATOR_NAME = "Adults in treatment by substance group (NDTMS)"
SOURCE = "NDTMS (OHID)"
CATEGORY_TYPE = "Substance group"
SUBSTANCE_GROUPS = ("Opiate", "Non-opiate only", "Non-opiate and alcohol", "Alcohol only", "Total")
ENGLAND_CODE = "E92000001"
LAYOUTS = {
    "england": {"period": "reportingperiod_data", "area": "area_data", "group": "druggroup_data",
                "sex": "gender_data", "age": "agegroup_data", "count": "num_intreatment_allintx"},
    "la": {"period": "reportingperiod", "area": "area", "group": "drug_group", "sex": "sex", "age": "age_group",
           "count": "intreatment_allintx"},
}
SEXES = {"total": "Persons", "persons": "Persons", "m": "Male", "male": "Male", "f": "Female", "female": "Female"}


def substance_group(label: str) -> str | None:
    """The normalised substance group for an NDTMS label, or None if not recognised.

    >>> substance_group("ALCOHOL & NON-OPIATES"), substance_group("opiates"), substance_group("Non-opiate & alcohol")
    ('Non-opiate and alcohol', 'Opiate', 'Non-opiate and alcohol')
    """
    text = re.sub(r"[^a-z&]+", " ", str(label).lower()).replace("&", " and ")
    text = re.sub(r"\s+", " ", text).strip()
    if text in ("total", "all", "all substances"):
        return "Total"
    has_alcohol = "alcohol" in text
    non_opiate = "non opiate" in text
    if non_opiate and has_alcohol:
        return "Non-opiate and alcohol"
    if non_opiate:
        return "Non-opiate only"
    if has_alcohol:
        return "Alcohol only"
    if "opiate" in text:
        return "Opiate"
    return None


def _sex(label: str) -> str:
    return SEXES.get(str(label).strip().lower(), str(label).strip())


def _age(label: str) -> str:
    text = str(label).strip()
    return "All ages" if text.lower() in ("total", "all", "all ages") else text


def _layout(header: set[str]) -> dict[str, str]:
    for layout in LAYOUTS.values():
        if set(layout.values()) <= header:
            return layout
    raise LoadError("This file is not an NDTMS ViewIt export of numbers in treatment "
                    "(no period, area, drug group and in-treatment columns).")


def read_counts(content: bytes, filename: str) -> tuple[pd.DataFrame, list[str]]:
    """An NDTMS ViewIt export (England or local authority layout) as rows of period, area (a name), group,
    sex, age, category (the normalised substance group), count and note; with warnings."""
    header = {h.lower() for h in csv_header(content, filename)}
    try:
        layout = _layout(header)
    except LoadError as exc:
        raise LoadError(f"{filename}: {exc}") from exc
    raw = read_csv_frame(content, filename, "a readable NDTMS export", dtype=str, keep_default_na=False)
    raw.columns = [c.strip().lower() for c in raw.columns]
    frame = raw[list(layout.values())].rename(columns={v: k for k, v in layout.items()})
    warnings: list[str] = []
    frame["category"] = frame["group"].map(substance_group)
    unknown = sorted(set(frame.loc[frame["category"].isna(), "group"]))
    if unknown:
        warnings.append(f"Drug group labels not understood and skipped: {', '.join(unknown)}.")
        frame = frame[frame["category"].notna()]
    frame["count"] = pd.to_numeric(frame["count"].str.replace(",", "").str.strip(), errors="coerce")
    keep, invalid = checks.check_rows(checks.combine(checks.period_reasons(frame["period"], "reporting period"),
                                                     checks.number_reasons(frame[["count"]])), filename)
    frame, warnings = frame[keep], warnings + invalid
    frame["note"] = None
    frame.loc[frame["count"].isna(), "note"] = "Not available in the NDTMS export (NULL or suppressed)"
    return frame, warnings


def area_names(frame: pd.DataFrame) -> list[str]:
    """The area names a frame from :func:`read_counts` needs codes for."""
    return sorted(frame["area"].str.strip().unique())


def tidy_values(frame: pd.DataFrame, codes: dict[str, str], filename: str, unresolved: list[str]
                ) -> tuple[pd.DataFrame, list[str]]:
    """Rows with an area code (``codes`` maps names to GSS codes) as tidy indicator values; warnings."""
    warnings: list[str] = []
    frame = frame.copy()
    frame["area_name"] = frame["area"].str.strip()
    frame["area_code"] = frame["area_name"].map(codes)
    frame = frame[frame["area_code"].notna()]
    if frame.empty:
        raise LoadError(f"{filename}: no rows could be matched to an area code ({', '.join(unresolved)}).")
    frame["sex"] = frame["sex"].map(_sex)
    frame["age"] = frame["age"].map(_age)
    frame["period"] = frame["period"].str.strip()
    tidy = pd.DataFrame({
        "indicator_id": INDICATOR_ID, "indicator_name": INDICATOR_NAME, "area_code": frame["area_code"],
        "area_name": frame["area_name"], "area_type": None,
        "parent_code": frame["area_code"].map(lambda c: None if c == ENGLAND_CODE else ENGLAND_CODE),
        "sex": frame["sex"], "age": frame["age"], "category_type": CATEGORY_TYPE, "category": frame["category"],
        "period": frame["period"], "value": frame["count"], "count": frame["count"], "unit": "count",
        "note": frame["note"],
    })
    tidy["area_type"] = tidy["area_code"].map(lambda c: "England" if c == ENGLAND_CODE else None)
    tidy["period_start"], tidy["period_end"] = period_columns(tidy["period"])
    duplicates = int(tidy.duplicated(["area_code", "sex", "age", "category", "period"]).sum())
    if duplicates:
        warnings.append(f"{duplicates} repeated rows (same area, sex, age, group and period): the last was kept.")
    return tidy, warnings
