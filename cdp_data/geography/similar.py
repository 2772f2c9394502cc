"""The "similar areas" feature table: one row per English upper-tier local authority (pure, no I/O).

Built from LSOA 2011 figures rolled up to upper-tier authorities (counties, unitary authorities,
metropolitan districts and London boroughs: codes E06, E08, E09, E10):

* ``imd_score`` — IMD 2019 average score, the mean of LSOA scores weighted by the IoD population
  denominator (mid-2015), as MHCLG aggregates; ``income_score`` the Income domain score (% of people,
  same weights) and ``employment_score`` the Employment domain score (% of working-age people, weighted
  by the working-age denominator).
* ``population`` — ONS mid-2020 estimate (sum of LSOAs); ``share_0_15``, ``share_16_64``,
  ``share_65_plus`` — % of it in each age band.
* ``area_km2`` (from the outlines) and ``density`` — people per square kilometre.

An LSOA 2011 goes to the upper-tier authority of its LSOA 2021 successor(s) (the one holding most of
them, ties by code), through the district each LSOA 2021 lies in.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

UPPER_TIER_PREFIXES = ("E06", "E08", "E09", "E10")
FEATURE_COLUMNS = ["imd_score", "income_score", "employment_score", "population", "share_0_15", "share_16_64",
                   "share_65_plus", "area_km2", "density"]
# what the distance uses, and how: population and density span orders of magnitude, so their log10 is
# standardised; the 16-64 share is left out because the three shares add up to 100.
DISTANCE_COLUMNS = ["imd_score", "income_score", "employment_score", "log_population", "share_0_15",
                    "share_65_plus", "log_density"]
OPTIONAL_DISTANCE_COLUMNS = ["ocu_prevalence"]


def upper_tier_areas(lad_utla: pd.DataFrame) -> pd.DataFrame:
    """The English upper-tier authorities in a district -> upper-tier lookup: utla_code, utla_name."""
    areas = lad_utla[lad_utla["utla_code"].str[:3].isin(UPPER_TIER_PREFIXES)]
    return areas[["utla_code", "utla_name"]].drop_duplicates("utla_code").sort_values("utla_code")


def lsoa11_to_upper_tier(lsoa11_lsoa21: pd.DataFrame, lsoa21_lad: pd.DataFrame,
                         lad_utla: pd.DataFrame) -> pd.DataFrame:
    """lsoa11_code -> utla_code through LSOA 2021 and its district (one upper tier per LSOA 2011)."""
    chain = (lsoa11_lsoa21.merge(lsoa21_lad.drop_duplicates("lsoa21_code"), on="lsoa21_code")
             .merge(lad_utla[["lad_code", "utla_code"]].drop_duplicates("lad_code"), on="lad_code"))
    counted = chain.groupby(["lsoa11_code", "utla_code"]).size().rename("n").reset_index()
    best = counted.sort_values(["lsoa11_code", "n", "utla_code"], ascending=[True, False, True])
    return best.drop_duplicates("lsoa11_code")[["lsoa11_code", "utla_code"]].reset_index(drop=True)


def _weighted(frame: pd.DataFrame, value: str, weight: str) -> pd.Series:
    ok = frame[value].notna() & frame[weight].notna()
    part = frame[ok]
    return (part[value] * part[weight]).groupby(part["utla_code"]).sum() / part[weight].groupby(part["utla_code"]).sum()


def build_feature_table(imd: pd.DataFrame, population: pd.DataFrame, lsoa_utla: pd.DataFrame,
                        areas: pd.DataFrame, outline_areas: pd.DataFrame) -> pd.DataFrame:
    """One row per upper-tier authority in ``areas``: area_code, area_name and :data:`FEATURE_COLUMNS`."""
    deprivation = imd.merge(lsoa_utla, on="lsoa11_code")
    people = population.merge(lsoa_utla, on="lsoa11_code").groupby("utla_code")[
        ["population", "pop_0_15", "pop_16_64", "pop_65_plus"]].sum()
    out = areas.set_index("utla_code")
    out["imd_score"] = _weighted(deprivation, "imd_score", "iod_population")
    out["income_score"] = 100 * _weighted(deprivation, "income_score_rate", "iod_population")
    out["employment_score"] = 100 * _weighted(deprivation, "employment_score_rate", "iod_working_age")
    out["population"] = people["population"]
    for band, column in (("pop_0_15", "share_0_15"), ("pop_16_64", "share_16_64"), ("pop_65_plus", "share_65_plus")):
        out[column] = 100 * people[band] / people["population"]
    out["area_km2"] = outline_areas.drop_duplicates("utla_code").set_index("utla_code")["area_km2"]
    out["density"] = out["population"] / out["area_km2"]
    out = out.reset_index().rename(columns={"utla_code": "area_code", "utla_name": "area_name"})
    return out[["area_code", "area_name", *FEATURE_COLUMNS]]


def distance_inputs(features: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The table with the columns the distance uses (log10 of population and density added) and their
    names: :data:`DISTANCE_COLUMNS`, plus OCU prevalence when every area has a value."""
    out = features.copy()
    out["log_population"] = np.log10(out["population"].where(out["population"] > 0))
    out["log_density"] = np.log10(out["density"].where(out["density"] > 0))
    columns = list(DISTANCE_COLUMNS)
    columns += [c for c in OPTIONAL_DISTANCE_COLUMNS if c in out.columns and out[c].notna().all()]
    return out, columns
