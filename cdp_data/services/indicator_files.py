"""Loading indicator files into the workspace: Fingertips exports, NDTMS tables, prevalence estimates and
the app's local-figures template.

Each loader reads the bytes with its reader in :mod:`cdp_data.sources` (pure: bytes to a tidy table and
warnings), writes through :func:`cdp_data.services.indicator_loading.store_values` or the store's
repositories, and returns a :class:`~cdp_data.sources.base.LoadReport`.
"""

from __future__ import annotations

import re

import pandas as pd
import pyarrow as pa

from ..core.errors import LoadError
from ..core.kinds import Kind
from ..core.periods import period_dates
from ..indicators.values import complete_values
from ..sources import fingertips, ndtms, prevalence, template
from ..sources.base import LoadReport
from ..store import Workspace
from ..store import area_register, indicator_catalogue, load_history
from ..store import indicator_values as data
from . import area_names
from .indicator_loading import replacement_warnings, store_values
from .access import SHARED, require_each, writes
from .ownership import figure_owners, unowned_warning


# ---- Fingertips ----------------------------------------------------------------
@writes("Fingertips data loaded", "admin", scope=SHARED)
def load_fingertips_export(ws: Workspace, filename: str, content: bytes, **_options) -> LoadReport:
    """Load a Fingertips export into the workspace's indicator values."""
    frame, skipped = fingertips.read_checked(content, filename)
    if frame.num_rows == 0:
        raise LoadError(f"{filename} is a Fingertips export with no rows.")
    report = store_fingertips(ws, frame, filename, kind=Kind.FINGERTIPS_EXPORT.value, label="Fingertips data export")
    report.warnings = skipped + report.warnings
    return report


def store_fingertips(ws: Workspace, frame: pa.Table, filename: str, *, kind: str, label: str) -> LoadReport:
    """Store a table from :func:`cdp_data.sources.fingertips.read_export` (or several concatenated) and report."""
    frame, warnings = fingertips.usable_rows(frame, filename)
    result = store_values(ws, frame, kind=kind, filename=filename, source=fingertips.SOURCE)
    if result["added_to_catalogue"]:
        warnings.append(
            f"New indicator(s) {', '.join(result['added_to_catalogue'])} added to the catalogue as 'not compared': "
            "set which way is better on the Data page.")
    warnings += replacement_warnings(result, "an earlier extract")
    summary = (f"{result['rows']:,} values for {len(result['indicators'])} indicator(s), {result['areas']} areas, "
               f"{len(result['periods'])} periods ({result['periods'][0]} to {result['periods'][-1]}).")
    return LoadReport(kind=kind, label=label, filename=filename, rows=result["rows"], summary=summary,
                      warnings=warnings,
                      details={"indicators": result["indicators"], "areas": result["areas"],
                               "periods": result["periods"], "replaced_rows": result["replaced_rows"]})


# ---- NDTMS -----------------------------------------------------------------------
NDTMS_CODE = re.compile(r"^E(06|07|08|09|10|11|12|13)\d{6}$")
LOOKUP_NAME_COLUMN = re.compile(r"^(utla|ctyua|lad)")


def _codes_from_lookups(ws: Workspace, missing: dict[str, str], found: dict[str, str]) -> None:
    for ds in ws.datasets("lookup").itertuples():
        table = ws.get_dataset(int(ds.id))
        if not isinstance(table, pd.DataFrame):
            continue
        cols = {c.lower(): c for c in table.columns}
        for nm in [c for c in cols if c.endswith("nm")]:
            cd = nm[:-2] + "cd"
            if cd not in cols or not LOOKUP_NAME_COLUMN.match(nm):
                continue
            for code, name in table[[cols[cd], cols[nm]]].drop_duplicates().itertuples(index=False):
                key = str(name).strip().lower()
                if key in missing and missing[key] not in found:
                    found[missing[key]] = code


def ndtms_area_codes(ws: Workspace, names: list[str]) -> dict[str, str]:
    """GSS codes for area names: England, then the workspace's areas, then stored ONS lookups."""
    found = {n: ndtms.ENGLAND_CODE for n in names if n.strip().lower() == "england"}
    wanted = {n.strip().lower(): n for n in names if n not in found}
    if wanted:
        for row in area_register.codes_and_names(ws).itertuples():
            key = str(row.name).strip().lower()
            if key in wanted and NDTMS_CODE.match(row.code):
                found.setdefault(wanted[key], row.code)
    missing = {k: v for k, v in wanted.items() if v not in found}
    if missing:
        _codes_from_lookups(ws, missing, found)
    return found


@writes("NDTMS data loaded", "admin", scope=SHARED)
def load_ndtms(ws: Workspace, filename: str, content: bytes, **_options) -> LoadReport:
    """Load an NDTMS ViewIt export (England or local authority layout)."""
    frame, warnings = ndtms.read_counts(content, filename)
    names = ndtms.area_names(frame)
    codes = ndtms_area_codes(ws, names)
    unresolved = [n for n in names if n not in codes]
    if unresolved:
        warnings.append(
            f"No area code found for {', '.join(unresolved)}: load an ONS lookup or a Fingertips export that "
            "names these areas, then load this file again. Their rows were skipped.")
    tidy, more = ndtms.tidy_values(frame, codes, filename, unresolved)
    warnings += more
    result = store_values(ws, tidy, kind="ndtms", filename=filename, source=ndtms.SOURCE)
    warnings += replacement_warnings(result, "an earlier load")
    periods = result["periods"]
    summary = (f"{result['rows']:,} numbers in treatment for {result['areas']} area(s) "
               f"({', '.join(sorted(codes.get(n, n) for n in names if n in codes))}), {len(periods)} years "
               f"({periods[0]} to {periods[-1]}).")
    return LoadReport(kind="ndtms", label="NDTMS numbers in treatment", filename=filename, rows=result["rows"],
                      summary=summary, warnings=warnings,
                      details={"indicators": result["indicators"], "areas": result["areas"], "periods": periods})


# ---- prevalence estimates ------------------------------------------------------------
@writes("prevalence estimates loaded", "admin", scope=SHARED)
def load_prevalence(ws: Workspace, filename: str, content: bytes, **_options) -> LoadReport:
    """Store the estimates as ``alcohol_dependency_prevalence`` values (replacing
    earlier rows for the same area and period)."""
    frame, warnings = prevalence.usable_estimates(prevalence.read_estimates(content, filename), filename)
    with ws.begin() as conn:
        indicator_catalogue.ensure_indicators(
            conn, [(prevalence.INDICATOR_ID, "Estimated number of alcohol-dependent adults")], prevalence.SOURCE)
        entry = indicator_catalogue.entry_in(conn, prevalence.INDICATOR_ID)
        stored = ws.store_file(filename, content, conn=conn)
        load_id = ws.log_load(prevalence.KIND, filename, len(frame), vintage=", ".join(sorted(frame["period"].unique())),
                              file_id=stored.id, conn=conn)
        areas = [{"code": c, "name": n, "area_type": "Upper-tier local authority"}
                 for c, n in frame[["area_code", "area_name"]].drop_duplicates("area_code").itertuples(index=False)]
        official = area_names.official_for_new_areas(ws, conn, areas)
        names_kept = area_register.add_from_upload(ws, conn, areas)
        rows = prevalence.value_rows(frame, name=entry.name if entry else prevalence.INDICATOR_ID,
                                     unit=entry.unit if entry else "count",
                                     polarity=entry.polarity if entry else "no_judgement", filename=filename)
        table = data.to_table(rows.assign(load_id=load_id))
        replaced, files = data.remove_values(conn, table)
        data.write_values(conn, table)
        if replaced or names_kept:
            load_history.record_outcome(conn, load_id, vintage=", ".join(sorted(frame["period"].unique())),
                                        action="replaced" if replaced else "loaded",
                                        detail={"replaced_rows": replaced, "replaced_from": files,
                                                "area_names_kept": [list(n) for n in names_kept]})
    warnings += replacement_warnings({"replaced_rows": replaced, "replaced_from": files,
                                      "area_names_kept": names_kept, "area_names_official": official},
                                     "an earlier load")
    periods = sorted(frame["period"].unique())
    return LoadReport(
        kind=prevalence.KIND, label=prevalence.LABEL, filename=filename, rows=len(rows),
        summary=(f"{len(rows):,} estimates of alcohol-dependent adults for {frame['area_code'].nunique()} areas, "
                 f"{periods[0]} to {periods[-1]}."),
        warnings=warnings,
        details={"areas": int(frame["area_code"].nunique()), "periods": periods},
    )


# ---- the local-figures template --------------------------------------------------------
def _completed(frame: pd.DataFrame, value_types: dict, warnings: list[str]) -> pd.DataFrame:
    pieces = []
    for indicator_id, group in frame.groupby("indicator_id", sort=False):
        value_type = value_types.get(indicator_id)
        filled = complete_values(group, value_type)
        pieces.append(filled.drop(columns="ci_computed"))
        if filled["ci_computed"].any():
            method = "Wilson" if value_type == "proportion" else "Byar's"
            warnings.append(f"{indicator_id}: {int(filled['ci_computed'].sum())} 95% interval(s) computed "
                            f"({method}) from count and denominator.")
    frame = pd.concat(pieces)
    frame["note"] = frame["note"].astype(object).where(frame["note"].notna(), None)
    frame.loc[frame["value"].isna() & frame["note"].isna(), "note"] = "No value given"
    return frame


@writes("local figures loaded")
def load_template(ws: Workspace, filename: str, content: bytes, **options) -> LoadReport:
    """Load local figures entered in the app's template. They belong to a partnership (``owner``), read by its
    members only: each row to its area's partnership, rows for other areas to the file's (``partnership_code``)."""
    frame, warnings = template.read_figures(filename, content)
    frame = _completed(frame, indicator_catalogue.value_types(ws), warnings)
    owners = frame["area_code"].map(figure_owners(ws, frame["area_code"], options.get("partnership_code")))
    require_each(ws, owners.dropna().unique(), "editor")  # every partnership whose figures the file holds
    warnings += unowned_warning(ws, int(owners.isna().sum()))
    sources = frame.pop("source_given").fillna(template.SOURCE_DEFAULT)
    results = [store_values(ws, group, kind=Kind.INDICATOR_TEMPLATE.value, filename=filename, source=source,
                            owner=owner or None)
               for (source, owner), group in frame.groupby([sources, owners.fillna("")], sort=False)]
    warnings += [w for r in results for w in replacement_warnings(r, "an earlier load")]
    rows = sum(r["rows"] for r in results)
    indicators = sorted({i for r in results for i in r["indicators"]})
    added = sorted({i for r in results for i in r["added_to_catalogue"]})
    if added:
        warnings.append(f"New local indicator(s) {', '.join(added)} added to the catalogue as 'not compared': "
                        "set which way is better on the Data page.")
    periods = sorted({p for r in results for p in r["periods"]}, key=lambda p: (str(period_dates(p)[1]), p))
    summary = f"{rows:,} local figures for {len(indicators)} indicator(s) and {frame['area_code'].nunique()} area(s)."
    return LoadReport(kind=Kind.INDICATOR_TEMPLATE.value, label="Local figures (the app's template)", filename=filename,
                      rows=rows, summary=summary, warnings=warnings,
                      details={"indicators": indicators, "areas": int(frame["area_code"].nunique()),
                               "periods": periods})
