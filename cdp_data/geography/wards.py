"""Wards: one table of wards and their districts and counties, and the wards of an area."""

from __future__ import annotations

import pandas as pd


def ward_table(*frames: pd.DataFrame) -> pd.DataFrame:
    """One row per ward (``ward_code``, ``ward_name``, ``lad_code``, ``lad_name``,
    ``ctyua_code``, ``ctyua_name``) from any mix of ward lookups, LSOA lookups or
    boundary attribute tables whose columns carry those names (the readers'
    :func:`cdp_data.sources.lookups.ward_columns` gives them); frames without a
    ``ward_code`` are skipped; later frames fill gaps left by earlier ones."""
    parts = []
    for frame in frames:
        if frame is None or len(frame) == 0 or "ward_code" not in frame:
            continue
        f = pd.DataFrame(frame.drop(columns="geometry", errors="ignore"))
        cols = [c for c in ("ward_code", "ward_name", "lad_code", "lad_name", "ctyua_code", "ctyua_name") if c in f]
        parts.append(f[cols].drop_duplicates("ward_code").set_index("ward_code"))
    if not parts:
        return pd.DataFrame(columns=["ward_code", "ward_name", "lad_code", "lad_name", "ctyua_code", "ctyua_name"])
    table = parts[0]
    for part in parts[1:]:
        table = table.combine_first(part)
    table = table.reset_index()
    for col in ("ward_name", "lad_code", "lad_name", "ctyua_code", "ctyua_name"):
        if col not in table:
            table[col] = pd.NA
    # Unitary authorities, metropolitan districts and London boroughs are their own upper tier.
    lad = table["lad_code"].astype("string")
    own_tier = table["ctyua_code"].isna() & lad.str.match(r"^E0[689]").fillna(False)
    table.loc[own_tier, "ctyua_code"] = table.loc[own_tier, "lad_code"]
    return table[["ward_code", "ward_name", "lad_code", "lad_name", "ctyua_code", "ctyua_name"]]


def wards_in_area(wards: pd.DataFrame, area_code: str) -> pd.DataFrame:
    """The wards of a partnership's area: its district/unitary authority, or for a
    county (E10...) every ward of its districts (``ctyua_code``)."""
    area_code = (area_code or "").strip().upper()
    match = (wards["lad_code"] == area_code) | (wards["ctyua_code"] == area_code)
    if area_code.startswith("E92"):
        match = wards["ward_code"].astype(str).str.startswith("E05")
    return wards[match.fillna(False)].sort_values("ward_code").reset_index(drop=True)
