"""``fetch geography``: download ward boundaries, lookups and IoD files for an area."""

from __future__ import annotations

import argparse
import sys

from ._common import add_workspace_argument, open_workspace, print_json


def register(sub) -> None:
    parser = sub.add_parser("fetch", help="download public data for the ward map")
    fsub = parser.add_subparsers(dest="fetch_command", metavar="WHAT")
    geo = fsub.add_parser("geography", help="ONS ward boundaries, lookups, IoD and Census population for an area")
    add_workspace_argument(geo)
    geo.add_argument("--area", required=True, help="partnership area code, e.g. E08000014 or E10000017")
    geo.add_argument("--base-url", help="mirror laid out like shared/data/public (default $CDP_GEOGRAPHY_BASE_URL, "
                                        "else the official addresses)")
    geo.add_argument("--timeout", type=float, help="seconds before a download gives up (default $CDP_HTTP_TIMEOUT)")
    geo.add_argument("--refresh", action="store_true", help="ignore the download cache")
    geo.add_argument("--json", action="store_true", help="print JSON")
    geo.set_defaults(func=_geography)
    parser.set_defaults(func=lambda args: parser.print_help() or 2)


def _geography(args: argparse.Namespace) -> int:
    from ..services.fetch import fetch_geography

    ws = open_workspace(args)
    last = {"label": None}

    def progress(label: str, done: int, total: int | None) -> None:
        if args.json:
            return
        if label != last["label"]:
            last["label"] = label
            print(f"Downloading {label}…", file=sys.stderr)

    results = fetch_geography(ws, args.area, base=args.base_url, refresh=args.refresh, progress=progress,
                              timeout=args.timeout)
    if args.json:
        print_json(results)
    else:
        for r in results:
            print(f"{r['resource']}: {r['status']}" + (f", {r['summary']}" if r.get("summary") else
                                                      f" ({r.get('detail', '')})"))
    return 0
