"""The ward map's use cases: what the "Where do deprivation and drug harm meet?" page needs.

Reads the workspace's stored boundaries, lookups, IoD tables, populations,
police counts and harm counts through :mod:`cdp_data.store.stored_datasets`,
normalises them with the readers, and builds the map with
:mod:`cdp_data.geography`; every figure leaves through :mod:`cdp_data.services.disclosure` (counts under 5
suppressed, police counts for whole calendar quarters only).
Everything synthetic is flagged so the page can label it.
"""

from __future__ import annotations

import json

import pandas as pd

from . import disclosure
from .. import geography
from ..core.attributions import LINES
from ..core.kinds import Kind
from ..geography.ward_map import POLICE_MEASURE, VINTAGES, GeographyInputs, WardMap
from ..present import geography as words
from ..sources import boundaries as boundary_reader
from ..sources import harm as harm_reader
from ..sources import lookups as lookup_reader
from ..sources import police as police_reader
from ..store import Workspace
from ..store import stored_datasets as datasets
from .ownership import readable

DEMO_FIGURES = "ward_demo_figures"


class _Held:
    """What :func:`load_inputs` gathers, dataset by dataset."""

    def __init__(self):
        self.ward_frames: list[pd.DataFrame] = []
        self.boundaries: list[tuple[int, bool]] = []
        self.lsoa_layers: list[int] = []
        self.lookups: dict[str, pd.DataFrame] = {}
        self.imd: dict[str, pd.DataFrame] = {}
        self.lsoa_population: dict[str, pd.DataFrame] = {}
        self.first: dict[str, pd.DataFrame] = {}
        self.harm: list[pd.DataFrame] = []


def _add_boundaries(held: _Held, ds) -> None:
    if str(ds.vintage or "").startswith("lsoa"):
        held.lsoa_layers.append(int(ds.id))
    else:
        held.boundaries.append((int(ds.id), bool(ds.is_synthetic)))


def _add_lookup(held: _Held, frame: pd.DataFrame) -> None:
    kind = lookup_reader.lookup_kind(frame)
    if kind == "lsoa_ward":
        lk = lookup_reader.lsoa_ward_lookup(frame)
        held.lookups.setdefault(lk["lsoa_vintage"].iloc[0], lk)
        held.ward_frames.append(frame)
    elif kind == "ward":
        held.ward_frames.insert(0, frame)


def _add_population(held: _Held, frame: pd.DataFrame, name: str) -> None:
    level = frame["level"].iloc[0] if len(frame) else ""
    label = name.split(": ", 1)[-1]
    if level == "ward" and "ward_population" not in held.first:
        pop = frame.rename(columns={"code": "ward_code"})[["ward_code", "population"]]
        pop.attrs["label"] = label
        held.first["ward_population"] = pop
    elif level in ("lsoa11", "lsoa21"):
        key = "2011" if level == "lsoa11" else "2021"
        if key not in held.lsoa_population:
            pop = frame.rename(columns={"code": "lsoa_code"})[["lsoa_code", "population"]]
            pop.attrs["label"] = label
            held.lsoa_population[key] = pop


def _add(ws: Workspace, held: _Held, ds) -> None:
    imd_kinds = {kind: name for name, kind in VINTAGES.items()}
    if ds.kind == Kind.BOUNDARIES:
        _add_boundaries(held, ds)
    elif ds.kind == Kind.LOOKUP:
        _add_lookup(held, datasets.get(ws, ds.id))
    elif ds.kind in imd_kinds:
        if imd_kinds[ds.kind] not in held.imd:
            held.imd[imd_kinds[ds.kind]] = datasets.get(ws, ds.id)
    elif ds.kind == Kind.POPULATION:
        _add_population(held, datasets.get(ws, ds.id), ds.name)
    elif ds.kind == harm_reader.KIND:  # each partnership's own counts (their latest), of its wards
        held.harm.append(datasets.get(ws, ds.id))
    elif ds.kind in (police_reader.KIND, DEMO_FIGURES) and ds.kind not in held.first:
        held.first[ds.kind] = datasets.get(ws, ds.id)


def _boundary_attributes(ws: Workspace, dataset_id: int) -> pd.DataFrame:
    data = json.loads(datasets.get(ws, dataset_id))
    return pd.DataFrame([f.get("properties") or {} for f in data.get("features", [])])


def _latest_per_owner(frame: pd.DataFrame) -> pd.DataFrame:
    """The newest harm-counts table of each partnership (the catalogue is newest first), other kinds as they are."""
    harm = frame["kind"] == harm_reader.KIND
    newest = ~frame.loc[harm, "owner"].fillna("").duplicated()
    return frame[~harm | newest.reindex(frame.index, fill_value=False)]


def load_inputs(ws: Workspace) -> GeographyInputs:
    """Read every geography dataset the acting user may see once (national data, and the harm counts of their
    own partnerships: the UI caches this on the data version and the user's partnerships)."""
    held = _Held()
    for ds in _latest_per_owner(datasets.catalogue(ws, owners=readable(ws))).itertuples():
        _add(ws, held, ds)
    frames = held.ward_frames + [_boundary_attributes(ws, ds_id) for ds_id, _synthetic in held.boundaries]
    wards = geography.ward_table(*[lookup_reader.ward_columns(f) for f in frames])
    return GeographyInputs(wards, held.boundaries, held.lsoa_layers, held.lookups, held.imd, held.lsoa_population,
                           held.first.get("ward_population"), held.first.get(police_reader.KIND),
                           pd.concat(held.harm, ignore_index=True) if held.harm else None, held.first.get(DEMO_FIGURES))


def area_boundaries(ws: Workspace, inputs: GeographyInputs, area_code: str):
    """(GeoDataFrame of the area's wards, is_synthetic): real boundaries first, else the demo's."""
    ordered = sorted(inputs.boundaries, key=lambda b: b[1])
    for ds_id, synthetic in ordered:
        gdf = boundary_reader.boundaries_from_geojson(datasets.get(ws, ds_id))
        table = geography.ward_table(inputs.wards, gdf)
        codes = set(geography.wards_in_area(table, area_code)["ward_code"])
        sub = gdf[gdf["ward_code"].isin(codes)]
        if len(sub):
            sub = sub.drop(columns=[c for c in ("lad_code", "ctyua_code") if c in sub]).merge(
                table[["ward_code", "lad_code", "lad_name", "ctyua_code"]], on="ward_code", how="left")
            return sub.reset_index(drop=True), synthetic
    return None, False


def available_vintages(inputs: GeographyInputs) -> list[str]:
    return geography.ward_map.available_vintages(inputs)


def harm_measures(inputs: GeographyInputs, is_synthetic: bool) -> dict[str, str]:
    """Harm measures that can be mapped: id -> label."""
    return {m: words.harm_measure_label(m, inputs.harm, is_synthetic)
            for m in geography.ward_map.harm_measure_ids(inputs, is_synthetic)}


def police_months(inputs: GeographyInputs) -> list[str]:
    return geography.ward_map.police_months(inputs)


def police_windows(inputs: GeographyInputs) -> dict[str, str]:
    """The windows police counts are offered for (whole calendar quarters held): key -> label, oldest first."""
    return {w.key: words.window_label(w) for w in disclosure.police_windows(police_months(inputs))}


def build_ward_map(ws: Workspace, inputs: GeographyInputs, area_code: str, *, vintage: str | None = None,
                   harm_measure: str | None = None, multiplier: int = 1_000,
                   window: str | None = None, boundaries=None) -> WardMap | None:
    """The ward map for one partnership, or None when no boundaries cover it, as it may be shown
    (through :func:`cdp_data.services.disclosure.ward_map`).

    ``window``: the police window (a key of :func:`police_windows`); police counts are only ever counted over
    an offered window, the latest when ``window`` is not one. ``boundaries``: the result of
    :func:`area_boundaries` if the caller already has it (cached)."""
    gdf, synthetic = boundaries if boundaries is not None else area_boundaries(ws, inputs, area_code)
    if gdf is None:
        return None
    chosen = disclosure.police_window(police_months(inputs), window)
    months = (chosen.first, chosen.last) if chosen else None
    wm = geography.ward_map_table(inputs, gdf, synthetic, vintage=vintage, harm_measure=harm_measure,
                                  multiplier=multiplier, months=months)
    if wm.harm_measure is not None:
        wm.harm_label = words.harm_measure_label(wm.harm_measure, inputs.harm, synthetic)
    if wm.harm_measure == POLICE_MEASURE:
        wm.harm_period, wm.harm_window = words.window_label(chosen), chosen.key
    wm.population_label = words.population_text(wm.population_source, inputs.ward_population, inputs.lsoa_population)
    wm.deprivation_weights = words.weights_text(wm.deprivation_weights, wm.vintage, wm.population_label)
    if synthetic:
        wm.deprivation_weights, wm.population_label = words.SYNTHETIC_LABEL, words.SYNTHETIC_POPULATIONS
        wm.harm_period = words.SYNTHETIC_PERIOD
    wm.attributions = [LINES[key] for key in wm.licences]
    return disclosure.ward_map(wm)


def for_display(wm: WardMap | None, tolerance_m: float = 80.0) -> WardMap | None:
    """The map with its ward shapes simplified for the browser (shared edges kept)."""
    if wm is not None:
        wm.wards = geography.simplify_for_display(wm.wards, tolerance_m)
    return wm


def lsoa_deprivation_layer(ws: Workspace, inputs: GeographyInputs, ward_codes: set[str], lad_codes: set[str],
                           tolerance_m: float | None = None):
    """LSOA polygons with IoD2019 for the area (from a stored LSOA layer), or None; simplified for the
    browser when ``tolerance_m`` is given."""
    for ds_id in inputs.lsoa_layers:
        gdf = boundary_reader.read_any_boundaries(datasets.get(ws, ds_id))
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
            layer = sub.rename(columns={cols.get("LSOA11CD", "LSOA11CD"): "lsoa_code",
                                        cols.get("LSOA11NM", "LSOA11NM"): "lsoa_name"})
            return layer if tolerance_m is None else geography.simplify_for_display(layer, tolerance_m)
    return None


def harm_deprivation_correlation(wm: WardMap) -> dict:
    """Pearson's r of the harm rate with the IMD score over the wards (Fisher z 95% CI)."""
    return geography.pearson_with_ci(wm.wards["imd_score"], wm.wards["rate"])


def has_ward_treatment_counts(ws: Workspace, measure: str = "people_in_treatment") -> bool:
    """True when counts of people in treatment by home ward (or LSOA) are loaded: the latest
    harm-counts dataset holds the ``people_in_treatment`` measure."""
    held = _latest_per_owner(datasets.catalogue(ws, harm_reader.KIND, owners=readable(ws)))
    tables = [datasets.get(ws, ds_id) for ds_id in held["id"]]
    return any(isinstance(t, pd.DataFrame) and "measure" in t and bool((t["measure"].astype(str) == measure).any())
               for t in tables)
