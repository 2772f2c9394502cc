"""The ward map's one door: what the "Where do deprivation and drug harm meet?" page needs.

Reads the workspace's stored boundaries, lookups, IoD tables, populations,
police counts and harm counts, and returns tidy frames for one partnership.
Everything synthetic is flagged so the page can label it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .. import geography as geo
from ..core.attributions import LINES
from .demo_geography import SYNTHETIC_LABEL
from ..store import Workspace

VINTAGES = {"IoD2019": "imd2019_lsoa11", "IoD2025": "imd2025_lsoa21"}
LSOA_VINTAGE = {"IoD2019": "2011", "IoD2025": "2021"}
POLICE_MEASURE = "police_drug_offences_open_data"
POLICE_CAVEAT = ("Police recorded drug offences reflect police activity (stop and search, operations) as much as "
                 "drug use or markets: a high count is not, by itself, a measure of need.")


@dataclass
class GeographyInputs:
    """Everything stored that the ward map can use (frames already normalised)."""

    wards: pd.DataFrame                    # ward table: ward_code, ward_name, lad_code, ctyua_code ...
    boundaries: list[tuple[int, bool]]     # (dataset id, is_synthetic) of ward boundary layers
    lsoa_layers: list[int]
    lookups: dict[str, pd.DataFrame]       # "2011"/"2021" -> normalised LSOA→ward lookup
    imd: dict[str, pd.DataFrame]           # "IoD2019"/"IoD2025" -> normalised LSOA table
    lsoa_population: dict[str, pd.DataFrame]   # "2011"/"2021" -> lsoa_code, population (attrs label)
    ward_population: pd.DataFrame | None   # ward_code, population (attrs label)
    police: pd.DataFrame | None
    harm: pd.DataFrame | None
    demo_figures: pd.DataFrame | None


def load_inputs(ws: Workspace) -> GeographyInputs:
    """Read every geography dataset once (the UI caches this on the data version)."""
    held = ws.datasets()
    wards_frames, boundaries, lsoa_layers = [], [], []
    lookups: dict[str, pd.DataFrame] = {}
    imd: dict[str, pd.DataFrame] = {}
    lsoa_pop: dict[str, pd.DataFrame] = {}
    ward_pop = police = harm = demo = None
    for ds in held.itertuples():
        if ds.kind == "boundaries":
            if str(ds.vintage or "").startswith("lsoa"):
                lsoa_layers.append(int(ds.id))
            else:
                boundaries.append((int(ds.id), bool(ds.is_synthetic)))
        elif ds.kind == "lookup":
            frame = ws.get_dataset(int(ds.id))
            kind = geo.lookup_kind(frame)
            if kind == "lsoa_ward":
                lk = geo.lsoa_ward_lookup(frame)
                lookups.setdefault(lk["lsoa_vintage"].iloc[0], lk)
                wards_frames.append(frame)
            elif kind == "ward":
                wards_frames.insert(0, frame)
        elif ds.kind in VINTAGES.values():
            name = next(k for k, v in VINTAGES.items() if v == ds.kind)
            imd.setdefault(name, ws.get_dataset(int(ds.id)))
        elif ds.kind == "population":
            frame = ws.get_dataset(int(ds.id))
            level = frame["level"].iloc[0] if len(frame) else ""
            label = ds.name.split(": ", 1)[-1]
            if level == "ward" and ward_pop is None:
                ward_pop = frame.rename(columns={"code": "ward_code"})[["ward_code", "population"]]
                ward_pop.attrs["label"] = label
            elif level in ("lsoa11", "lsoa21"):
                key = "2011" if level == "lsoa11" else "2021"
                if key not in lsoa_pop:
                    p = frame.rename(columns={"code": "lsoa_code"})[["lsoa_code", "population"]]
                    p.attrs["label"] = label
                    lsoa_pop[key] = p
        elif ds.kind == "police_counts" and police is None:
            police = ws.get_dataset(int(ds.id))
        elif ds.kind == "harm_counts" and harm is None:
            harm = ws.get_dataset(int(ds.id))
        elif ds.kind == "ward_demo_figures" and demo is None:
            demo = ws.get_dataset(int(ds.id))
    for ds_id, _synthetic in boundaries:
        wards_frames.append(_boundary_attributes(ws, ds_id))
    return GeographyInputs(geo.ward_table(*wards_frames), boundaries, lsoa_layers, lookups, imd, lsoa_pop,
                           ward_pop, police, harm, demo)


def _boundary_attributes(ws: Workspace, dataset_id: int) -> pd.DataFrame:
    import json

    data = json.loads(ws.get_dataset(dataset_id))
    return pd.DataFrame([f.get("properties") or {} for f in data.get("features", [])])


def area_boundaries(ws: Workspace, inputs: GeographyInputs, area_code: str):
    """(GeoDataFrame of the area's wards, is_synthetic): real boundaries first, else the demo's."""
    ordered = sorted(inputs.boundaries, key=lambda b: b[1])
    for ds_id, synthetic in ordered:
        gdf = geo.boundaries_from_geojson(ws.get_dataset(ds_id))
        table = geo.ward_table(inputs.wards, gdf)
        codes = set(geo.wards_in_area(table, area_code)["ward_code"])
        sub = gdf[gdf["ward_code"].isin(codes)]
        if len(sub):
            sub = sub.drop(columns=[c for c in ("lad_code", "ctyua_code") if c in sub]).merge(
                table[["ward_code", "lad_code", "lad_name", "ctyua_code"]], on="ward_code", how="left")
            return sub.reset_index(drop=True), synthetic
    return None, False


@dataclass
class WardMap:
    """What the page draws for one partnership."""

    wards: object                     # GeoDataFrame (EPSG:4326), one row per ward, all figures
    is_synthetic: bool
    vintage: str | None               # "IoD2019" / "IoD2025" / "synthetic"
    deprivation_weights: str = ""
    harm_measure: str | None = None
    harm_label: str = ""
    harm_period: str = ""
    multiplier: int = 1_000
    area_rate: dict = field(default_factory=dict)
    population_label: str = ""
    notes: list[str] = field(default_factory=list)
    not_located: dict = field(default_factory=dict)
    attributions: list[str] = field(default_factory=list)


def available_vintages(inputs: GeographyInputs) -> list[str]:
    return [v for v in VINTAGES if v in inputs.imd and LSOA_VINTAGE[v] in inputs.lookups]


def harm_measures(inputs: GeographyInputs, is_synthetic: bool) -> dict[str, str]:
    """Harm measures that can be mapped: id -> label."""
    if is_synthetic:
        return {"drug_offences": "Police recorded drug offences (synthetic)",
                "drug_poisoning_admissions": "Hospital admissions for drug poisoning (synthetic)"}
    out = {}
    if inputs.police is not None and (inputs.police["crime_type"] == "Drugs").any():
        out[POLICE_MEASURE] = "Drug offences recorded by police (data.police.uk)"
    if inputs.harm is not None:
        for m, label in inputs.harm.drop_duplicates("measure")[["measure", "measure_name"]].itertuples(index=False):
            out[m] = label
    return out


def police_months(inputs: GeographyInputs) -> list[str]:
    if inputs.police is None:
        return []
    return sorted(inputs.police.loc[inputs.police["crime_type"] == "Drugs", "month"].unique())


def ward_populations(inputs: GeographyInputs, codes: pd.Series, deprivation: pd.DataFrame | None
                     ) -> tuple[pd.Series, str]:
    """Ward populations: a ward population table, else LSOA populations summed through
    the lookups (Census 2021 first), else the IoD denominators."""
    if inputs.ward_population is not None:
        s = inputs.ward_population.set_index("ward_code")["population"]
        if s.reindex(codes).notna().any():
            return s, inputs.ward_population.attrs.get("label", "ward population")
    for key in ("2021", "2011"):
        if key in inputs.lsoa_population and key in inputs.lookups:
            pop = inputs.lookups[key].merge(inputs.lsoa_population[key], on="lsoa_code")
            s = pop.groupby("ward_code")["population"].sum()
            if s.reindex(codes).notna().any():
                return s, inputs.lsoa_population[key].attrs.get("label", "LSOA population") + " (summed to wards)"
    if deprivation is not None and "population" in deprivation:
        return deprivation.set_index("ward_code")["population"], "IoD population denominators"
    return pd.Series(dtype=float), ""


def harm_counts_for(inputs: GeographyInputs, measure: str, area_wards: pd.DataFrame,
                    months: tuple[str, str] | None = None) -> tuple[pd.DataFrame, dict]:
    """Un-suppressed ward counts of one harm measure (suppression happens in the rates)."""
    if measure == POLICE_MEASURE:
        counts, info = geo.police_ward_counts(inputs.police, list(inputs.lookups.values()), area_wards,
                                              "Drugs", months)
        period = f"{month_label(info['months'][0])} to {month_label(info['months'][-1])}" if info["months"] else ""
        info["period"] = period
        return counts, info
    rows = inputs.harm[inputs.harm["measure"] == measure].copy()
    periods = sorted(rows["period"].unique())
    period = periods[-1] if periods else ""
    rows = rows[rows["period"] == period]
    lsoa = rows["geography_level"] == "lsoa"
    if lsoa.any():
        mapping = pd.concat([lk.set_index("lsoa_code")["ward_code"] for lk in inputs.lookups.values()])
        mapping = mapping[~mapping.index.duplicated()]
        rows.loc[lsoa, "geography_code"] = rows.loc[lsoa, "geography_code"].map(mapping)
    # A published-suppressed cell makes its ward's total unknown, never zero.
    unknown = set(rows.loc[rows["published_suppressed"].astype(bool), "geography_code"])
    sums = rows.groupby("geography_code")["count"].sum()
    out = area_wards[["ward_code", "ward_name"]].copy()
    out["count"] = out["ward_code"].map(sums).astype(float)
    out.loc[out["ward_code"].isin(unknown), "count"] = float("nan")
    return out, {"period": period, "not_located": {}}


def month_label(month: str) -> str:
    """Turn "2025-01" into "Jan 2025"."""
    import datetime as dt

    try:
        return dt.date.fromisoformat(month + "-01").strftime("%b %Y")
    except ValueError:
        return month


def build_ward_map(ws: Workspace, inputs: GeographyInputs, area_code: str, *, vintage: str | None = None,
                   harm_measure: str | None = None, multiplier: int = 1_000,
                   months: tuple[str, str] | None = None, boundaries=None) -> WardMap | None:
    """The ward map for one partnership, or None when no boundaries cover it.

    ``boundaries``: the result of :func:`area_boundaries` if the caller already has it (cached)."""
    gdf, synthetic = boundaries if boundaries is not None else area_boundaries(ws, inputs, area_code)
    if gdf is None:
        return None
    area_wards = gdf[["ward_code", "ward_name"]]
    result = WardMap(wards=gdf, is_synthetic=synthetic, vintage=None, multiplier=multiplier)
    deprivation = None
    if synthetic:
        figures = inputs.demo_figures.drop(columns=["ward_name", "area_code"], errors="ignore")
        deprivation = figures[["ward_code", "imd_score", "share_pop_most_deprived_decile", "n_lsoa", "population"]]
        result.vintage, result.deprivation_weights = "synthetic", SYNTHETIC_LABEL
    else:
        options = available_vintages(inputs)
        chosen = vintage if vintage in options else (options[-1] if options else None)
        if chosen:
            lsoa_vintage = LSOA_VINTAGE[chosen]
            population = inputs.lsoa_population.get(lsoa_vintage)
            dep = geo.ward_deprivation(inputs.imd[chosen], inputs.lookups[lsoa_vintage], area_wards, population,
                                       vintage=chosen)
            deprivation = dep.table.drop(columns=["ward_name", "vintage", "rank_in_area"])
            result.vintage, result.deprivation_weights = chosen, dep.weights
            result.attributions.append(LINES["iod2019" if chosen == "IoD2019" else "iod2025"])
    table = gdf.copy()
    if deprivation is not None:
        table = table.merge(deprivation, on="ward_code", how="left")
        table["rank_in_area"] = table["imd_score"].rank(ascending=False, method="min").astype("Int64")
    measures = harm_measures(inputs, synthetic)
    chosen_harm = harm_measure if harm_measure in measures else (next(iter(measures)) if measures else None)
    if chosen_harm:
        if synthetic:
            counts = inputs.demo_figures[["ward_code", chosen_harm]].rename(columns={chosen_harm: "count"})
            counts = area_wards.merge(counts, on="ward_code", how="left")
            population = inputs.demo_figures.set_index("ward_code")["population"]
            pop_label, info = "synthetic populations", {"period": "synthetic period", "not_located": {}}
        else:
            counts, info = harm_counts_for(inputs, chosen_harm, area_wards, months)
            population, pop_label = ward_populations(inputs, area_wards["ward_code"], deprivation)
        rates, area_rate = geo.ward_rates(counts[["ward_code", "count"]], population, multiplier)
        table = table.drop(columns=["population"], errors="ignore").merge(
            rates.rename(columns={"count": "harm_count", "suppressed": "harm_suppressed"}), on="ward_code",
            how="left")
        result.harm_measure, result.harm_label = chosen_harm, measures[chosen_harm]
        result.harm_period, result.area_rate, result.population_label = info.get("period", ""), area_rate, pop_label
        result.not_located = info.get("not_located", {})
        if chosen_harm == POLICE_MEASURE:
            result.attributions.append(LINES["police"])
            result.notes.append(POLICE_CAVEAT)
            if info.get("unmatched"):
                result.notes.append(f"{info['unmatched']:,} offences had an LSOA code in no loaded lookup.")
    if not synthetic:
        result.attributions.append(LINES["ons_boundaries"])
    if "imd_score" in table and "rate" in table:
        table["bivariate"] = geo.bivariate_classes(table["imd_score"], table["rate"])
    result.wards = table
    return result


def lsoa_deprivation_layer(ws: Workspace, inputs: GeographyInputs, ward_codes: set[str], lad_codes: set[str]):
    """LSOA polygons with IoD2019 for the area (from a stored LSOA layer), or None."""
    for ds_id in inputs.lsoa_layers:
        gdf = geo.read_any_boundaries(ws.get_dataset(ds_id))
        cols = {c.upper(): c for c in gdf.columns}
        sel = pd.Series(False, index=gdf.index)
        if "WD24CD" in cols:
            sel |= gdf[cols["WD24CD"]].isin(ward_codes)
        if "LAD24CD" in cols:
            sel |= gdf[cols["LAD24CD"]].isin(lad_codes)
        sub = gdf[sel]
        if len(sub):
            if "imd_score" not in sub and "IoD2019" in inputs.imd:
                sub = sub.merge(inputs.imd["IoD2019"][["lsoa_code", "imd_score", "imd_decile"]],
                                left_on=cols.get("LSOA11CD"), right_on="lsoa_code", how="left")
            return sub.rename(columns={cols.get("LSOA11CD", "LSOA11CD"): "lsoa_code",
                                       cols.get("LSOA11NM", "LSOA11NM"): "lsoa_name"})
    return None


def geography_status(ws: Workspace) -> pd.DataFrame:
    """What geography the workspace holds, for the Data page."""
    held = ws.datasets()
    kinds = ["boundaries", "lookup", "imd2019_lsoa11", "imd2025_lsoa21", "population", "police_counts",
             "harm_counts"]
    geo_held = held[held["kind"].isin(kinds)]
    return geo_held[["kind", "name", "vintage", "rows", "source_file", "loaded_at", "is_synthetic"]]


def area_rate_decimals(area_rate: dict, any_suppressed: bool, wanted: int = 2) -> int:
    """Decimals to show the area's rate with, so that no suppressed ward count can be worked out by
    subtraction (area count = rate x population / multiplier, minus the wards shown): when a ward is
    suppressed, round coarsely enough that the implied area count is uncertain by at least +/- 5."""
    if not any_suppressed or not area_rate.get("population"):
        return wanted
    for decimals in range(wanted, -4, -1):
        half_step_count = 0.5 * 10 ** -decimals * area_rate["population"] / area_rate["multiplier"]
        if half_step_count >= 5:
            return decimals
    return -4


def area_rate_texts(area_rate: dict, any_suppressed: bool) -> tuple[str, str, str]:
    """The area's rate and its 95% CI limits as text, to the decimals :func:`area_rate_decimals`
    allows (with thousands separators): ``("12.35", "11.70", "13.02")``."""
    dp = area_rate_decimals(area_rate, any_suppressed)
    return tuple(f"{round(area_rate[k], dp):,.{max(dp, 0)}f}" for k in ("rate", "lower_ci95", "upper_ci95"))


def has_harm(wm: WardMap) -> bool:
    """Whether the map carries a harm rate per ward (a measure chosen and rates worked out)."""
    return wm.harm_measure is not None and "rate" in wm.wards


def source_text(wm: WardMap) -> str:
    """Where the map's figures come from, for the captions under the map and the scatter."""
    if wm.is_synthetic:
        return "synthetic demo data"
    return (f"{wm.vintage or 'no deprivation index loaded'}; ONS ward boundaries; "
            + (f"{wm.harm_label}, {wm.harm_period}" if has_harm(wm) else "no harm data loaded"))


def not_located_text(not_located: dict[str, int]) -> str:
    """The sentence about police offences with no map position, force by force."""
    return ("Not located (no map position, so in no ward): "
            + "; ".join(f"{force}: {n:,} offences" for force, n in not_located.items())
            + " in the loaded police files (whole force, not only this area).")


def selected_ward(shown_table: pd.DataFrame, ward_code: str) -> pd.DataFrame:
    """One ward's row of :func:`display_table` turned on its side: Figure, Value (as text)."""
    row = shown_table[shown_table["Ward code"] == ward_code].T.reset_index()
    row.columns = ["Figure", "Value"]
    return row.astype(str)


def correlation_text(corr: dict, source: str) -> str:
    """The caption under the scatter: Pearson's r with its Fisher z 95% CI (from :func:`geo.pearson_with_ci`),
    or why there is none (fewer than 4 wards with figures)."""
    if corr["n"] >= 4 and corr["r"] == corr["r"]:
        return (f"Pearson correlation r = {corr['r']:.2f} (95% CI {corr['lower']:.2f} to {corr['upper']:.2f}, "
                f"Fisher z) over {corr['n']} wards with figures; suppressed wards left out. Source: {source}.")
    return "Too few wards with figures to estimate a correlation."


def top_wards_table(wm: WardMap, shown_table: pd.DataFrame) -> pd.DataFrame:
    """The ten wards where deprivation and harm are both highest (:func:`geo.top_wards_both_high`),
    as rows of :func:`display_table`."""
    top = geo.top_wards_both_high(wm.wards.drop(columns="geometry"), "imd_score", "rate")
    return shown_table.set_index("Ward code").loc[top["ward_code"]].reset_index()


def attribution_lines(wm: WardMap) -> list[str]:
    """The licence lines to print under the page: the map's own plus the ONS boundaries' (not for synthetic data)."""
    lines = wm.attributions or []
    if not wm.is_synthetic:
        lines = list(dict.fromkeys(lines + [LINES["ons_boundaries"]]))
    return lines


def _fmt(value, digits: int = 1) -> str:
    if value is None or pd.isna(value):
        return "not available"
    return f"{float(value):,.{digits}f}"


def display_table(wm: WardMap) -> pd.DataFrame:
    """One row per ward, as shown under the map and exported: suppressed counts and the
    rates built on them are blank, with a "Suppressed (under 5)" note instead."""
    t = wm.wards
    per = f"per {wm.multiplier:,}"
    out = pd.DataFrame({"Ward": t["ward_name"], "Ward code": t["ward_code"]})
    if "imd_score" in t:
        out[f"IMD score ({wm.vintage})"] = t["imd_score"].astype(float).round(2)
        out["Population in England's most deprived 10% (%)"] = (t["share_pop_most_deprived_decile"].astype(float)
                                                               * 100).round(1)
        out["LSOAs"] = t["n_lsoa"]
        out["Deprivation rank in area (1 = most deprived)"] = t["rank_in_area"]
    if "rate" in t:
        suppressed = t["harm_suppressed"].fillna(False).astype(bool)
        out["Count"] = t["harm_count"].astype("Float64").where(~suppressed)
        out[f"Rate {per}"] = t["rate"].astype(float).round(2).where(~suppressed)
        out["Lower 95% CI"] = t["lower_ci95"].astype(float).round(2).where(~suppressed)
        out["Upper 95% CI"] = t["upper_ci95"].astype(float).round(2).where(~suppressed)
        out["Compared with area"] = t["compared_with_area"]
        out["Note"] = suppressed.map({True: "Suppressed (under 5)", False: ""})
    return out


def tooltips(wm: WardMap) -> pd.Series:
    """Tooltip text per ward, one figure a line (suppressed counts never appear)."""
    t = wm.wards
    lines = [t["ward_name"].astype(str) + " (" + t["ward_code"].astype(str) + ")"]
    if "imd_score" in t:
        lines.append("IMD score (" + str(wm.vintage) + "): " + t["imd_score"].map(lambda v: _fmt(v, 1)))
        lines.append("In most deprived 10%: " + t["share_pop_most_deprived_decile"].map(
            lambda v: "not available" if pd.isna(v) else f"{v * 100:.1f}%"))
    if "rate" in t:
        supp = t["harm_suppressed"].fillna(False).astype(bool)
        rate = t["rate"].map(lambda v: _fmt(v, 2))
        count = t["harm_count"].map(lambda v: _fmt(v, 0))
        text = (wm.harm_label + ": " + count + " (" + rate + f" per {wm.multiplier:,}), "
                + t["compared_with_area"].astype(str) + " compared with the area")
        lines.append(text.where(~supp, wm.harm_label + ": suppressed (fewer than 5)"))
    out = lines[0]
    for line in lines[1:]:
        out = out + "\n" + line
    return out
