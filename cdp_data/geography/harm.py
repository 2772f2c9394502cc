"""Harm counts and populations by ward, from the harm template's rows and the populations held."""

from __future__ import annotations

import pandas as pd


def harm_ward_counts(harm: pd.DataFrame, measure: str, lookups: dict[str, pd.DataFrame],
                     area_wards: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """Un-suppressed ward counts of one harm-template measure in its latest period, and that period.

    LSOA rows are summed to wards through the best-fit lookups; a published-suppressed
    cell makes its ward's total unknown (NaN), never zero.
    """
    rows = harm[harm["measure"] == measure].copy()
    periods = sorted(rows["period"].unique())
    period = periods[-1] if periods else ""
    rows = rows[rows["period"] == period]
    lsoa = rows["geography_level"] == "lsoa"
    if lsoa.any():
        mapping = pd.concat([lk.set_index("lsoa_code")["ward_code"] for lk in lookups.values()])
        mapping = mapping[~mapping.index.duplicated()]
        rows.loc[lsoa, "geography_code"] = rows.loc[lsoa, "geography_code"].map(mapping)
    unknown = set(rows.loc[rows["published_suppressed"].astype(bool), "geography_code"])
    sums = rows.groupby("geography_code")["count"].sum()
    out = area_wards[["ward_code", "ward_name"]].copy()
    out["count"] = out["ward_code"].map(sums).astype(float)
    out.loc[out["ward_code"].isin(unknown), "count"] = float("nan")
    return out, period


# Where ward populations come from (:func:`ward_populations`); the words are in :mod:`cdp_data.present.geography`.
FROM_WARD_TABLE = "ward_table"              # a ward population table
FROM_LSOA = {"2021": "lsoa_2021", "2011": "lsoa_2011"}   # LSOA populations summed to wards
FROM_IOD = "iod_denominators"               # the IoD's population denominators


def ward_populations(codes: pd.Series, ward_population: pd.DataFrame | None,
                     lsoa_population: dict[str, pd.DataFrame], lookups: dict[str, pd.DataFrame],
                     deprivation: pd.DataFrame | None) -> tuple[pd.Series, str]:
    """Ward populations and a code for where they come from (``FROM_*``, "" when none): a ward
    population table, else LSOA populations summed through the lookups (2021 first), else the IoD
    denominators."""
    if ward_population is not None:
        s = ward_population.set_index("ward_code")["population"]
        if s.reindex(codes).notna().any():
            return s, FROM_WARD_TABLE
    for key in ("2021", "2011"):
        if key in lsoa_population and key in lookups:
            pop = lookups[key].merge(lsoa_population[key], on="lsoa_code")
            s = pop.groupby("ward_code")["population"].sum()
            if s.reindex(codes).notna().any():
                return s, FROM_LSOA[key]
    if deprivation is not None and "population" in deprivation:
        return deprivation.set_index("ward_code")["population"], FROM_IOD
    return pd.Series(dtype=float), ""
