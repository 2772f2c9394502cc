"""Ward- or LSOA-level harm counts from local sources (the app's harm template).

One row per area (ward ``E05`` or LSOA ``E01`` code), measure and period. The
template is offered for download on the Data page
(:func:`cdp_data.services.geography_loading.harm_template_csv`). LSOA rows are summed to wards through
the best-fit lookups when the map is drawn.
"""

from __future__ import annotations


import pandas as pd

from ..core.errors import LoadError
from ..core.suppression import SUPPRESSION_MARKERS, is_suppressed_marker
from . import checks
from .base import read_csv_frame

KIND = "harm_counts"
COLUMNS = ["Geography code", "Geography name", "Measure", "Period", "Period start", "Period end", "Count",
           "Source", "Note"]
MEASURES = {
    "drug_poisoning_admissions": "Hospital admissions for drug poisoning",
    "drug_related_deaths": "Drug-related deaths",
    "naloxone_supplied": "Naloxone kits supplied",
    "people_in_treatment": "People in drug treatment (by home ward)",
    "police_drug_offences": "Police recorded drug offences",
}
EXAMPLE = [
    ["E05000001", "Example ward", "drug_poisoning_admissions", "2022/23 to 2024/25", "2022-04-01", "2025-03-31",
     12, "Hospital episode statistics (local extract)", "Example row: replace"],
    ["E05000001", "Example ward", "naloxone_supplied", "2024/25", "2024-04-01", "2025-03-31", 35,
     "Treatment provider", "Example row: replace"],
    ["E01000001", "Example LSOA 001A", "people_in_treatment", "2024/25", "2024-04-01", "2025-03-31", 8,
     "Treatment provider", "LSOA rows are added up to wards"],
]


def template_frame() -> pd.DataFrame:
    """The blank harm template with example rows (the service writes it out as CSV)."""
    return pd.DataFrame(EXAMPLE, columns=COLUMNS)


def normalise(frame: pd.DataFrame, filename: str = "file") -> pd.DataFrame:
    cols = {c.strip().lower(): c for c in frame.columns}
    missing = [c for c in ("geography code", "measure", "period", "count") if c not in cols]
    if missing:
        raise LoadError(f"{filename} is missing the harm template column(s) {', '.join(missing)}.")
    frame = frame[~frame[cols["geography code"]].astype(str).str.startswith("#")]
    code = frame[cols["geography code"]].astype(str).str.strip().str.upper()
    raw = frame[cols["count"]]
    marked = raw.map(is_suppressed_marker).astype(bool)
    count = pd.to_numeric(raw.where(~marked), errors="coerce")
    keep, warnings = checks.check_rows(checks.combine(
        _code_reasons(code), checks.text_reasons(raw, "count", set(), SUPPRESSION_MARKERS),
        checks.number_reasons(pd.DataFrame({"count": count}))), filename)
    frame, code, count, marked = frame[keep], code[keep], count[keep], marked[keep]
    measure = frame[cols["measure"]].astype(str).str.strip()
    out = pd.DataFrame({
        "geography_code": code,
        "geography_level": code.str[:3].map({"E05": "ward", "E01": "lsoa"}),
        "measure": measure, "measure_name": measure.map(MEASURES).fillna(measure),
        "period": frame[cols["period"]].astype(str).str.strip(),
        "count": count, "published_suppressed": marked,
        "source": frame[cols["source"]] if "source" in cols else "",
    })
    out = out.reset_index(drop=True)
    out.attrs["warnings"] = warnings
    return out


def _code_reasons(code: pd.Series) -> pd.Series:
    bad = ~code.str.fullmatch(r"E0[15]\d{6}")
    reasons = pd.Series(None, index=code.index, dtype=object)
    if bad.any():
        reasons[bad.to_numpy()] = [f"geography code '{checks.short(c)}' is not a ward (E05...) or LSOA (E01...) "
                                   "code" for c in code[bad]]
    return reasons


def read(content: bytes, filename: str) -> pd.DataFrame:
    """A harm template file normalised (see :func:`normalise`)."""
    frame = read_csv_frame(content, filename, dtype=str, comment=None)
    return normalise(frame, filename)
