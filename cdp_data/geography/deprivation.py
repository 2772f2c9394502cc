"""Ward deprivation: the English Indices of Deprivation aggregated from LSOAs to wards."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


#: How the LSOAs were weighted when summed to wards (codes; the words are in :mod:`cdp_data.present.geography`).
IOD_DENOMINATORS, EQUAL_WEIGHTS, POPULATION_FILE = "iod_denominators", "equal", "population_file"


@dataclass(frozen=True)
class WardDeprivation:
    table: pd.DataFrame          # one row per ward of the area
    vintage: str                 # "IoD2019" or "IoD2025"
    weights: str                 # what the population weights were: a code of WEIGHTS (words in present.geography)


def ward_deprivation(imd: pd.DataFrame, lookup: pd.DataFrame, wards: pd.DataFrame | None = None,
                     population: pd.DataFrame | None = None, *, vintage: str = "IoD2019") -> WardDeprivation:
    """Aggregate LSOA deprivation to wards through a best-fit lookup.

    ``imd``: ``lsoa_code``, ``imd_score`` (may be missing for File 1 only),
    ``imd_decile`` (1 = most deprived 10% nationally) and optionally
    ``population`` (the IoD's own denominators). ``lookup``: as returned by
    :func:`lsoa_ward_lookup`. ``population`` (optional): ``lsoa_code``,
    ``population``, used only when ``imd`` has no denominators.

    Ward IMD score = sum(p_i * s_i) / sum(p_i) over the ward's LSOAs (the
    population-weighted mean MHCLG uses to summarise the IoD for larger areas,
    IoD2019 Research Report section 3.6); share in decile 1 = population of the
    ward's LSOAs in national decile 1 / ward population; ``rank_in_area`` ranks
    the wards given in ``wards`` by score, 1 = most deprived.
    """
    weights = IOD_DENOMINATORS
    lookup = lookup[["lsoa_code", "ward_code"]]
    if wards is not None:
        lookup = lookup[lookup["ward_code"].isin(set(wards["ward_code"]))]
    # The area's LSOAs first, then their populations: the same rows in the same order as the other way round.
    merged = lookup.merge(imd, on="lsoa_code", how="inner")
    if "population" not in imd or imd["population"].isna().all():
        if population is None:
            merged["population"] = 1.0
            weights = EQUAL_WEIGHTS
        else:
            merged = merged.drop(columns="population", errors="ignore").merge(
                population[["lsoa_code", "population"]], on="lsoa_code", how="left")
            weights = POPULATION_FILE
    merged["population"] = pd.to_numeric(merged["population"], errors="coerce").astype(float)
    score = merged["imd_score"].astype(float) if "imd_score" in merged else pd.Series(np.nan, index=merged.index)
    decile1 = (merged["imd_decile"] == 1).fillna(False).astype(bool)
    merged["weighted_score"] = score * merged["population"]
    merged["pop_decile1"] = merged["population"].where(decile1, 0.0)
    merged["is_decile1"] = decile1.astype(int)
    merged["has_score"] = score.notna().astype(int)
    merged["n_lsoa"] = 1
    # One grouped sum of all the columns (the sums one aggregation each gave); a ward has a score when any of
    # its LSOAs has one.
    grouped = merged.groupby("ward_code")[["n_lsoa", "population", "weighted_score", "pop_decile1",
                                           "is_decile1", "has_score"]].sum()
    grouped = grouped.rename(columns={"is_decile1": "n_lsoa_decile1"})
    grouped["has_score"] = grouped["has_score"] > 0
    grouped["imd_score"] = (grouped["weighted_score"] / grouped["population"]).where(grouped["has_score"])
    grouped["share_pop_most_deprived_decile"] = grouped["pop_decile1"] / grouped["population"]
    grouped = grouped.reset_index()[["ward_code", "imd_score", "share_pop_most_deprived_decile", "n_lsoa",
                                     "n_lsoa_decile1", "population"]]
    if wards is not None:
        out = wards[["ward_code", "ward_name"]].merge(grouped, on="ward_code", how="left")
    else:
        out = grouped
    out["n_lsoa"] = out["n_lsoa"].fillna(0).astype(int)
    out["rank_in_area"] = out["imd_score"].rank(ascending=False, method="min").astype("Int64")
    out["vintage"] = vintage
    return WardDeprivation(out, vintage, weights)
