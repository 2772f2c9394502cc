"""``partnerships add|list|remove``: which areas are partnerships (the rest are comparators only).

Loading national data never makes an area a partnership: the demo seeds four, and an administrator declares
the others (the command line acts as the operating-system user, an administrator of the whole workspace).
"""

from __future__ import annotations

import argparse

from ._common import add_workspace_argument, open_workspace, print_json


def register(sub) -> None:
    parser = sub.add_parser("partnerships", help="declare, list or remove the partnerships")
    psub = parser.add_subparsers(dest="partnerships_command", metavar="ACTION")

    add = psub.add_parser("add", help="make a recorded local area (e.g. E08000015) a partnership")
    add_workspace_argument(add)
    add.add_argument("code", metavar="CODE")
    add.set_defaults(func=_add)

    listing = psub.add_parser("list", help="the partnerships in the workspace")
    add_workspace_argument(listing)
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(func=_list)

    remove = psub.add_parser("remove", help="make a partnership a comparator only (refused while it has "
                                            "members or a delivery plan)")
    add_workspace_argument(remove)
    remove.add_argument("code", metavar="CODE")
    remove.set_defaults(func=_remove)
    parser.set_defaults(func=lambda args: parser.print_help() or 2)


def _add(args: argparse.Namespace) -> int:
    from ..services import partnerships

    print(partnerships.declare_partnership(open_workspace(args), args.code))
    return 0


def _remove(args: argparse.Namespace) -> int:
    from ..services import partnerships

    print(partnerships.remove_partnership(open_workspace(args), args.code))
    return 0


def _list(args: argparse.Namespace) -> int:
    from ..services import partnerships

    frame = partnerships.list_partnerships(open_workspace(args))
    rows = [{"code": r.code, "name": r.name, "area_type": r.area_type, "region_code": r.region_code}
            for r in frame.astype(object).where(frame.notna(), None).itertuples()]
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        print(f"{r['code']}  {r['name']}")
    print(f"{len(rows)} partnership(s).")
    return 0
