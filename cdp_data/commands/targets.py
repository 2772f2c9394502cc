"""``targets status`` and ``targets import``: are partnerships on track against their targets?"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from ._common import add_workspace_argument, open_workspace, print_json, print_report
from ..core import limits
from ..core.errors import CDPError
from ..services import targets as tg


class UnknownPartnership(CDPError):
    """The partnership code given is not in the workspace."""


class BadDate(CDPError):
    """A date given on the command line is not a date."""


def as_of_date(text: str | None) -> dt.date | None:
    """``--as-of`` as a date (None when not given: the services then use today)."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise BadDate(f"The date {text!r} is not a date: give it as YYYY-MM-DD, for example 2026-12-02.") from None


def register(sub) -> None:
    parser = sub.add_parser("targets", help="baselines, targets and on-track status")
    tsub = parser.add_subparsers(dest="targets_command", metavar="ACTION")

    status = tsub.add_parser("status", help="status against target per partnership and indicator")
    add_workspace_argument(status)
    status.add_argument("--partnership", help="one partnership's GSS code (default: all)")
    status.add_argument("--json", action="store_true", help="print JSON")
    status.add_argument("--as-of", dest="as_of", metavar="DATE",
                        help="judge the statuses as of this day, YYYY-MM-DD (default: today)")
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
    as_of = as_of_date(args.as_of)
    ws = open_workspace(args)
    _check_partnership(ws, args.partnership)
    rows = tg.status_table(ws, args.partnership, as_of)
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        target = f" target {r['target']} by {r['target_date']}" if r["target"] is not None else ""
        print(f"{r['partnership_code']} {r['indicator_name']}: {r['baseline']} -> {r['latest']}{target}: {r['status']}"
              + (f" (data {r['data_age_months']} months old)" if r["data_stale"] else ""))
    return 0


def _import(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    _check_partnership(ws, args.partnership)
    content = limits.read_path(args.path)  # in chunks, refused as soon as it passes the byte limit
    limits.check_content(args.path.name, content)
    report = tg.import_targets_workbook(ws, args.partnership, args.path.name, content)
    print_report(report, args.json)
    return 0
