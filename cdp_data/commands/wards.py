"""``wards imd`` and ``wards police``: ward figures for one area straight from files."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

import pandas as pd

from ..cli import print_json
from ..core.errors import LoadError


def register(sub) -> None:
    parser = sub.add_parser("wards", help="ward deprivation and police counts for an area, from files")
    wsub = parser.add_subparsers(dest="wards_command", metavar="ACTION")

    imd = wsub.add_parser("imd", help="IoD aggregated to the area's wards (population-weighted)")
    imd.add_argument("--boundaries", type=Path, required=True, help="ward boundaries (GeoJSON or zipped shapefile)")
    imd.add_argument("--imd", type=Path, required=True, help="IoD2019 or IoD2025 LSOA table")
    imd.add_argument("--lookup", type=Path, required=True, nargs="+",
                     help="LSOA to ward best-fit lookup (and optionally the ward to LAD/county lookup)")
    imd.add_argument("--population", type=Path, help="LSOA population (weights when the IoD file has none)")
    imd.add_argument("--area", required=True, help="partnership area code (E06/E07/E08/E09/E10...)")
    imd.add_argument("--json", action="store_true", help="print JSON")
    imd.set_defaults(func=_imd)

    police = wsub.add_parser("police", help="data.police.uk street crimes counted by ward")
    police.add_argument("--street", type=Path, nargs="+", required=True, help="street-level crime CSVs")
    police.add_argument("--lookup", type=Path, nargs="+", required=True,
                        help="LSOA 2011 and/or 2021 to ward lookups (and optionally the ward lookup)")
    police.add_argument("--boundaries", type=Path, help="ward boundaries defining the area's wards (optional)")
    police.add_argument("--area", required=True, help="partnership area code")
    police.add_argument("--crime-type", default="Drugs", help="crime type to count (default Drugs)")
    police.add_argument("--from-month", help="first month YYYY-MM (default: all)")
    police.add_argument("--to-month", help="last month YYYY-MM (default: all)")
    police.add_argument("--json", action="store_true", help="print JSON")
    police.set_defaults(func=_police)
    parser.set_defaults(func=lambda args: parser.print_help() or 2)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise LoadError(f"Cannot read {path}: {exc.strerror or exc}.") from exc


def _read_csv(path: Path) -> pd.DataFrame:
    from ..sources.lookups import read

    return read(_read_bytes(path), path.name)


def _area_wards(area: str, *frames) -> pd.DataFrame:
    from .. import geography as geo

    wards = geo.wards_in_area(geo.ward_table(*frames), area)
    if wards.empty:
        raise LoadError(f"No wards found for area {area} in the boundaries or lookups given.")
    return wards


def _clean(value):
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    return value


def _imd(args: argparse.Namespace) -> int:
    from .. import geography as geo
    from ..sources import imd as imd_source
    from ..sources import population as pop_source

    boundaries = geo.read_boundaries(_read_bytes(args.boundaries), args.boundaries.name)
    table, vintage = imd_source.normalise(imd_source.read(_read_bytes(args.imd), args.imd.name), args.imd.name)
    frames = [_read_csv(p) for p in args.lookup]
    want = "2021" if vintage == "IoD2025" else "2011"
    lsoa_lookups = [geo.lsoa_ward_lookup(f) for f in frames if geo.lookup_kind(f) == "lsoa_ward"]
    lookup = next((lk for lk in lsoa_lookups if lk["lsoa_vintage"].iloc[0] == want), None)
    if lookup is None:
        raise LoadError(f"{vintage} uses LSOA {want} codes: give an LSOA {want} to ward lookup with --lookup.")
    population = None
    if args.population:
        raw = pop_source.normalise(imd_source.read(_read_bytes(args.population), args.population.name),
                                   args.population.name)
        population = raw.rename(columns={"code": "lsoa_code"})
        population.attrs = raw.attrs
    wards = _area_wards(args.area, boundaries, *frames)
    result = geo.ward_deprivation(table, lookup, wards, population, vintage=vintage).table
    records = [{"ward_code": r.ward_code, "ward_name": r.ward_name,
                "imd_score": _clean(None if pd.isna(r.imd_score) else round(float(r.imd_score), 4)),
                "share_pop_most_deprived_decile": _clean(None if pd.isna(r.share_pop_most_deprived_decile)
                                                         else round(float(r.share_pop_most_deprived_decile), 4)),
                "n_lsoa": int(r.n_lsoa)} for r in result.itertuples()]
    if args.json:
        print_json(records)
    else:
        print(f"{vintage}, {len(records)} wards in {args.area}")
        for r in records:
            score = "no LSOA" if r["imd_score"] is None else f"{r['imd_score']:.2f}"
            print(f"  {r['ward_code']} {r['ward_name']}: IMD score {score}, {r['n_lsoa']} LSOAs")
    return 0


def police_counts_from_files(streets: list[Path], lookup_paths: list[Path], area: str, crime_type: str = "Drugs",
                             boundaries: Path | None = None, months: tuple[str, str] | None = None
                             ) -> tuple[pd.DataFrame, dict]:
    """Ward counts (suppressed) for an area straight from street files and lookups."""
    from .. import geography as geo
    from ..sources.police import count_file

    frames = [_read_csv(p) for p in lookup_paths]
    lookups = [geo.lsoa_ward_lookup(f) for f in frames if geo.lookup_kind(f) == "lsoa_ward"]
    if not lookups:
        raise LoadError("None of the --lookup files is an LSOA to ward lookup (LSOA11CD/LSOA21CD and WDyyCD).")
    s11 = set().union(*[set(lk["lsoa_code"]) for lk in lookups if lk["lsoa_vintage"].iloc[0] == "2011"])
    s21 = set().union(*[set(lk["lsoa_code"]) for lk in lookups if lk["lsoa_vintage"].iloc[0] == "2021"])
    # The LSOA 2011 → 2021 lookup (if given) tells the two code sets apart even without both ward lookups.
    for f in frames:
        if geo.lookup_kind(f) == "lsoa11_lsoa21":
            cols = {c.upper(): c for c in f.columns}
            s11 |= set(f[cols["LSOA11CD"]])
            s21 |= set(f[cols["LSOA21CD"]])
    counts = pd.concat([count_file(_read_bytes(p), p.name, s11, s21) for p in streets], ignore_index=True)
    extra = [geo.read_boundaries(_read_bytes(boundaries), boundaries.name)] if boundaries else []
    wards = _area_wards(area, *extra, *frames)
    if boundaries:  # the boundaries define the ward list; lookups only fill in names/parents
        wards = wards[wards["ward_code"].isin(set(extra[0]["ward_code"]))]
    ward_counts, info = geo.police_ward_counts(counts, lookups, wards, crime_type, months)
    return geo.suppress_ward_counts(ward_counts, "count"), info


def _police(args: argparse.Namespace) -> int:
    months = None
    if args.from_month or args.to_month:
        months = (args.from_month or "0000-00", args.to_month or "9999-99")
    counts, info = police_counts_from_files(args.street, args.lookup, args.area, args.crime_type, args.boundaries,
                                            months)
    records = [{"ward_code": r.ward_code, "ward_name": r.ward_name,
                "count": None if pd.isna(r.count) else int(r.count), "suppressed": bool(r.suppressed)}
               for r in counts.itertuples()]
    if args.json:
        print_json(records)
    else:
        print(f"{args.crime_type} by ward in {args.area}, months {', '.join(info['months'])}")
        for r in records:
            shown = "suppressed (under 5)" if r["suppressed"] else f"{r['count']:,}"
            print(f"  {r['ward_code']} {r['ward_name']}: {shown}")
        for force, n in info["not_located"].items():
            print(f"  not located ({force}, whole force): {n:,}")
    return 0
