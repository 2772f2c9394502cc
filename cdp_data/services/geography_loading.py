"""Loading geography files into the workspace: ward and LSOA boundaries, ONS lookups, IoD tables,
populations, data.police.uk street files and the harm template.

Each loader reads with its reader in :mod:`cdp_data.sources` (bytes to frames, no
writing), computes what needs the domain (police counts by LSOA), and writes
through :mod:`cdp_data.store.stored_datasets` in one transaction with its load-log line.
"""

from __future__ import annotations

import pandas as pd

from . import disclosure
from .. import geography
from ..core.attributions import LINES
from ..core.kinds import Kind
from ..present.exports import csv_bytes
from ..sources import area_boundaries, boundaries, harm, imd, lookups, police, population
from ..sources.base import LoadReport
from ..store import Workspace
from ..store import stored_datasets as datasets
from . import area_names
from .access import SHARED, write_step, writes
from .ownership import readable, unowned_warning, upload_owner


@writes("boundaries loaded", "admin", scope=SHARED)
def load_boundaries(ws: Workspace, filename: str, content: bytes, **_options) -> LoadReport:
    """Ward boundaries (or an LSOA layer for the LSOA-level deprivation map), stored as EPSG:4326 GeoJSON."""
    layer = boundaries.read(content, filename, content_checked=_options.get("content_checked", False))
    _store_layer(ws, Kind.BOUNDARIES, layer, filename)
    label = "Ward boundaries" if layer.level == "ward" else "LSOA boundaries"
    return LoadReport(Kind.BOUNDARIES, label, filename, rows=layer.rows, summary=layer.summary,
                      details=layer.details)


@writes("boundaries loaded", "admin", scope=SHARED)
def load_area_boundaries(ws: Workspace, filename: str, content: bytes, **_options) -> LoadReport:
    """Boundaries of counties and unitary authorities, or of districts (for the map of areas), stored as
    EPSG:4326 GeoJSON; a later file of the same level and vintage replaces the earlier."""
    layer = area_boundaries.read(content, filename, content_checked=_options.get("content_checked", False))
    _store_layer(ws, Kind.AREA_BOUNDARIES, layer, filename)
    return LoadReport(Kind.AREA_BOUNDARIES, area_boundaries.LEVELS[layer.level][1], filename, rows=layer.rows,
                      summary=layer.summary, details=layer.details)


@write_step
def _store_layer(ws: Workspace, kind: Kind, layer: boundaries.BoundaryLayer, filename: str) -> None:
    """A boundary layer stored (EPSG:4326 GeoJSON, replacing the same kind, name and vintage) with its
    load-log line, in one transaction."""
    with ws.begin() as conn:
        datasets.put(ws, kind, layer.name, layer.payload, vintage=layer.vintage, source="ONS Open Geography Portal",
                     source_file=filename, attribution=LINES["ons_boundaries"], conn=conn)
        datasets.log_load(ws, kind, filename, layer.rows, vintage=layer.vintage, conn=conn)


@writes("lookup loaded", "admin", scope=SHARED)
def load_lookup(ws: Workspace, filename: str, content: bytes, **_options) -> LoadReport:
    frame = lookups.read_lookup(content, filename)
    name, vintage = lookups.describe(frame)
    with ws.begin() as conn:
        datasets.put(ws, Kind.LOOKUP, name, frame, vintage=vintage, source="ONS", source_file=filename,
                     attribution=LINES["ons"], conn=conn)
        renamed = area_names.apply_official_names(ws, conn, lookups.area_names(frame))  # names are official
        datasets.log_load(ws, Kind.LOOKUP, filename, len(frame), vintage=vintage, conn=conn,
                          detail={"area_names_set": [list(r) for r in renamed]} if renamed else None)
    return LoadReport(Kind.LOOKUP, name, filename, rows=len(frame), summary=f"{len(frame):,} rows: {name}",
                      warnings=list(frame.attrs.get("warnings", [])) + area_names.official_warnings([], renamed),
                      details={"vintage": vintage})


@writes("population loaded", "admin", scope=SHARED)
def load_population(ws: Workspace, filename: str, content: bytes, **_options) -> LoadReport:
    table = population.read(content, filename)
    name, vintage, level = population.describe(table)
    with ws.begin() as conn:
        datasets.put(ws, Kind.POPULATION, name, table, vintage=vintage, source="ONS", source_file=filename,
                     attribution=LINES["ons"], conn=conn)
        datasets.log_load(ws, Kind.POPULATION, filename, len(table), vintage=vintage, conn=conn)
    return LoadReport(Kind.POPULATION, name, filename, rows=len(table),
                      summary=f"{len(table):,} {level} populations ({table.attrs['label']})",
                      warnings=list(table.attrs.get("warnings", [])), details={"vintage": vintage})


@writes("deprivation loaded", "admin", scope=SHARED)
def load_imd(ws: Workspace, filename: str, content: bytes, **_options) -> LoadReport:
    """An IoD file, merged into the one stored table of its vintage (File 1 then File 6 make one dataset)."""
    table, vintage = imd.normalise(imd.read(content, filename), filename)
    kind = imd.KIND[vintage]
    existing = datasets.latest(ws, kind)
    stored = imd.merge(existing if isinstance(existing, pd.DataFrame) else None, table)
    with ws.begin() as conn:
        datasets.put(ws, kind, imd.NAME[vintage], stored, vintage=vintage, source="MHCLG", source_file=filename,
                     attribution=imd.ATTRIBUTION[vintage], conn=conn)
        datasets.log_load(ws, kind, filename, len(table), vintage=vintage, conn=conn)
    have = [m for m in ("imd_score", "imd_decile", "population") if stored[m].notna().any()]
    warnings = list(table.attrs.get("warnings", []))
    if "imd_score" not in have:
        warnings.append("No IMD scores yet (File 1/2 hold ranks only): ward scores need File 5/7 or the "
                        "combined table.")
    return LoadReport(kind, imd.NAME[vintage], filename, rows=len(table),
                      summary=f"{len(table):,} LSOAs, {vintage}; now held: {', '.join(have)}",
                      warnings=warnings, details={"vintage": vintage})


def lookup_frames(ws: Workspace) -> list[pd.DataFrame]:
    """Every stored lookup table (newest first)."""
    return [datasets.get(ws, ds.id) for ds in datasets.catalogue(ws, Kind.LOOKUP).itertuples()]


POLICE_KEY = ["month", "force", "crime_type"]   # what one street file replaces


@writes("police data loaded", "admin", scope=SHARED)
def load_police(ws: Workspace, filename: str, content: bytes, **_options) -> LoadReport:
    """A data.police.uk street file counted by LSOA, month, force and crime type (the file is not kept).

    A load replaces the stored counts of exactly the force, month and crime types it holds: a file of
    one crime type leaves the force-month's other crime types alone, and the report says what it replaced.
    """
    s11, s21 = lookups.lsoa_code_sets(lookup_frames(ws))
    street = police.read_street(content, filename)
    counts = geography.police_lsoa_counts(street, s11, s21)
    return _store_police_counts(ws, filename, counts, list(street.attrs.get("warnings", [])))


POLICE_COUNT_COLUMNS = ["month", "force", "lsoa_code", "crime_type", "count", "lsoa_vintage"]


@writes("police data loaded", "admin", scope=SHARED)
def load_police_counts(ws: Workspace, filename: str, counts: pd.DataFrame) -> LoadReport:
    """Street-level crimes already counted by month, force, LSOA and crime type (the bundled demo's extract),
    stored exactly as :func:`load_police` stores the counts of the street files they came from."""
    return _store_police_counts(ws, filename, counts[POLICE_COUNT_COLUMNS].reset_index(drop=True), [])


def _store_police_counts(ws: Workspace, filename: str, counts: pd.DataFrame, warnings: list[str]) -> LoadReport:
    months = sorted(counts["month"].unique())
    not_located = int(counts.loc[counts["lsoa_code"] == "", "count"].sum())
    vintages = sorted(v for v in counts["lsoa_vintage"].unique() if v)
    total = int(counts["count"].sum())
    with ws.begin() as conn:
        replaced = datasets.rows_replaced(ws, police.KIND, counts, POLICE_KEY, conn=conn)
        replaced_crimes = int(replaced["count"].sum()) if len(replaced) else 0
        datasets.merge(ws, police.KIND, police.NAME, counts, POLICE_KEY, conn=conn, vintage=None,
                       source="data.police.uk", source_file=filename, attribution=LINES["police"])
        datasets.log_load(ws, Kind.POLICE_STREET, filename, total, vintage=_months_text(months),
                          action="replaced" if replaced_crimes else "loaded",
                          detail={"not_located": not_located and disclosure.count(not_located),
                                  "lsoa_vintage": vintages,
                                  "replaced_crimes": replaced_crimes and disclosure.count(replaced_crimes)}, conn=conn)
    # Through the gate; "none" stays 0 (a report about the file's own rows, where 0 means nothing to say).
    shown_not_located, shown_replaced = (n and disclosure.count(n) for n in (not_located, replaced_crimes))
    if not_located:
        warnings.append(f"{_count_words(shown_not_located, 'rows')} have no location; they are counted as "
                        "'not located'.")
    if replaced_crimes:
        warnings.append(f"{_count_words(shown_replaced, 'crimes')} counted from an earlier file for the same force, "
                        "month and crime type were replaced by this file's; other crime types and months were kept.")
    return LoadReport(Kind.POLICE_STREET, "data.police.uk street-level crime", filename, rows=total,
                      summary=f"{total:,} crimes, {', '.join(months)}, LSOA {'/'.join(vintages)}"
                              " codes (counted by LSOA; the file itself is not kept)",
                      warnings=warnings, details={"months": months, "not_located": shown_not_located,
                                                  "replaced_crimes": shown_replaced})


def _months_text(months: list[str]) -> str:
    """The months of a load for its log line (which holds 64 characters): listed, or their span when many."""
    return ",".join(months) if len(months) <= 5 else f"{months[0]} to {months[-1]} ({len(months)} months)"


def _count_words(n: int | None, noun: str) -> str:
    """"1,234 rows", or "Fewer than 5 rows" for a count the gate withheld."""
    return f"Fewer than 5 {noun}" if n is None else f"{n:,} {noun}"


@writes("local harm counts loaded")
def load_harm(ws: Workspace, filename: str, content: bytes, **options) -> LoadReport:
    """Ward or LSOA harm counts from the app's template, the partnership's own (``partnership_code``, or the
    workspace's only one): read by its members only. A load replaces exactly the measure, period and geography
    codes it holds among that partnership's counts (a file for some wards leaves the others alone) and says how
    many it replaced."""
    table = harm.read(content, filename)
    owner = upload_owner(ws, options.get("partnership_code"))
    with ws.begin() as conn:
        replaced = len(datasets.rows_replaced(ws, harm.KIND, table, HARM_KEY, conn=conn, owner=owner))
        datasets.merge(ws, harm.KIND, "Ward and LSOA harm counts (local)", table, HARM_KEY, conn=conn,
                       vintage=None, source="local", source_file=filename, owner=owner)
        datasets.log_load(ws, harm.KIND, filename, len(table), action="replaced" if replaced else "loaded",
                          detail={"replaced_rows": replaced}, conn=conn)
    measures = ", ".join(sorted(table["measure_name"].unique()))
    counts = "1 count" if replaced == 1 else f"{replaced:,} counts"
    warnings = list(table.attrs.get("warnings", []))
    warnings += unowned_warning(ws, len(table) if owner is None else 0)
    if replaced:
        warnings.append(f"{counts} from an earlier file for the same measure, period and area "
                        f"{'was' if replaced == 1 else 'were'} replaced; all other counts were kept.")
    return LoadReport(Kind.HARM_TEMPLATE, "Ward or LSOA harm counts", filename, rows=len(table),
                      summary=f"{len(table):,} rows: {measures}", warnings=warnings,
                      details={"replaced_rows": replaced})


HARM_KEY = ["measure", "period", "geography_code"]   # what one harm file replaces


HARM_MEASURES = harm.MEASURES   # measure id -> what it counts, for the Data page


def harm_template_csv() -> bytes:
    """The blank harm template with example rows (CSV bytes), offered on the Data page."""
    return csv_bytes(harm.template_frame())


GEOGRAPHY_KINDS = [Kind.BOUNDARIES, Kind.AREA_BOUNDARIES, Kind.LOOKUP, Kind.IMD2019_LSOA11, Kind.IMD2025_LSOA21, Kind.POPULATION,
                   police.KIND, harm.KIND]


def geography_status(ws: Workspace) -> pd.DataFrame:
    """What geography the workspace holds, for the Data page."""
    held = datasets.catalogue(ws, owners=readable(ws))
    geo_held = held[held["kind"].isin([str(k) for k in GEOGRAPHY_KINDS])]
    return geo_held[["kind", "name", "vintage", "rows", "source_file", "loaded_at", "is_synthetic"]]
