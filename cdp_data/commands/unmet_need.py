"""``unmet-need``: unmet need by substance group for one area."""

from __future__ import annotations

import argparse
import re

from ._common import add_workspace_argument, open_workspace, print_json
from ..present import format_share
from ..services.unmet_need import UnknownArea, unmet_need_cli_rows

GSS = re.compile(r"^[EWSN]\d{8}$")


def register(sub) -> None:
    parser = sub.add_parser("unmet-need", help="people who need treatment and are not in it, by substance group")
    parser.add_argument("--area", required=True, help="GSS area code, e.g. E08000015 (Wirral)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    add_workspace_argument(parser)
    parser.set_defaults(func=_unmet_need)


def _unmet_need(args: argparse.Namespace) -> int:
    code = args.area.strip().upper()
    if not GSS.match(code):
        raise UnknownArea(f"{args.area} is not a GSS area code (a letter and eight digits, e.g. E08000015).")
    rows = unmet_need_cli_rows(open_workspace(args), code)
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        rng = (f" ({format_share(r['unmet_need_lower'])} to {format_share(r['unmet_need_upper'])})"
               if r["unmet_need_lower"] is not None else "")
        period = r["period"] or "-"
        print(f"{r['substance_label']:<32} {period:<10} {format_share(r['unmet_need_share']):>7}{rng}"
              f"  {r['note'] or ''}".rstrip())
    return 0
