"""``wards imd`` and ``wards police``: ward figures for one area straight from files."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

import pandas as pd

from ._common import print_json
from ..core.errors import CDPError
from ..services.ward_files import police_counts_from_files, ward_deprivation_from_files


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
    police.add_argument("--quarter", metavar="YYYY-QN",
                        help="the calendar quarter to count, e.g. 2025-Q3 (default: the latest the files hold whole); "
                             "counts are given for whole quarters only, so that no two windows can be subtracted")
    police.add_argument("--from-month", help=argparse.SUPPRESS)  # refused with a sentence: see _police
    police.add_argument("--to-month", help=argparse.SUPPRESS)
    police.add_argument("--json", action="store_true", help="print JSON")
    police.set_defaults(func=_police)
    parser.set_defaults(func=lambda args: parser.print_help() or 2)


def _clean(value):
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    return value


def _imd(args: argparse.Namespace) -> int:
    result, vintage = ward_deprivation_from_files(args.boundaries, args.imd, args.lookup, args.area,
                                                  args.population)
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


def _police(args: argparse.Namespace) -> int:
    if args.from_month or args.to_month:
        raise CDPError("Police counts are given for whole calendar quarters only (so that no two windows can be "
                       "subtracted): use --quarter, e.g. --quarter 2025-Q3.")
    counts, info = police_counts_from_files(args.street, args.lookup, args.area, args.crime_type, args.boundaries,
                                            args.quarter)
    records = [{"ward_code": r.ward_code, "ward_name": r.ward_name, "quarter": info["window"],
                "count": None if pd.isna(r.count) else int(r.count), "suppressed": bool(r.suppressed)}
               for r in counts.itertuples()]
    if args.json:
        print_json(records)
    else:
        print(f"{args.crime_type} by ward in {args.area}, {info['window']} (months {', '.join(info['months'])}); "
              f"quarters held whole: {', '.join(info['windows'])}")
        for r in records:
            shown = "suppressed (under 5)" if r["suppressed"] else f"{r['count']:,}"
            print(f"  {r['ward_code']} {r['ward_name']}: {shown}")
        for force, n in info["not_located"].items():
            print(f"  not located ({force}, whole force): {'fewer than 5' if n is None else f'{n:,}'}")
    return 0
