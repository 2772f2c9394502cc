"""The ward map's table: every ward of an area with its deprivation, harm count, rate, CI, comparison
with the area and bivariate class, worked out from the geography held (no I/O, no display text).

Notes for the page are codes (:data:`NOTE_POLICE_CAVEAT`, :data:`NOTE_UNMATCHED`);
:mod:`cdp_data.present.geography` words them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .correlation import bivariate_classes
from .deprivation import ward_deprivation
from .harm import harm_ward_counts, ward_populations
from .police import police_ward_counts
from .rates import ward_rates
from .windows import complete_quarters

VINTAGES = {"IoD2019": "imd2019_lsoa11", "IoD2025": "imd2025_lsoa21"}
LSOA_VINTAGE = {"IoD2019": "2011", "IoD2025": "2021"}
POLICE_MEASURE = "police_drug_offences_open_data"
SYNTHETIC_MEASURES = ("drug_offences", "drug_poisoning_admissions")
NOTE_POLICE_CAVEAT = "police_caveat"
NOTE_UNMATCHED = "unmatched_lsoa_codes"


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
    population_label: str = ""       # in words, set by the service from ``population_source``
    population_source: str = ""      # where the populations come from (``harm.FROM_*``)
    notes: list[str] = field(default_factory=list)     # note codes (NOTE_*)
    not_located: dict = field(default_factory=dict)
    attributions: list[str] = field(default_factory=list)
    licences: list[str] = field(default_factory=list)  # keys of core.attributions.LINES
    harm_months: list[str] = field(default_factory=list)
    harm_window: str | None = None                     # the police window's key ("2025-Q3"), set by the service
    unmatched: int = 0
    harm_counts: pd.DataFrame | None = None   # un-suppressed ward counts, for the inequality figures only


def available_vintages(inputs: GeographyInputs) -> list[str]:
    """The IoD vintages that can be mapped: the IoD table and the LSOA lookup of its vintage are held."""
    return [v for v in VINTAGES if v in inputs.imd and LSOA_VINTAGE[v] in inputs.lookups]


def harm_measure_ids(inputs: GeographyInputs, is_synthetic: bool) -> list[str]:
    """The harm measures that can be mapped, police offences first (when a whole calendar quarter is held)."""
    if is_synthetic:
        return list(SYNTHETIC_MEASURES)
    out = []
    if complete_quarters(police_months(inputs)):  # police counts are offered for whole quarters only
        out.append(POLICE_MEASURE)
    if inputs.harm is not None:
        out += [m for m in inputs.harm.drop_duplicates("measure")["measure"] if m not in out]
    return out


def police_months(inputs: GeographyInputs) -> list[str]:
    if inputs.police is None:
        return []
    return sorted(inputs.police.loc[inputs.police["crime_type"] == "Drugs", "month"].unique())


def _deprivation(inputs: GeographyInputs, area_wards: pd.DataFrame, synthetic: bool, vintage: str | None,
                 result: WardMap) -> pd.DataFrame | None:
    """Ward deprivation for the chosen (else the newest) IoD vintage, or the demo's synthetic figures."""
    if synthetic:
        figures = inputs.demo_figures.drop(columns=["ward_name", "area_code"], errors="ignore")
        result.vintage = "synthetic"   # the words for synthetic figures are the service's (present.geography)
        return figures[["ward_code", "imd_score", "share_pop_most_deprived_decile", "n_lsoa", "population"]]
    options = available_vintages(inputs)
    chosen = vintage if vintage in options else (options[-1] if options else None)
    if not chosen:
        return None
    lsoa_vintage = LSOA_VINTAGE[chosen]
    dep = ward_deprivation(inputs.imd[chosen], inputs.lookups[lsoa_vintage], area_wards,
                           inputs.lsoa_population.get(lsoa_vintage), vintage=chosen)
    result.vintage, result.deprivation_weights = chosen, dep.weights
    result.licences.append("iod2019" if chosen == "IoD2019" else "iod2025")
    return dep.table.drop(columns=["ward_name", "vintage", "rank_in_area"])


def _harm_counts(inputs: GeographyInputs, measure: str, area_wards: pd.DataFrame, synthetic: bool,
                 deprivation: pd.DataFrame | None, months: tuple[str, str] | None, result: WardMap) -> tuple[pd.DataFrame, pd.Series]:
    """Un-suppressed ward counts of the measure and the populations for its rates (recorded on ``result``)."""
    if synthetic:
        counts = inputs.demo_figures[["ward_code", measure]].rename(columns={measure: "count"})
        return (area_wards.merge(counts, on="ward_code", how="left"),
                inputs.demo_figures.set_index("ward_code")["population"])
    if measure == POLICE_MEASURE:
        counts, info = police_ward_counts(inputs.police, list(inputs.lookups.values()), area_wards, "Drugs", months)
        result.harm_months, result.not_located, result.unmatched = info["months"], info["not_located"], \
            info["unmatched"]
        result.licences.append("police")
        result.notes.append(NOTE_POLICE_CAVEAT)
        if info["unmatched"]:
            result.notes.append(NOTE_UNMATCHED)
    else:
        counts, result.harm_period = harm_ward_counts(inputs.harm, measure, inputs.lookups, area_wards)
    population, result.population_source = ward_populations(
        area_wards["ward_code"], inputs.ward_population, inputs.lsoa_population, inputs.lookups, deprivation)
    return counts, population


def ward_map_table(inputs: GeographyInputs, gdf, synthetic: bool, *, vintage: str | None = None,
                   harm_measure: str | None = None, multiplier: int = 1_000,
                   months: tuple[str, str] | None = None) -> WardMap:
    """The ward map for the area's wards ``gdf`` (one row per ward with its boundary).

    Deprivation: :func:`ward_deprivation` for the chosen vintage (else the newest
    held); harm: the chosen measure (else the first held) as counts, rates per
    ``multiplier`` with Byar's CIs and the comparison with the area
    (:func:`ward_rates`); the bivariate class where both are known. Every figure
    is raw: the service suppresses small counts (and whatever is built on them)
    on the way out. ``harm_label`` is left for the caller to name.
    """
    area_wards = gdf[["ward_code", "ward_name"]]
    result = WardMap(wards=gdf, is_synthetic=synthetic, vintage=None, multiplier=multiplier)
    deprivation = _deprivation(inputs, area_wards, synthetic, vintage, result)
    table = gdf.copy()
    if deprivation is not None:
        table = table.merge(deprivation, on="ward_code", how="left")
        table["rank_in_area"] = table["imd_score"].rank(ascending=False, method="min").astype("Int64")
    measures = harm_measure_ids(inputs, synthetic)
    chosen = harm_measure if harm_measure in measures else (measures[0] if measures else None)
    if chosen:
        counts, population = _harm_counts(inputs, chosen, area_wards, synthetic, deprivation, months, result)
        rates, result.area_rate = ward_rates(counts[["ward_code", "count"]], population, multiplier)
        result.harm_counts = counts[["ward_code", "count"]]
        table = table.drop(columns=["population"], errors="ignore").merge(
            rates.rename(columns={"count": "harm_count"}), on="ward_code",
            how="left")
        result.harm_measure = chosen
    if not synthetic:
        result.licences.append("ons_boundaries")
    if "imd_score" in table and "rate" in table:
        table["bivariate"] = bivariate_classes(table["imd_score"], table["rate"])
    result.wards = table
    return result
