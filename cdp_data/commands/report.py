"""``report``: the board pack for a partnership, as Word or PDF."""

from __future__ import annotations

import argparse
from pathlib import Path

from ._common import add_workspace_argument, open_workspace
from .targets import as_of_date
from ..core.errors import CDPError
from ..services import board_pack


def register(sub) -> None:
    parser = sub.add_parser("report", help="the board pack for a partnership (Word or PDF)")
    add_workspace_argument(parser)
    parser.add_argument("--partnership", required=True, metavar="CODE", help="partnership code, e.g. E08000015")
    parser.add_argument("--format", dest="fmt", choices=board_pack.FORMATS, required=True)
    parser.add_argument("--out", type=Path, required=True, metavar="PATH", help="the file to write")
    parser.add_argument("--as-of", dest="as_of", metavar="DATE",
                        help="judge the statuses as of this day, YYYY-MM-DD (default: today)")
    parser.set_defaults(func=_report)


def _report(args: argparse.Namespace) -> int:
    content = board_pack.board_pack_file(open_workspace(args), args.partnership, args.fmt, as_of_date(args.as_of))
    try:
        args.out.write_bytes(content)
    except OSError as exc:
        raise CDPError(f"Cannot write {args.out.name}: {exc.strerror or exc}.") from exc
    print(f"Wrote the board pack for {args.partnership} to {args.out} ({len(content):,} bytes).")
    return 0
