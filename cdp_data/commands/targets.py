"""``targets status`` and ``targets import``: are partnerships on track against their targets?"""

from __future__ import annotations

import argparse
from pathlib import Path

from ._common import add_workspace_argument, open_workspace, print_json, print_report
from ..core import limits
from ..core.errors import CDPError
from ..services import targets as tg


class UnknownPartnership(CDPError):
    """The partnership code given is not in the workspace."""


def register(sub) -> None:
    parser = sub.add_parser("targets", help="baselines, targets and on-track status")
    tsub = parser.add_subparsers(dest="targets_command", metavar="ACTION")

    status = tsub.add_parser("status", help="status against target per partnership and indicator")
    add_workspace_argument(status)
    status.add_argument("--partnership", help="one partnership's GSS code (default: all)")
    status.add_argument("--json", action="store_true", help="print JSON")
    status.set_defaults(func=_status)

    imp = tsub.add_parser("import", help="import baselines and targets from an indicators sheet in a workbook")
    add_workspace_argument(imp)
    imp.add_argument("path", type=Path)
    imp.add_argument("--partnership", required=True, help="the partnership's GSS code")
    imp.add_argument("--json", action="store_true", help="print JSON")
    imp.set_defaults(func=_import)
    parser.set_defaults(func=lambda args: parser.print_help() or 2)


def _check_partnership(ws, code: str | None) -> None:
    if code and code not in set(ws.partnerships()["code"]):
        raise UnknownPartnership(f"No partnership with code {code} in the workspace.")


def _status(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    _check_partnership(ws, args.partnership)
    rows = tg.status_table(ws, args.partnership)
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        target = f" target {r['target']} by {r['target_date']}" if r["target"] is not None else ""
        print(f"{r['partnership_code']} {r['indicator_name']}: {r['baseline']} -> {r['latest']}{target}: {r['status']}")
    return 0


def _import(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    _check_partnership(ws, args.partnership)
    content = limits.read_path(args.path)  # in chunks, refused as soon as it passes the byte limit
    limits.check_content(args.path.name, content)
    report = tg.import_targets_workbook(ws, args.partnership, args.path.name, content)
    print_report(report, args.json)
    return 0
