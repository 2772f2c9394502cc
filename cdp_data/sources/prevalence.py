"""PHE estimates of alcohol-dependent adults by upper-tier local authority.

The layout published by PHE / the University of Sheffield (the denominator
behind Fingertips' "dependent drinkers not in treatment"): one row per area and
year with columns ``PHE_Centre``, ``Local_Authority``, ``Area_Code_GSS``,
``Alcohol_dependent``, ``Alcohol_lower_CI``, ``Alcohol_upper_CI``, ``Year``.
``NA`` marks a missing value (the 2010-2014 rows have no interval).

Each row becomes one stored indicator value with indicator
``alcohol_dependency_prevalence``: ``value`` the estimate, ``lower_ci95`` /
``upper_ci95`` its 95% interval, ``period`` the Year label as published.
Area codes are kept as published: the file uses codes from before the county
reorganisations of 2019-2023 (Dorset, Bournemouth, Poole, Northamptonshire,
Buckinghamshire, Cumbria, North Yorkshire, Somerset), which the report names.
"""

from __future__ import annotations


import pandas as pd

from ..core.errors import LoadError
from ..core.numbers import number_or_none
from ..core.periods import period_dates
from . import checks
from .base import read_csv_frame

INDICATOR_ID = "alcohol_dependency_prevalence"
KIND = "alcohol_dependency_estimates"
LABEL = "Estimates of alcohol-dependent adults (PHE)"
SOURCE = "PHE / University of Sheffield estimates of alcohol-dependent adults"
REQUIRED = ["Area_Code_GSS", "Alcohol_dependent", "Alcohol_lower_CI", "Alcohol_upper_CI", "Year"]

# Upper-tier codes retired since the estimates were published, and what replaced them.
RETIRED_CODES = {
    "E10000009": "Dorset (E06000059) from April 2019",
    "E06000028": "Bournemouth, Christchurch and Poole (E06000058) from April 2019",
    "E06000029": "Bournemouth, Christchurch and Poole (E06000058) from April 2019",
    "E10000002": "Buckinghamshire (E06000060) from April 2020",
    "E10000021": "North Northamptonshire (E06000061) and West Northamptonshire (E06000062) from April 2021",
    "E10000006": "Cumberland (E06000063) and Westmorland and Furness (E06000064) from April 2023",
    "E10000023": "North Yorkshire (E06000065) from April 2023",
    "E10000027": "Somerset (E06000066) from April 2023",
}


def read_estimates(content: bytes, filename: str) -> pd.DataFrame:
    """The file as a tidy frame (area_code, area_name, region, period, value, lower, upper)."""
    raw = read_csv_frame(content, filename, "a readable table of alcohol-dependency estimates", dtype=str,
                         keep_default_na=False)
    raw.columns = [c.strip() for c in raw.columns]
    by_lower = {c.lower(): c for c in raw.columns}
    missing = [c for c in REQUIRED if c.lower() not in by_lower]
    if missing:
        raise LoadError(f"{filename} has no column {', '.join(missing)}; found: {', '.join(raw.columns)}.")
    col = {c: by_lower[c.lower()] for c in REQUIRED + ["Local_Authority", "PHE_Centre"] if c.lower() in by_lower}
    frame = pd.DataFrame({
        "area_code": raw[col["Area_Code_GSS"]].str.strip(),
        "area_name": raw[col["Local_Authority"]].str.strip() if "Local_Authority" in col else None,
        "region": raw[col["PHE_Centre"]].str.strip() if "PHE_Centre" in col else None,
        "period": raw[col["Year"]].str.strip(),
        "value": raw[col["Alcohol_dependent"]].map(number_or_none),
        "lower_ci95": raw[col["Alcohol_lower_CI"]].map(number_or_none),
        "upper_ci95": raw[col["Alcohol_upper_CI"]].map(number_or_none),
    })
    return frame


def usable_estimates(frame: pd.DataFrame, filename: str) -> tuple[pd.DataFrame, list[str]]:
    """The estimates with a GSS code and a number (one per area and period, the last kept), and warnings
    about the rest, about retired area codes and about missing intervals."""
    warnings: list[str] = []
    bad_code = ~frame["area_code"].str.fullmatch(r"E\d{8}")
    if bad_code.any():
        shown = "; ".join(sorted({f"{n}: {c}" for c, n in frame.loc[bad_code, ["area_code", "area_name"]]
                                  .itertuples(index=False)})[:5])
        warnings.append(f"{int(bad_code.sum())} row(s) without a valid GSS area code were skipped ({shown}).")
    no_value = frame["value"].isna() & ~bad_code
    if no_value.any():
        warnings.append(f"{int(no_value.sum())} row(s) with no estimate were skipped.")
    frame = frame[~bad_code & ~no_value]
    if frame.empty:
        raise LoadError(f"{filename} holds no usable estimates (every row lacks an area code or a number).")
    numbers = frame[["value", "lower_ci95", "upper_ci95"]].astype(float)
    keep, invalid = checks.check_rows(checks.combine(
        checks.period_reasons(frame["period"], "year"),
        checks.number_reasons(numbers, nonnegative=("value", "lower_ci95", "upper_ci95"))), filename)
    frame, warnings = frame[keep], warnings + invalid
    frame = frame.drop_duplicates(["area_code", "period"], keep="last")
    retired = sorted(set(frame["area_code"]) & RETIRED_CODES.keys())
    if retired:
        names = dict(zip(frame["area_code"], frame["area_name"]))
        warnings.append(
            "Area codes from before local government reorganisation kept as published: "
            + "; ".join(f"{names.get(c) or c} ({c}), now {RETIRED_CODES[c]}" for c in retired) + "."
        )
    no_ci = frame["lower_ci95"].isna() | frame["upper_ci95"].isna()
    if no_ci.any():
        periods = ", ".join(sorted(frame.loc[no_ci, "period"].unique()))
        warnings.append(f"{int(no_ci.sum())} estimate(s) have no confidence interval (periods {periods}).")
    return frame, warnings


def value_rows(frame: pd.DataFrame, *, name: str, unit: str, polarity: str, filename: str) -> pd.DataFrame:
    """The estimates as tidy indicator values (persons aged 18 and over, compared with England)."""
    rows = []
    for r in frame.itertuples(index=False):
        start, end = period_dates(r.period)
        rows.append(dict(
            indicator_id=INDICATOR_ID, indicator_name=name,
            area_code=r.area_code, area_name=r.area_name, area_type="Upper-tier local authority",
            parent_code="E92000001", sex="Persons", age="18+ yrs", category_type="", category="",
            period=r.period, period_start=start, period_end=end, value=r.value,
            lower_ci95=r.lower_ci95, upper_ci95=r.upper_ci95, unit=unit,
            polarity=polarity, source=SOURCE,
            loaded_from=filename, is_synthetic=False,
        ))
    return pd.DataFrame(rows)
