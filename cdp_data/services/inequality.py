"""Harm by deprivation across a partnership's wards (the "Inequality" section of the ward map and the
``wards inequality`` command): gathers un-suppressed ward counts, IMD scores and populations and hands them
to :func:`cdp_data.geography.ward_inequality`, which withholds what small counts would give away."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import geography
from ..core.errors import LoadError
from ..core.memo import BytesMemo, content_key
from ..geography.inequality import WardInequality
from ..geography.ward_map import WardMap
from ..present import geography as words
from ..sources import imd as imd_reader
from ..sources import lookups as lookup_reader
from ..sources import population as population_reader
from .ward_files import read_bytes, unsuppressed_police_counts

LSOA_LEVEL = {"lsoa11": "2011", "lsoa21": "2021"}


def ward_map_inequality(wm: WardMap | None) -> WardInequality | None:
    """The inequality of the ward map's harm measure by deprivation fifth, or None when the map has no
    deprivation or no harm counts."""
    if wm is None or wm.harm_counts is None or "imd_score" not in wm.wards or "population" not in wm.wards:
        return None
    table = pd.DataFrame(wm.wards.drop(columns="geometry", errors="ignore"))[["ward_code", "imd_score",
                                                                              "population"]]
    frame = table.merge(wm.harm_counts[["ward_code", "count"]], on="ward_code", how="left")
    return geography.ward_inequality(frame, wm.multiplier)


# The IoD and population tables read and normalised, kept by their bytes and file name (the name is in their
# warnings and errors): the same national files are given to each ``wards inequality`` command of a session, and
# parsing them is much of its cost. Only what was read without error is kept; each use gets its own copy; at most
# HOLD_TABLES are kept, the least recently used dropped first.
HOLD_TABLES = 4
_tables = BytesMemo(HOLD_TABLES)


def _normalised(path: Path, normalise) -> tuple:
    """``normalise(read(bytes), name)`` as a tuple, its frames copied (from the kept tables when the bytes were
    read before)."""
    content = read_bytes(path)
    key = content_key(content, normalise.__module__, path.name)
    held = _tables.get(key)
    if held is None:
        result = normalise(imd_reader.read(content, path.name), path.name)
        held = result if isinstance(result, tuple) else (result,)
        _tables.put(key, held)
    return tuple(x.copy() if isinstance(x, pd.DataFrame) else x for x in held)


def _population(path: Path) -> pd.DataFrame:
    table = _normalised(path, population_reader.normalise)[0]
    if table.empty:
        raise LoadError(f"{path.name} has no population figures.")
    return table


def _ward_populations(population: pd.DataFrame, codes: pd.Series, lookups: dict[str, pd.DataFrame]
                      ) -> tuple[pd.Series, str]:
    level = population["level"].iloc[0]
    label = population.attrs.get("label", "population")
    if level == "ward":
        pop = population.rename(columns={"code": "ward_code"})[["ward_code", "population"]]
        pop.attrs["label"] = label
        series, source = geography.ward_populations(codes, pop, {}, lookups, None)
        return series, words.population_text(source, ward_population=pop)
    key = LSOA_LEVEL[level]
    if key not in lookups:
        raise LoadError(f"The population table is by LSOA {key}: give an LSOA {key} to ward lookup with --lookup.")
    pop = population.rename(columns={"code": "lsoa_code"})[["lsoa_code", "population"]]
    pop.attrs["label"] = label
    series, source = geography.ward_populations(codes, None, {key: pop}, lookups, None)
    return series, words.population_text(source, lsoa_population={key: pop})


def _imd_scores(imd: Path, lookups: dict[str, pd.DataFrame], wards: pd.DataFrame,
                population: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    table, vintage = _normalised(imd, imd_reader.normalise)
    want = "2021" if vintage == "IoD2025" else "2011"
    if want not in lookups:
        raise LoadError(f"{vintage} uses LSOA {want} codes: give an LSOA {want} to ward lookup with --lookup.")
    weights = None
    if population["level"].iloc[0] == f"lsoa{want[2:]}":
        weights = population.rename(columns={"code": "lsoa_code"})
        weights.attrs = population.attrs
    result = geography.ward_deprivation(table, lookups[want], wards, weights, vintage=vintage)
    return result.table[["ward_code", "imd_score"]], vintage


def ward_inequality_from_files(streets: list[Path], lookup_paths: list[Path], imd: Path, population: Path,
                               area: str, crime_type: str = "Drugs", boundaries: Path | None = None,
                               quarter: str | None = None, multiplier: int = 1_000
                               ) -> tuple[WardInequality, dict]:
    """Police counts of ``crime_type`` per ``multiplier`` residents by deprivation fifth of the area's wards,
    straight from files, over one whole calendar quarter (``quarter``, e.g. "2025-Q3"; the latest when not given:
    the windows police counts are offered for); and what was used (IoD vintage, population, quarter, months)."""
    frames = [lookup_reader.read(read_bytes(p), p.name) for p in lookup_paths]
    lookups = {}
    for frame in frames:
        if lookup_reader.lookup_kind(frame) == "lsoa_ward":
            lk = lookup_reader.lsoa_ward_lookup(frame)
            lookups.setdefault(lk["lsoa_vintage"].iloc[0], lk)
    counts, info = unsuppressed_police_counts(streets, frames, area, crime_type, boundaries, quarter)
    pop_table = _population(population)
    scores, vintage = _imd_scores(imd, lookups, counts[["ward_code", "ward_name"]], pop_table)
    ward_pop, pop_label = _ward_populations(pop_table, counts["ward_code"], lookups)
    frame = counts.merge(scores, on="ward_code", how="left")
    frame["population"] = frame["ward_code"].map(ward_pop).astype(float)
    info.update(vintage=vintage, population=pop_label, wards=int(len(frame)))
    return geography.ward_inequality(frame, multiplier), info
