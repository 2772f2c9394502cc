"""``report``: the board pack for a partnership, as Word or PDF."""

from __future__ import annotations

import argparse
import errno
import os
import stat
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
    ws, day = open_workspace(args), as_of_date(args.as_of)
    board_pack.partnership_name(ws, args.partnership)  # an unknown code first, as the build would say it
    _check_folder(args.out)  # before the pack's seconds of work, not after
    content = board_pack.board_pack_file(ws, args.partnership, args.fmt, day)
    try:
        args.out.write_bytes(content)
    except OSError as exc:
        raise CDPError(f"Cannot write {args.out.name}: {exc.strerror or exc}.") from exc
    print(f"Wrote the board pack for {args.partnership} to {args.out} ({len(content):,} bytes).")
    return 0


def _check_folder(out: Path) -> None:
    """The sentence the write would end with when ``out``'s folder is missing or not a folder."""
    try:
        is_folder = stat.S_ISDIR(os.stat(out.parent).st_mode)
    except OSError as exc:
        raise CDPError(f"Cannot write {out.name}: {exc.strerror or exc}.") from exc
    if not is_folder:
        raise CDPError(f"Cannot write {out.name}: {os.strerror(errno.ENOTDIR)}.")
