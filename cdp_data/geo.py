"""Ward geography: boundaries, lookups, ward deprivation, police counts and harm rates.

Pure functions over DataFrames / GeoDataFrames (no I/O beyond reading bytes the
caller gives, no UI). The page's one door is :mod:`cdp_data.ward_map`.

Conventions used throughout:

- wards are keyed by ``ward_code`` (a GSS ``E05`` code of any vintage, read
  from a ``WDyyCD`` column), with ``ward_name``, ``lad_code`` and, where known,
  ``ctyua_code`` (county or unitary authority);
- LSOA best-fit lookups are normalised to ``lsoa_code``, ``lsoa_vintage``
  (``"2011"`` or ``"2021"``), ``ward_code``, ``ward_name``, ``lad_code``.
"""

from __future__ import annotations

import io
import json
import math
import re
import zipfile
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .core.errors import LoadError

WARD_CODE = re.compile(r"^wd\d{2}cd$", re.IGNORECASE)
WARD_NAME = re.compile(r"^wd\d{2}nm$", re.IGNORECASE)
LAD_CODE = re.compile(r"^lad\d{2}cd$", re.IGNORECASE)
LAD_NAME = re.compile(r"^lad\d{2}nm$", re.IGNORECASE)
CTYUA_CODE = re.compile(r"^(ctyua|utla)\d{2}cd$", re.IGNORECASE)
CTYUA_NAME = re.compile(r"^(ctyua|utla)\d{2}nm$", re.IGNORECASE)
RGN_NAME = re.compile(r"^rgn\d{2}nm$", re.IGNORECASE)
LSOA11 = re.compile(r"^lsoa11cd$", re.IGNORECASE)
LSOA21 = re.compile(r"^lsoa21cd$", re.IGNORECASE)


def _column(columns, pattern: re.Pattern, *, latest: bool = True) -> str | None:
    """The column matching ``pattern``; with several vintages, the newest (highest yy)."""
    found = sorted((c for c in columns if pattern.match(str(c))), key=lambda c: re.sub(r"\D", "", str(c)))
    if not found:
        return None
    return found[-1] if latest else found[0]


# ---- boundaries ------------------------------------------------------------
def read_any_boundaries(content: bytes, filename: str = "boundaries"):
    """Any GeoJSON or zipped shapefile as a GeoDataFrame in EPSG:4326 (columns untouched)."""
    import geopandas as gpd

    try:
        if content[:4] == b"PK\x03\x04":
            names = zipfile.ZipFile(io.BytesIO(content)).namelist()
            shp = next((n for n in names if n.lower().endswith(".shp")), None)
            if shp is None:
                raise LoadError(f"{filename} is a zip file without a shapefile (.shp) inside.")
            path = _temp_copy(content)
            try:
                gdf = gpd.read_file(f"zip://{path}!{shp}")
            finally:
                import os

                os.unlink(path)
        else:
            gdf = gpd.read_file(io.BytesIO(content))
    except LoadError:
        raise
    except Exception as exc:  # noqa: BLE001 - pyogrio raises many kinds
        raise LoadError(f"{filename} cannot be read as boundaries (GeoJSON or zipped shapefile): {exc}.") from exc
    minx = float(gdf.total_bounds[0]) if len(gdf) else 0.0
    if gdf.crs is None or (gdf.crs.to_epsg() == 4326 and abs(minx) > 1000):
        # RFC 7946 GeoJSON has no CRS member and is WGS84; numbers in metres mean British National Grid.
        gdf = gdf.set_crs(27700 if abs(minx) > 1000 else 4326, allow_override=True)
    if gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs(4326)
    return gdf


def is_lsoa_layer(content: bytes) -> bool:
    """True when a boundary file's features are LSOAs (an LSOA11CD/LSOA21CD property)."""
    head = content[:20000].upper()
    if content[:4] == b"PK\x03\x04":
        return False
    return b'"LSOA11CD"' in head or b'"LSOA21CD"' in head


def read_boundaries(content: bytes, filename: str = "boundaries"):
    """Ward boundaries from GeoJSON or a zipped shapefile, in any CRS, as EPSG:4326.

    Returns a GeoDataFrame with ``ward_code``, ``ward_name`` (from the newest
    ``WDyyCD``/``WDyyNM`` columns), ``lad_code``/``lad_name``,
    ``ctyua_code``/``ctyua_name`` where present, the original ``code_column``
    recorded in ``gdf.attrs``, and geometry. Raises :class:`LoadError`.
    """
    gdf = read_any_boundaries(content, filename)
    return standardise_boundaries(gdf, filename)


def _temp_copy(content: bytes) -> str:
    import tempfile

    handle = tempfile.NamedTemporaryFile(suffix=".zip", delete=False)
    handle.write(content)
    handle.close()
    return handle.name


def standardise_boundaries(gdf, filename: str = "boundaries"):
    """Rename ward/LAD/county columns to the app's names and reproject to EPSG:4326."""
    code_col = _column(gdf.columns, WARD_CODE)
    if code_col is None:
        shown = ", ".join(str(c) for c in list(gdf.columns)[:8])
        raise LoadError(f"{filename} has no ward code column (WDyyCD, e.g. WD24CD); found: {shown}.")
    minx = float(gdf.total_bounds[0]) if len(gdf) else 0.0
    if gdf.crs is None or (gdf.crs.to_epsg() == 4326 and abs(minx) > 1000):
        gdf = gdf.set_crs(27700 if abs(minx) > 1000 else 4326, allow_override=True)
    if gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs(4326)
    rename = {code_col: "ward_code"}
    for pattern, name in ((WARD_NAME, "ward_name"), (LAD_CODE, "lad_code"), (LAD_NAME, "lad_name"),
                          (CTYUA_CODE, "ctyua_code"), (CTYUA_NAME, "ctyua_name"), (RGN_NAME, "region_name")):
        col = _column(gdf.columns, pattern)
        if col is not None:
            rename[col] = name
    out = gdf.rename(columns=rename)
    keep = [c for c in ("ward_code", "ward_name", "lad_code", "lad_name", "ctyua_code", "ctyua_name",
                        "region_name") if c in out.columns]
    out = out[keep + ["geometry"]].copy()
    if "ward_name" not in out:
        out["ward_name"] = out["ward_code"]
    out["ward_code"] = out["ward_code"].astype(str).str.strip()
    out.attrs["code_column"] = code_col
    out.attrs["vintage"] = "20" + re.sub(r"\D", "", code_col)
    invalid = ~out.geometry.is_valid
    if invalid.any():
        out.loc[invalid, "geometry"] = out.loc[invalid, "geometry"].make_valid()
    return out


def boundaries_from_geojson(payload: bytes | str):
    """A stored boundaries GeoJSON back as a standardised GeoDataFrame."""
    import geopandas as gpd

    data = payload.encode() if isinstance(payload, str) else payload
    gdf = gpd.read_file(io.BytesIO(data))
    return standardise_boundaries(gdf)


# ---- lookups ---------------------------------------------------------------
def ward_table(*frames: pd.DataFrame) -> pd.DataFrame:
    """One row per ward (``ward_code``, ``ward_name``, ``lad_code``, ``lad_name``,
    ``ctyua_code``, ``ctyua_name``) from any mix of ward lookups, LSOA lookups or
    boundary attribute tables; later frames fill gaps left by earlier ones."""
    parts = []
    for frame in frames:
        if frame is None or len(frame) == 0:
            continue
        f = pd.DataFrame(frame.drop(columns="geometry", errors="ignore"))
        if "ward_code" not in f:
            col = _column(f.columns, WARD_CODE)
            if col is None:
                continue
            rename = {col: "ward_code"}
            for pattern, name in ((WARD_NAME, "ward_name"), (LAD_CODE, "lad_code"), (LAD_NAME, "lad_name"),
                                  (CTYUA_CODE, "ctyua_code"), (CTYUA_NAME, "ctyua_name")):
                c = _column(f.columns, pattern)
                if c is not None:
                    rename[c] = name
            f = f.rename(columns=rename)
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


def lsoa_ward_lookup(frame: pd.DataFrame) -> pd.DataFrame:
    """Normalise an LSOA (2011 or 2021) to ward best-fit lookup.

    Returns ``lsoa_code``, ``lsoa_vintage``, ``ward_code``, ``ward_name``,
    ``lad_code``, ``ctyua_code`` (where given). Raises :class:`LoadError` when
    the frame has no LSOA and ward code columns.
    """
    lsoa_col = _column(frame.columns, LSOA21) or _column(frame.columns, LSOA11)
    ward_col = _column(frame.columns, WARD_CODE)
    if lsoa_col is None or ward_col is None:
        raise LoadError("This lookup has no LSOA code (LSOA11CD or LSOA21CD) and ward code (WDyyCD) columns.")
    vintage = "2021" if LSOA21.match(lsoa_col) else "2011"
    out = pd.DataFrame({
        "lsoa_code": frame[lsoa_col].astype(str).str.strip(),
        "lsoa_vintage": vintage,
        "ward_code": frame[ward_col].astype(str).str.strip(),
    })
    for pattern, name in ((WARD_NAME, "ward_name"), (LAD_CODE, "lad_code"), (CTYUA_CODE, "ctyua_code")):
        col = _column(frame.columns, pattern)
        out[name] = frame[col].values if col is not None else pd.NA
    return out.drop_duplicates("lsoa_code")


def lookup_kind(frame: pd.DataFrame) -> str:
    """``lsoa_ward`` / ``ward`` / ``lsoa11_lsoa21`` / ``other`` for an ONS lookup table."""
    cols = list(frame.columns)
    has_lsoa = _column(cols, LSOA11) or _column(cols, LSOA21)
    if has_lsoa and _column(cols, WARD_CODE):
        return "lsoa_ward"
    if _column(cols, LSOA11) and _column(cols, LSOA21):
        return "lsoa11_lsoa21"
    if _column(cols, WARD_CODE):
        return "ward"
    return "other"


# ---- deprivation -----------------------------------------------------------
@dataclass(frozen=True)
class WardDeprivation:
    table: pd.DataFrame          # one row per ward of the area
    vintage: str                 # "IoD2019" or "IoD2025"
    weights: str                 # what the population weights were


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
    frame = imd.copy()
    weights = "IoD population denominators (mid-2015)" if vintage == "IoD2019" else "IoD population denominators"
    if "population" not in frame or frame["population"].isna().all():
        if population is None:
            frame["population"] = 1.0
            weights = "equal weights per LSOA (no population loaded)"
        else:
            frame = frame.drop(columns="population", errors="ignore").merge(
                population[["lsoa_code", "population"]], on="lsoa_code", how="left")
            weights = population.attrs.get("label", "population file")
    lookup = lookup[["lsoa_code", "ward_code"]]
    if wards is not None:
        lookup = lookup[lookup["ward_code"].isin(set(wards["ward_code"]))]
    merged = lookup.merge(frame, on="lsoa_code", how="inner")
    merged["population"] = pd.to_numeric(merged["population"], errors="coerce").astype(float)
    score = merged["imd_score"].astype(float) if "imd_score" in merged else pd.Series(np.nan, index=merged.index)
    decile1 = (merged["imd_decile"] == 1).fillna(False).astype(bool)
    merged["weighted_score"] = score * merged["population"]
    merged["pop_decile1"] = merged["population"].where(decile1, 0.0)
    merged["is_decile1"] = decile1.astype(int)
    merged["has_score"] = score.notna().astype(int)
    grouped = merged.groupby("ward_code").agg(
        n_lsoa=("lsoa_code", "size"), population=("population", "sum"),
        weighted_score=("weighted_score", "sum"), pop_decile1=("pop_decile1", "sum"),
        n_lsoa_decile1=("is_decile1", "sum"), has_score=("has_score", "max"),
    )
    grouped["has_score"] = grouped["has_score"].astype(bool)
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


# ---- police street-level crime --------------------------------------------
POLICE_COLUMNS = ["Month", "Reported by", "LSOA code", "Crime type"]


def police_lsoa_counts(street: pd.DataFrame, lsoa11_codes: set[str], lsoa21_codes: set[str]) -> pd.DataFrame:
    """Count one data.police.uk street file by LSOA, month and crime type.

    The LSOA vintage is decided per file from the codes themselves: codes found
    only in the 2011 set versus only in the 2021 set (data.police.uk switched
    during 2023); when no code decides, months before 2023 are 2011. Rows with
    no LSOA are kept with ``lsoa_code`` = "" (counted as "not located").
    """
    missing = [c for c in POLICE_COLUMNS if c not in street.columns]
    if missing:
        raise LoadError(f"This police file has no {', '.join(missing)} column: is it a data.police.uk street file?")
    codes = street["LSOA code"].fillna("").astype(str).str.strip()
    present = set(codes[codes != ""])
    only11, only21 = len(present & (lsoa11_codes - lsoa21_codes)), len(present & (lsoa21_codes - lsoa11_codes))
    if only11 != only21:
        vintage = "2011" if only11 > only21 else "2021"
    else:
        first_month = str(street["Month"].dropna().astype(str).min() or "2023-01")
        vintage = "2011" if first_month < "2023" else "2021"
    frame = pd.DataFrame({"month": street["Month"].astype(str).str.strip(),
                          "force": street["Reported by"].fillna("").astype(str).str.strip(),
                          "lsoa_code": codes, "crime_type": street["Crime type"].fillna("").astype(str).str.strip()})
    counts = frame.groupby(["month", "force", "lsoa_code", "crime_type"], dropna=False).size().rename("count")
    counts = counts.reset_index()
    counts["lsoa_vintage"] = np.where(counts["lsoa_code"] == "", "", vintage)
    return counts


def police_ward_counts(lsoa_counts: pd.DataFrame, lookups: list[pd.DataFrame], area_wards: pd.DataFrame,
                       crime_type: str = "Drugs", months: tuple[str, str] | None = None) -> tuple[pd.DataFrame, dict]:
    """Sum LSOA crime counts to the area's wards (wards with none included, count 0).

    ``lookups``: normalised LSOA→ward lookups (2011 and/or 2021). A row is
    mapped with the lookup of its own vintage, falling back to the other when
    the code is only there. Returns the ward table (``ward_code``,
    ``ward_name``, ``count``) and a dict with ``not_located`` (rows without a
    location, by force), ``unmatched`` (codes in no lookup) and ``months``.
    Suppression is applied by the caller (:func:`suppress_ward_counts`).
    """
    rows = lsoa_counts[lsoa_counts["crime_type"].str.lower() == crime_type.lower()]
    if months:
        rows = rows[(rows["month"] >= months[0]) & (rows["month"] <= months[1])]
    not_located = rows[rows["lsoa_code"] == ""].groupby("force")["count"].sum().to_dict()
    located = rows[rows["lsoa_code"] != ""].copy()
    by_vintage = {lk["lsoa_vintage"].iloc[0]: lk.set_index("lsoa_code")["ward_code"] for lk in lookups if len(lk)}
    ward = pd.Series(pd.NA, index=located.index, dtype="object")
    for vintage, mapping in by_vintage.items():
        own = located["lsoa_vintage"] == vintage
        ward[own] = located.loc[own, "lsoa_code"].map(mapping)
    for mapping in by_vintage.values():  # fallback: a code only the other vintage knows
        gap = ward.isna()
        ward[gap] = located.loc[gap, "lsoa_code"].map(mapping)
    located["ward_code"] = ward
    unmatched = int(located.loc[located["ward_code"].isna(), "count"].sum())
    sums = located.dropna(subset=["ward_code"]).groupby("ward_code")["count"].sum()
    out = area_wards[["ward_code", "ward_name"]].copy()
    out["count"] = out["ward_code"].map(sums).fillna(0).astype(int)
    info = {"not_located": {k: int(v) for k, v in not_located.items()}, "unmatched": unmatched,
            "months": sorted(rows["month"].unique().tolist()), "crime_type": crime_type}
    return out, info


def suppress_ward_counts(frame: pd.DataFrame, count_column: str = "count", dependent: tuple[str, ...] = ()
                         ) -> pd.DataFrame:
    """Counts under 5 blanked (and anything built on them); ``suppressed`` flag added."""
    from .core.suppression import suppress_counts

    return suppress_counts(frame, [count_column], dependent)


# ---- rates and comparison --------------------------------------------------
def byars_ci(count: float, denominator: float, multiplier: float = 100_000, confidence: float = 0.95
             ) -> tuple[float, float]:
    """Confidence interval of a crude rate ``count / denominator * multiplier``.

    Byar's approximation to the Poisson interval (Breslow & Day 1987, as used
    by OHID/Fingertips and PHEindicatormethods ``phe_rate``), exact Poisson
    below 10 events: delegated to :func:`cdp_data.stats.byars_ci`, the app's
    one implementation. Missing or non-positive denominators give (nan, nan).

    Hand-worked: 20 events in 10,000 people per 100,000 gives 200 (122.1, 308.9).
    """
    from .statistics import byars_ci as _byars

    if denominator is None or pd.isna(denominator) or denominator <= 0 or count is None or pd.isna(count) \
            or count < 0:
        return (math.nan, math.nan)
    return _byars(float(count), float(denominator), multiplier, confidence)


def compare_with_area(lower: float, upper: float, area_rate: float, polarity: str = "low_is_good") -> str:
    """Fingertips comparison: the area's rate inside the ward's 95% CI -> "Similar";
    otherwise Better/Worse by polarity (Higher/Lower when there is none).
    """
    if any(pd.isna(x) for x in (lower, upper, area_rate)):
        return "Not compared"
    if lower <= area_rate <= upper:
        return "Similar"
    higher = lower > area_rate
    if polarity == "low_is_good":
        return "Worse" if higher else "Better"
    if polarity == "high_is_good":
        return "Better" if higher else "Worse"
    return "Higher" if higher else "Lower"


def ward_rates(counts: pd.DataFrame, population: pd.Series, multiplier: float = 1_000,
               polarity: str = "low_is_good") -> tuple[pd.DataFrame, dict]:
    """Crude rates per ward with Byar's 95% CIs, compared with the area's rate.

    ``counts``: ``ward_code``, ``count`` (un-suppressed); ``population``:
    Series indexed by ward code. The area rate is total count / total
    population over wards with a population. Counts under 5 are then
    suppressed together with the rate and CI built on them (a suppressed ward
    is "Not compared").
    """
    out = counts.copy()
    out["population"] = out["ward_code"].map(population).astype(float)
    ok = out["population"].notna() & (out["population"] > 0)
    out["rate"] = np.where(ok, out["count"] / out["population"] * multiplier, np.nan)
    cis = [byars_ci(c, p, multiplier) if o else (np.nan, np.nan)
           for c, p, o in zip(out["count"], out["population"], ok)]
    out["lower_ci95"] = [c[0] for c in cis]
    out["upper_ci95"] = [c[1] for c in cis]
    total_count, total_pop = float(out.loc[ok, "count"].sum()), float(out.loc[ok, "population"].sum())
    area_rate = total_count / total_pop * multiplier if total_pop else math.nan
    out["compared_with_area"] = [compare_with_area(lo, up, area_rate, polarity)
                                 for lo, up in zip(out["lower_ci95"], out["upper_ci95"])]
    out = suppress_ward_counts(out, "count", ("rate", "lower_ci95", "upper_ci95"))
    out.loc[out["suppressed"], "compared_with_area"] = "Not compared"
    alo, aup = byars_ci(total_count, total_pop, multiplier)
    return out, {"rate": area_rate, "lower_ci95": alo, "upper_ci95": aup, "count": total_count,
                 "population": total_pop, "multiplier": multiplier}


# ---- correlation and bivariate classes ------------------------------------
def pearson_with_ci(x, y, confidence: float = 0.95) -> dict:
    """Pearson's r with a Fisher z-transform CI: z = atanh(r), se = 1/sqrt(n-3),
    CI = tanh(z ± z_{a/2} se) (Fisher 1921). Needs n >= 4 pairs.
    Hand-worked: r = 0.5, n = 28: z = 0.549, se = 0.2, 95% CI tanh(0.157, 0.941) = 0.156 to 0.736.
    """
    from scipy.stats import norm

    xs, ys = pd.to_numeric(pd.Series(x), errors="coerce"), pd.to_numeric(pd.Series(y), errors="coerce")
    mask = xs.notna().values & ys.notna().values
    xs, ys = xs[mask].astype(float).values, ys[mask].astype(float).values
    n = len(xs)
    if n < 4 or np.std(xs) == 0 or np.std(ys) == 0:
        return {"r": math.nan, "lower": math.nan, "upper": math.nan, "n": n}
    r = float(np.corrcoef(xs, ys)[0, 1])
    z, se = math.atanh(max(min(r, 0.999999), -0.999999)), 1 / math.sqrt(n - 3)
    q = norm.ppf(1 - (1 - confidence) / 2)
    return {"r": r, "lower": math.tanh(z - q * se), "upper": math.tanh(z + q * se), "n": n}


def tertile_class(values: pd.Series) -> pd.Series:
    """1 (low) / 2 / 3 (high) by thirds of the non-missing values; missing stays <NA>."""
    ranks = values.rank(method="average", pct=True)
    return pd.cut(ranks, [0, 1 / 3, 2 / 3, 1.0], labels=[1, 2, 3], include_lowest=True).astype("Int64")


def bivariate_classes(deprivation: pd.Series, harm: pd.Series) -> pd.Series:
    """A 3x3 class "d-h" (e.g. "3-3" = highest third for both), <NA> when either is missing."""
    d, h = tertile_class(deprivation), tertile_class(harm)
    out = d.astype("string") + "-" + h.astype("string")
    return out.where(d.notna() & h.notna())


def top_wards_both_high(frame: pd.DataFrame, deprivation: str, harm: str, n: int = 10) -> pd.DataFrame:
    """The ``n`` wards where deprivation and harm are both highest: ranked by the
    larger (worse) of the two percentile ranks, ties broken by their mean."""
    f = frame.dropna(subset=[deprivation, harm]).copy()
    if f.empty:
        return f
    pd_, ph = f[deprivation].rank(pct=True), f[harm].rank(pct=True)
    f["both_high_score"] = np.minimum(pd_, ph)
    f["_mean"] = (pd_ + ph) / 2
    return f.sort_values(["both_high_score", "_mean"], ascending=False).drop(columns="_mean").head(n)


# ---- display geometry -----------------------------------------------------
def simplify_for_display(gdf, tolerance_m: float = 80.0, precision: int = 5):
    """Topology-preserving simplification for the browser (EPSG:4326 in and out).

    Uses ``shapely.coverage_simplify`` in British National Grid metres so shared
    edges between neighbouring wards are simplified once and stay shared (no
    gaps or slivers). Coordinates are rounded to ``precision`` decimals (~1 m).
    """
    import shapely

    if len(gdf) == 0:
        return gdf
    metric = gdf.to_crs(27700)
    geoms = shapely.coverage_simplify(metric.geometry.values, tolerance_m, simplify_boundary=True)
    out = metric.set_geometry(geoms).to_crs(4326)
    out["geometry"] = shapely.set_precision(out.geometry.values, 10 ** -precision, mode="pointwise")
    invalid = ~out.geometry.is_valid
    if invalid.any():  # rounding can pinch a narrow neck: repair just those
        out.loc[invalid, "geometry"] = shapely.make_valid(out.loc[invalid, "geometry"].values)
    empty = out.geometry.is_empty | out.geometry.isna()
    if empty.any():  # a sliver ward simplified away: keep its original shape
        out.loc[empty, "geometry"] = gdf.loc[empty, "geometry"].values
    return out


def coverage_ratio(gdf) -> float:
    """Area of the union / sum of areas (1.0 = no overlaps; used with gap checks)."""
    metric = gdf.to_crs(27700)
    metric = metric.set_geometry(metric.geometry.make_valid())
    return float(metric.union_all().area / metric.area.sum())


def to_geojson(gdf, properties: list[str] | None = None) -> dict:
    """A GeoJSON FeatureCollection (dict), only the given property columns."""
    cols = [c for c in (properties or []) if c in gdf.columns]
    return json.loads(gdf[cols + ["geometry"]].to_json(drop_id=True, na="null"))
