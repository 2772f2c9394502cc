"""``workspace info``, ``load``, ``history``, ``undo``, ``backup`` and ``restore``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ._common import add_workspace_argument, open_workspace, print_json
from ..bootstrap import open_workspace as open_unseeded
from ..core import logs
from ..core.errors import LoadError
from ..present import uk_date
from ..services.workspace import load_history_of

# loading (every reader), backup and undo are imported by the actions that run them: `workspace info` starts sooner


def register(sub) -> None:
    parser = sub.add_parser("workspace", help="what the workspace holds; load files into it")
    wsub = parser.add_subparsers(dest="workspace_command", metavar="ACTION")

    info = wsub.add_parser("info", help="what the workspace holds")
    add_workspace_argument(info)
    info.add_argument("--json", action="store_true", help="print JSON")
    info.set_defaults(func=_info)

    load = wsub.add_parser("load", help="load files or folders (kind detected from content)")
    add_workspace_argument(load)
    load.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    load.add_argument("--partnership", help="partnership code for delivery plans and local figures (needed when the workspace holds more than one)")
    load.add_argument("--uploaded-by", default="command line", help="name recorded with delivery plans")
    load.add_argument("--json", action="store_true", help="print JSON")
    load.set_defaults(func=_load)

    save = wsub.add_parser("backup", help="write the whole workspace to one file (SQLite or PostgreSQL)")
    add_workspace_argument(save)
    save.add_argument("path", type=Path, metavar="PATH", help="the backup file to write (must not exist)")
    save.set_defaults(func=_backup)

    restore = wsub.add_parser("restore", help="load a backup into a new, empty workspace")
    add_workspace_argument(restore)
    restore.add_argument("path", type=Path, metavar="PATH", help="a file written by `workspace backup`")
    restore.set_defaults(func=_restore)
    history = wsub.add_parser("history", help="the load history: each load's number, for undo")
    add_workspace_argument(history)
    history.set_defaults(func=_history)

    undo = wsub.add_parser("undo", help="undo a load: put back what it replaced, take away what it added")
    add_workspace_argument(undo)
    undo.add_argument("load_id", metavar="LOAD_ID", help="the load's number (workspace history)")
    undo.set_defaults(func=_undo)
    parser.set_defaults(func=lambda args: parser.print_help() or 2)


def _info(args: argparse.Namespace) -> int:
    summary = open_workspace(args).summary()
    if args.json:
        print_json(summary)
        return 0
    print(f"Workspace {summary['workspace']} (schema {summary['schema_version']})")
    print(f"  partnerships: {', '.join(p['name'] for p in summary['partnerships'])}")
    print(f"  indicator values: {summary['indicator_values']:,} across {summary['indicators']} indicators")
    print(f"  delivery plan versions: {summary['plan_versions']}")
    for d in summary["datasets"]:
        flag = " [synthetic]" if d["is_synthetic"] else ""
        print(f"  {d['kind']}: {d['name']} ({d['vintage'] or 'no vintage'}, {d['rows'] or 0:,} rows){flag}")
    return 0


def _load(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    logs.configure(default_file=ws.folder / "logs" / "cli.log")  # a file that fails unexpectedly is logged there
    options = {"uploaded_by": args.uploaded_by}
    if args.partnership:
        options["partnership_code"] = args.partnership
    from ..services.loading import load_paths

    results = load_paths(ws, args.paths, **options)
    failed = [r for r in results if isinstance(r, LoadError)]
    if args.json:
        print_json([r.as_dict() if not isinstance(r, LoadError) else {"file": getattr(r, "filename", None),
                                                                        "error": str(r)} for r in results])
    else:
        for r in results:
            if not isinstance(r, LoadError):
                print(f"{r.filename}: {r.label}: {r.summary or f'{r.rows:,} rows'}")
                for w in r.warnings:
                    print(f"  warning: {w}")
    for r in failed:
        print(str(r), file=sys.stderr)
    return 2 if failed else 0


def _backup(args: argparse.Namespace) -> int:
    from ..services import backup as backups

    print(f"Backed up {backups.backup(open_workspace(args), args.path).summary}")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from ..services import backup as backups

    ws = open_unseeded(getattr(args, "workspace", None), seed_demo_data=False)
    print(f"Restored {backups.restore(ws, args.path).summary}")
    return 0


def _history(args: argparse.Namespace) -> int:
    for r in load_history_of(open_workspace(args)).itertuples():
        undone = f"  [undone {uk_date(r.undone_at)}]" if uk_date(r.undone_at) else ""
        print(f"{r.id:>5}  {uk_date(r.loaded_at)}  {r.kind}  {r.source_file or ''}{undone}")
    return 0


def _undo(args: argparse.Namespace) -> int:
    from ..services.undo import undo_load

    print(undo_load(open_workspace(args), args.load_id).summary)
    return 0
