"""Completing local figures: a value from a count (and denominator), and a 95% interval where none is given."""

from __future__ import annotations

import pandas as pd

from .. import statistics as stats


def complete_values(group: pd.DataFrame, value_type: str | None) -> pd.DataFrame:
    """One indicator's rows with the value filled from the count where missing (a share of the denominator
    for a proportion, the count itself unless a rate) and missing 95% intervals computed (Wilson for a
    proportion, Byar's otherwise; :func:`cdp_data.statistics.fill_missing_cis`). ``ci_computed`` marks them."""
    group = group.copy()
    no_value = group["value"].isna() & group["count"].notna()
    if value_type == "proportion":
        share = group["count"] / group["denominator"] * 100
        group.loc[no_value, "value"] = share[no_value]
    elif value_type != "rate":
        group.loc[no_value, "value"] = group.loc[no_value, "count"]
    return stats.fill_missing_cis(group, value_type)
