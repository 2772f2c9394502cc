"""``users add|list|remove``: who may use which partnership, and in which role.

The command line acts as the operating-system user (local mode), an administrator of every partnership:
whoever can run it on the server can open the database anyway. Every change is in the audit trail.
"""

from __future__ import annotations

import argparse

from ._common import add_workspace_argument, open_workspace, print_json

ROLES = ("viewer", "editor", "admin")


def register(sub) -> None:
    parser = sub.add_parser("users", help="add, list or remove the members of a partnership")
    usub = parser.add_subparsers(dest="users_command", metavar="ACTION")

    add = usub.add_parser("add", help="give EMAIL a role in a partnership (or change it)")
    add_workspace_argument(add)
    add.add_argument("email", metavar="EMAIL")
    add.add_argument("--partnership", required=True, metavar="CODE", help="partnership code, e.g. E10000017")
    add.add_argument("--role", required=True, choices=ROLES)
    add.set_defaults(func=_add)

    listing = usub.add_parser("list", help="the members of every partnership (or one)")
    add_workspace_argument(listing)
    listing.add_argument("--partnership", metavar="CODE", help="only this partnership")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(func=_list)

    remove = usub.add_parser("remove", help="remove EMAIL from a partnership")
    add_workspace_argument(remove)
    remove.add_argument("email", metavar="EMAIL")
    remove.add_argument("--partnership", required=True, metavar="CODE")
    remove.set_defaults(func=_remove)
    parser.set_defaults(func=lambda args: parser.print_help() or 2)


def _add(args: argparse.Namespace) -> int:
    from ..services import access

    print(access.add_member(open_workspace(args), args.email, args.partnership, args.role))
    return 0


def _remove(args: argparse.Namespace) -> int:
    from ..services import access

    print(access.remove_member(open_workspace(args), args.email, args.partnership))
    return 0


def _list(args: argparse.Namespace) -> int:
    from ..services import access

    frame = access.list_members(open_workspace(args), args.partnership)
    rows = [{"email": r.email, "partnership": r.partnership_code, "role": r.role,
             "added_at": r.added_at.isoformat() if r.added_at is not None else None, "added_by": r.added_by}
            for r in frame.itertuples()]
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        print(f"{r['partnership']}  {r['role']:<6}  {r['email']}")
    print(f"{len(rows)} member(s).")
    return 0
