"""``indicators load``, ``indicators compare`` and ``indicators fetch``."""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

from ..services.catalogue import seed_catalogue
from ._common import add_workspace_argument, open_workspace, print_json, print_report
from ..core import limits
from ..core.errors import LoadError
from ..services.loading import iter_files, load_file
from ..store import Workspace


def register(sub) -> None:
    parser = sub.add_parser("indicators", help="load indicator extracts; compare areas with England")
    isub = parser.add_subparsers(dest="indicators_command", metavar="ACTION")

    load = isub.add_parser("load", help="load Fingertips exports, NDTMS tables or the local figures template")
    add_workspace_argument(load)
    load.add_argument("paths", nargs="+", type=Path, metavar="FILE")
    load.add_argument("--json", action="store_true", help="print JSON")
    load.set_defaults(func=_load)

    compare = isub.add_parser("compare", help="each area's value compared with England, beside the published label")
    compare.add_argument("paths", nargs="+", type=Path, metavar="FILE")
    compare.add_argument("--indicator", required=True, help="indicator ID (Fingertips ID or catalogue ID)")
    compare.add_argument("--benchmark", default="england", metavar="england|region|GROUP",
                         help="compare with England (default), each area's region, or a peer group given as "
                              "comma-separated area codes (compared among themselves by quintiles)")
    compare.add_argument("--json", action="store_true", help="print JSON")
    compare.set_defaults(func=_compare)

    fetch = isub.add_parser("fetch", help="download indicators from the Fingertips API into the workspace")
    add_workspace_argument(fetch)
    fetch.add_argument("--indicator", action="append", help="Fingertips indicator ID (repeatable)")
    fetch.add_argument("--profile", help="Fingertips profile ID (every indicator in the profile)")
    fetch.add_argument("--area-type", type=int, default=502, help="child area type (502, 402, 102, 15, 6)")
    fetch.add_argument("--parent-area-type", type=int, default=15, help="parent area type (15 England, 6 region)")
    fetch.add_argument("--refresh", action="store_true", help="ignore the local cache")
    fetch.add_argument("--json", action="store_true", help="print JSON")
    fetch.set_defaults(func=_fetch)
    parser.set_defaults(func=lambda args: parser.print_help() or 2)


def _read_all(ws: Workspace, paths: list[Path]) -> list:
    files = iter_files(paths)
    if not files:
        raise LoadError("No files given.")
    reports = []
    for path in files:
        if not path.is_file():
            raise LoadError(f"{path} does not exist.")
        reports.append(load_file(ws, path.name, limits.read_path(path)))
    return reports


def _summary(reports: list) -> dict:
    periods, indicators, warnings = [], [], []
    for r in reports:
        for p in r.details.get("periods", []):
            if p not in periods:
                periods.append(p)
        indicators += [i for i in r.details.get("indicators", []) if i not in indicators]
        warnings += [f"{r.filename}: {w}" for w in r.warnings]
    return {"rows": sum(r.rows for r in reports), "indicators": indicators,
            "areas": sum(int(r.details.get("areas", 0)) for r in reports), "periods": periods,
            "warnings": warnings, "files": [r.as_dict() for r in reports]}


def _load(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    summary = _summary(_read_all(ws, args.paths))
    if args.json:
        print_json(summary)
    else:
        print(f"{summary['rows']:,} values for {len(summary['indicators'])} indicator(s): "
              f"{', '.join(summary['indicators'])}; periods {', '.join(summary['periods'])}")
        for w in summary["warnings"]:
            print(f"  warning: {w}")
    return 0


def _benchmark(text: str) -> tuple[str, list[str] | None]:
    """``england``, ``region`` or a peer group of area codes ("E06000001,E06000002")."""
    wanted = (text or "england").strip()
    if wanted.lower() in ("england", "region"):
        return wanted.lower(), None
    codes = [c.strip().upper() for c in wanted.split(",") if c.strip()]
    if not codes or not all(re.fullmatch(r"E\d{8}", c) for c in codes):
        raise LoadError(f"--benchmark must be england, region or a peer group of area codes separated by commas "
                        f"(E06000001,E06000002); {wanted[:60]!r} is none of these.")
    return "group", codes


def _compare(args: argparse.Namespace) -> int:
    from ..services.indicators import comparison_table, indicator_choices

    benchmark, group = _benchmark(args.benchmark)

    with tempfile.TemporaryDirectory(prefix="cdp_compare_") as folder:
        ws = Workspace.open(folder)
        try:
            seed_catalogue(ws)
            _read_all(ws, args.paths)
            known = indicator_choices(ws)
            wanted = str(args.indicator)
            if wanted not in set(known["indicator_id"]):
                from ..services.catalogue import get_catalogue

                cat = get_catalogue(ws)
                match = cat.loc[cat["fingertips_id"] == wanted, "indicator_id"]
                if match.empty or match.iloc[0] not in set(known["indicator_id"]):
                    raise LoadError(f"Indicator {wanted} is not in the file(s) given; they hold "
                                    f"{', '.join(known['indicator_id']) or 'no indicators'}.")
                wanted = match.iloc[0]
            records = comparison_table(ws, wanted, benchmark, group)
        finally:
            ws.dispose()
    if args.json:
        print_json(records)
    else:
        for r in records:
            print(f"{r['period']}\t{r['area_code']}\t{r['area_name']}\t{r['value']}\t{r['compared_to_england']}"
                  f"\t(published: {r['published_compared_to_england']})\t{r['benchmark_label']} "
                  f"against {r['benchmark']} ({r['method']})")
    return 0


def _fetch(args: argparse.Namespace) -> int:
    from ..services import fingertips_api

    ws = open_workspace(args)

    def progress(done: int, total: int, message: str) -> None:
        if not args.json:
            print(f"[{done}/{total}] {message}", file=sys.stderr)

    if args.profile:
        report = fingertips_api.fetch_profile(ws, args.profile, args.area_type, parent_area_type=args.parent_area_type,
                                              refresh=args.refresh, progress=progress)
    elif args.indicator:
        report = fingertips_api.fetch_indicators(ws, [str(i) for i in args.indicator], args.area_type,
                                                 parent_area_type=args.parent_area_type, refresh=args.refresh,
                                                 progress=progress)
    else:
        raise LoadError("Give --indicator ID (one or more) or --profile ID.")
    print_report(report, args.json)
    return 0
