"""``wards imd``, ``wards police`` and ``wards inequality``: ward figures for one area straight from files."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

import pandas as pd

from ._common import print_json
from ..core.errors import CDPError
from ..present import inequality as inequality_words
from ..services.inequality import ward_inequality_from_files
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
    _police_arguments(police)
    police.set_defaults(func=_police)

    inequality = wsub.add_parser("inequality", help="police counts per 1,000 residents by deprivation fifth of "
                                                    "the area's wards: rates, rate ratio and slope index")
    _police_arguments(inequality)
    inequality.add_argument("--imd", type=Path, required=True, help="IoD2019 or IoD2025 LSOA table")
    inequality.add_argument("--population", type=Path, required=True,
                            help="population by LSOA or ward (e.g. Census 2021 usual residents by LSOA 2021)")
    inequality.set_defaults(func=_inequality)
    parser.set_defaults(func=lambda args: parser.print_help() or 2)


def _police_arguments(parser) -> None:
    parser.add_argument("--street", type=Path, nargs="+", required=True, help="street-level crime CSVs")
    parser.add_argument("--lookup", type=Path, nargs="+", required=True,
                        help="LSOA 2011 and/or 2021 to ward lookups (and optionally the ward lookup)")
    parser.add_argument("--boundaries", type=Path, help="ward boundaries defining the area's wards (optional)")
    parser.add_argument("--area", required=True, help="partnership area code")
    parser.add_argument("--crime-type", default="Drugs", help="crime type to count (default Drugs)")
    parser.add_argument("--quarter", metavar="YYYY-QN",
                        help="the calendar quarter to count, e.g. 2025-Q3 (default: the latest the files hold whole); "
                             "counts are given for whole quarters only, so that no two windows can be subtracted")
    parser.add_argument("--from-month", help=argparse.SUPPRESS)  # refused with a sentence: see _whole_quarters
    parser.add_argument("--to-month", help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="print JSON")


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
    counts, info = police_counts_from_files(args.street, args.lookup, args.area, args.crime_type, args.boundaries,
                                            _whole_quarters(args))
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


def _whole_quarters(args: argparse.Namespace) -> str | None:
    """The ``--quarter`` asked for; month ranges are refused (any two of them could be subtracted)."""
    if args.from_month or args.to_month:
        raise CDPError("Police counts are given for whole calendar quarters only (so that no two windows can be "
                       "subtracted): use --quarter, e.g. --quarter 2025-Q3.")
    return args.quarter


def _inequality(args: argparse.Namespace) -> int:
    result, info = ward_inequality_from_files(args.street, args.lookup, args.imd, args.population, args.area,
                                              args.crime_type, args.boundaries, _whole_quarters(args))
    if args.json:
        print_json(inequality_words.as_json(result, info))
        return 0
    subject = ("Drug offences" if args.crime_type.lower() == "drugs" else f"{args.crime_type} crimes") \
        + " recorded by police"
    print(f"{subject} per {result.multiplier:,} residents by deprivation fifth of the wards of {args.area} "
          f"({info['vintage']}; population: {info['population']}; months {', '.join(info['months'])})")
    table = inequality_words.quintile_rows(result)
    for row in table.itertuples(index=False):
        print("  " + "; ".join(f"{k}: {v}" for k, v in zip(table.columns, row)))
    for line in inequality_words.summary_sentences(result, subject):
        print(line)
    return 0
