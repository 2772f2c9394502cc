"""Ward figures for one area straight from files (the ``wards imd`` and ``wards police`` commands):
read with the readers, computed with :mod:`cdp_data.geography`, gated on the way out
(:mod:`cdp_data.services.disclosure`)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import disclosure
from .. import geography
from ..core import limits
from ..core.errors import LoadError
from ..core.memo import BytesMemo, content_key
from ..geography.police import StreetTally, street_tally, tally_counts
from ..geography.windows import Window, window_for_key
from ..sources import boundaries as boundary_reader
from ..sources import imd as imd_reader
from ..sources import lookups as lookup_reader
from ..sources import police as police_reader
from ..sources import population as population_reader


def read_bytes(path: Path) -> bytes:
    """A file's bytes, read in chunks under the byte limit and checked against the other limits."""
    content = limits.read_path(path)
    limits.check_content(path.name, content)
    return content


def _read_csv(path: Path) -> pd.DataFrame:
    return lookup_reader.read(read_bytes(path), path.name)


def area_wards(area: str, *frames) -> pd.DataFrame:
    """The area's wards from boundaries and lookups (:class:`LoadError` when there are none)."""
    named = [lookup_reader.ward_columns(f) for f in frames]
    wards = geography.wards_in_area(geography.ward_table(*_near_area(area, named)), area)
    if wards.empty:
        raise LoadError(f"No wards found for area {area} in the boundaries or lookups given.")
    return wards


WARD_COLUMNS = ["ward_code", "ward_name", "lad_code", "lad_name", "ctyua_code", "ctyua_name"]


def _near_area(area: str, frames: list) -> list:
    """The ward tables cut to the rows of the wards some table places in ``area`` (as its district or county):
    each ward's row of :func:`geography.ward_table` is built from its own rows alone, so the area's wards are
    the same, and combining national tables for each call cost most of it. The tables whole when a cut could
    change anything: England (every ward), a ward code missing, a column typed differently in two tables, or a
    table left with no rows."""
    code = (area or "").strip().upper()
    usable = [f for f in frames if f is not None and len(f) and "ward_code" in f]
    if not _cut_keeps_wards(code, usable):
        return frames
    near: set = set()
    for f in usable:
        for col in ("lad_code", "ctyua_code"):
            if col in f:
                near.update(f.loc[f[col] == code, "ward_code"].tolist())
    cut = [f[f["ward_code"].isin(near)] if any(f is u for u in usable) else f for f in frames]
    if any(c is not f and len(c) == 0 for c, f in zip(cut, frames)):
        return frames
    return cut


def _cut_keeps_wards(code: str, usable: list[pd.DataFrame]) -> bool:
    """False for England, a ward code missing, or a ward column typed differently in two tables."""
    if not usable or code.startswith("E92") or any(f["ward_code"].isna().any() for f in usable):
        return False
    return all(len({str(f[col].dtype) for f in usable if col in f}) <= 1 for col in WARD_COLUMNS)


def _lsoa_population(path: Path | None) -> pd.DataFrame | None:
    if path is None:
        return None
    raw = population_reader.normalise(imd_reader.read(read_bytes(path), path.name), path.name)
    population = raw.rename(columns={"code": "lsoa_code"})
    population.attrs = raw.attrs
    return population


def ward_deprivation_from_files(boundaries: Path, imd: Path, lookup_paths: list[Path], area: str,
                                population: Path | None = None) -> tuple[pd.DataFrame, str]:
    """The IoD aggregated to the area's wards (population-weighted) and the IoD vintage."""
    ward_bounds = boundary_reader.read_boundaries(read_bytes(boundaries), boundaries.name, content_checked=True)
    table, vintage = imd_reader.normalise(imd_reader.read(read_bytes(imd), imd.name), imd.name)
    frames = [_read_csv(p) for p in lookup_paths]
    want = "2021" if vintage == "IoD2025" else "2011"
    lsoa_lookups = [lookup_reader.lsoa_ward_lookup(f) for f in frames if lookup_reader.lookup_kind(f) == "lsoa_ward"]
    lookup = next((lk for lk in lsoa_lookups if lk["lsoa_vintage"].iloc[0] == want), None)
    if lookup is None:
        raise LoadError(f"{vintage} uses LSOA {want} codes: give an LSOA {want} to ward lookup with --lookup.")
    lsoa_population = _lsoa_population(population)
    wards = area_wards(area, ward_bounds, *frames)
    result = geography.ward_deprivation(table, lookup, wards, lsoa_population, vintage=vintage)
    return result.table, vintage


def police_counts_from_files(streets: list[Path], lookup_paths: list[Path], area: str, crime_type: str = "Drugs",
                             boundaries: Path | None = None, window: str | None = None
                             ) -> tuple[pd.DataFrame, dict]:
    """Ward counts for an area straight from street files and lookups, as they may be shown: counted over one
    whole calendar quarter the files hold (``window``, e.g. ``"2025-Q3"``; the latest when not given) and
    passed through :mod:`cdp_data.services.disclosure` (``count`` None and ``suppressed`` True under 5).

    ``info``: ``window`` (key), ``windows`` (every quarter offered), ``months``, ``not_located`` by force
    (gated) and ``unmatched`` (gated)."""
    counts, lookups, frames = read_police(streets, lookup_paths)
    return police_figures(counts, lookups, _police_area_wards(area, boundaries, frames), crime_type, window)


def read_police(streets: list[Path], lookup_paths: list[Path]) -> tuple[pd.DataFrame, list[pd.DataFrame], list]:
    """Street files counted by LSOA, month, force and crime type; the normalised LSOA to ward lookups; and the
    lookup files as read (for the area's wards)."""
    return read_police_with(streets, [_read_csv(p) for p in lookup_paths])


def read_police_with(streets: list[Path], frames: list[pd.DataFrame]) -> tuple[pd.DataFrame, list, list]:
    """:func:`read_police` with the lookup files already read (``frames``)."""
    lookups = [lookup_reader.lsoa_ward_lookup(f) for f in frames if lookup_reader.lookup_kind(f) == "lsoa_ward"]
    if not lookups:
        raise LoadError("None of the --lookup files is an LSOA to ward lookup (LSOA11CD/LSOA21CD and WDyyCD).")
    s11 = set().union(*[set(lk["lsoa_code"].tolist()) for lk in lookups if lk["lsoa_vintage"].iloc[0] == "2011"])
    s21 = set().union(*[set(lk["lsoa_code"].tolist()) for lk in lookups if lk["lsoa_vintage"].iloc[0] == "2021"])
    # The LSOA 2011 → 2021 lookup (if given) tells the two code sets apart even without both ward lookups.
    bridge11, bridge21 = lookup_reader.lsoa_code_sets(
        [f for f in frames if lookup_reader.lookup_kind(f) == "lsoa11_lsoa21"])
    s11, s21 = s11 | bridge11, s21 | bridge21
    counts = pd.concat([tally_counts(_street_tally(p), s11, s21) for p in streets], ignore_index=True)
    return counts, lookups, frames


# Street files counted, kept by their bytes: the same months are read again for each partnership of a force, each
# quarter asked for and each ``wards`` command of a session, and reading and counting them is most of the cost.
# The tally depends on the bytes alone (a file that cannot be read is not kept, so it gives its sentence each
# time); at most TALLY_HOLD_ROWS rows are kept in all, the least recently used dropped first.
TALLY_HOLD_ROWS = 200_000
_tallies = BytesMemo(TALLY_HOLD_ROWS, weigh=lambda tally: len(tally.counts))


def _street_tally(path: Path) -> StreetTally:
    content = read_bytes(path)
    key = content_key(content)
    tally = _tallies.get(key)
    if tally is None:
        tally = street_tally(police_reader.read_street(content, path.name))
        _tallies.put(key, tally)
    return tally


def police_figures(counts: pd.DataFrame, lookups: list[pd.DataFrame], wards: pd.DataFrame, crime_type: str,
                   window: str | None) -> tuple[pd.DataFrame, dict]:
    """The wards' counts over one offered window (see :func:`police_counts_from_files`), gated."""
    ward_counts, info = _window_counts(counts, lookups, wards, crime_type, window)
    info.update(not_located=disclosure.by_key(info["not_located"]), unmatched=disclosure.count(info["unmatched"]))
    return disclosure.counts(ward_counts, ["count"]), info


def _window_counts(counts: pd.DataFrame, lookups: list[pd.DataFrame], wards: pd.DataFrame, crime_type: str,
                   window: str | None) -> tuple[pd.DataFrame, dict]:
    months = _months(counts, crime_type)
    chosen = _window(months, crime_type, window)
    ward_counts, info = geography.police_ward_counts(counts, lookups, wards, crime_type, (chosen.first, chosen.last))
    info.update(window=chosen.key, windows=[w.key for w in disclosure.police_windows(months)])
    return ward_counts, info


def unsuppressed_police_counts(streets: list[Path], frames: list[pd.DataFrame], area: str, crime_type: str,
                               boundaries: Path | None, window: str | None) -> tuple[pd.DataFrame, dict]:
    """Ward counts for an area over one offered window (a whole quarter), counts under 5 still there: for the
    services that gate what they build from them (the inequality figures), never to be shown as they are."""
    counts, lookups, _ = read_police_with(streets, frames)
    return _window_counts(counts, lookups, _police_area_wards(area, boundaries, frames), crime_type, window)


def _police_area_wards(area: str, boundaries: Path | None, frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The area's wards: from the boundaries file when given (the lookups only fill in names and parents),
    else from the lookups."""
    extra = ([boundary_reader.read_boundaries(read_bytes(boundaries), boundaries.name, content_checked=True)]
             if boundaries else [])
    wards = area_wards(area, *extra, *frames)
    if boundaries:
        wards = wards[wards["ward_code"].isin(set(extra[0]["ward_code"]))]
    return wards


def _months(counts: pd.DataFrame, crime_type: str) -> list[str]:
    return sorted(counts.loc[counts["crime_type"].str.lower() == crime_type.lower(), "month"].unique())


def _window(months: list[str], crime_type: str, key: str | None) -> Window:
    """The offered window ``key`` names, else the latest; a plain sentence when there is none or ``key`` is
    not offered (``months``: the months the files hold of ``crime_type``)."""
    offered = disclosure.police_windows(months)
    if not offered:
        raise LoadError(f"Police counts are given for whole calendar quarters only, and these files hold no "
                        f"quarter with all three months of {crime_type} crimes (months held: "
                        f"{', '.join(months) or 'none'}).")
    if key is None:
        return offered[-1]
    chosen = disclosure.police_window(months, key)
    if window_for_key(key) != chosen:
        raise LoadError(f"The quarter '{key}' is not one these files hold whole; quarters held: "
                        f"{', '.join(w.key for w in offered)}.")
    return chosen
