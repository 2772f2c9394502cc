"""``plan parse``, ``plan versions`` and ``plan compare``: delivery plans from the command line."""

from __future__ import annotations

import argparse
from pathlib import Path

from ._common import add_workspace_argument, open_workspace, print_json


def register(sub) -> None:
    parser = sub.add_parser("plan", help="read delivery-plan workbooks; list and compare stored versions")
    psub = parser.add_subparsers(dest="plan_command", metavar="ACTION")

    parse = psub.add_parser("parse", help="read a delivery-plan workbook and print its actions")
    parse.add_argument("file", type=Path, metavar="FILE")
    parse.add_argument("--json", action="store_true", help="print JSON")
    parse.set_defaults(func=_parse)

    versions = psub.add_parser("versions", help="stored versions of a partnership's plan")
    add_workspace_argument(versions)
    versions.add_argument("--partnership", help="partnership code (default: every partnership)")
    versions.add_argument("--json", action="store_true", help="print JSON")
    versions.set_defaults(func=_versions)

    compare = psub.add_parser("compare", help="what changed between two stored versions")
    add_workspace_argument(compare)
    compare.add_argument("old", type=int, help="id of the older version")
    compare.add_argument("new", type=int, help="id of the newer version")
    compare.add_argument("--json", action="store_true", help="print JSON")
    compare.set_defaults(func=_compare)
    parser.set_defaults(func=lambda args: parser.print_help() or 2)


def _parse(args: argparse.Namespace) -> int:
    from ..present.plan import action_line
    from ..services import plan

    parsed = plan.parse_file(args.file)
    if args.json:
        print_json(parsed.as_json())
        return 0
    for a in parsed.actions:
        print(action_line(a))
    for w in parsed.warnings:
        print(f"warning: {w}")
    print(f"{len(parsed.actions):,} actions.")
    return 0


def _versions(args: argparse.Namespace) -> int:
    from ..services import plan

    frame = plan.versions(open_workspace(args), args.partnership)
    rows = [
        {"id": int(r.id), "partnership_code": r.partnership_code, "version": int(r.version),
         "uploaded_at": r.uploaded_at, "uploaded_by": r.uploaded_by, "filename": r.filename,
         "actions": int(r.n_actions), "is_synthetic": bool(r.is_synthetic)}
        for r in frame.itertuples()
    ]
    if args.json:
        print_json(rows)
    else:
        for r in frame.itertuples():
            print(f"{r.id}: {r.partnership_code} {r.label} ({r.n_actions} actions)")
    return 0


def _compare(args: argparse.Namespace) -> int:
    from ..present.plan import comparison_line
    from ..services import plan

    result = plan.compare_stored(open_workspace(args), args.old, args.new)
    data = {
        "summary": result.summary(),
        "added": result.added.to_dict("records"), "removed": result.removed.to_dict("records"),
        "status_changes": result.status_changes.to_dict("records"), "slipped": result.slipped.to_dict("records"),
        "changed": result.changed.to_dict("records"),
    }
    if args.json:
        print_json(data)
    else:
        print(comparison_line(result.summary()))
        for r in data["status_changes"]:
            print(f"  status: {r['action']}: {r['before']} to {r['after']}")
        for r in data["slipped"]:
            print(f"  slipped: {r['action']}: {r['before']} to {r['after']} ({r['days']} days)")
    return 0
