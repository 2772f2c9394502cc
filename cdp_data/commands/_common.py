"""What every command shares: the ``--workspace`` option, opening the workspace, printing JSON and reports.

Command modules import these from here (never from :mod:`cdp_data.cli`, which imports the commands).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..bootstrap import open_workspace as _open_workspace
from ..core.identity import User
from ..store import Workspace


def add_workspace_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--workspace", type=Path, default=None,
                        help="workspace folder (default $CDP_WORKSPACE or ./workspace)")
    parser.add_argument("--as", dest="act_as", metavar="EMAIL", default=None,
                        help="act as this member: read only their partnerships' own data and write only what their "
                             "role allows (default: the operating-system user, who may do everything)")


def open_workspace(args: argparse.Namespace) -> Workspace:
    ws = _open_workspace(getattr(args, "workspace", None))
    email = getattr(args, "act_as", None)
    return ws.acting_as(User(email=email.strip().lower(), name=email.strip())) if email else ws


def print_json(data) -> None:
    json.dump(data, sys.stdout, indent=2, default=str, ensure_ascii=False)
    sys.stdout.write("\n")


def print_report(report, as_json: bool) -> None:
    """A loader's report: JSON, or its summary line and warnings."""
    if as_json:
        print_json(report.as_dict())
        return
    print(report.summary)
    for warning in report.warnings:
        print(f"  warning: {warning}")
