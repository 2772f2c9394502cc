"""``audit``: the audit trail, oldest first; with ``--json`` one JSON object per line (keys at, user,
partnership, action, summary, kind, filename, sha256, counts)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from ..core.errors import CDPError
from ._common import add_workspace_argument, open_workspace


def register(sub) -> None:
    parser = sub.add_parser("audit", help="who loaded, uploaded, edited or reset what, and when")
    add_workspace_argument(parser)
    parser.add_argument("--since", metavar="DATE", help="only entries on or after this day (YYYY-MM-DD)")
    parser.add_argument("--partnership", metavar="CODE", help="only entries about this partnership")
    parser.add_argument("--action", help="only entries of this action, e.g. 'plan uploaded' or refused")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.set_defaults(func=_audit)


def _day(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise CDPError(f"--since wants a day as YYYY-MM-DD; got '{text}'.") from None


def _audit(args: argparse.Namespace) -> int:
    from ..services import access

    frame = access.audit_trail(open_workspace(args), since=_day(args.since), partnership=args.partnership,
                               action=args.action)
    for r in frame.itertuples():
        entry = {"at": r.at.isoformat(), "user": r.user, "partnership": r.partnership, "action": r.action,
                 "summary": r.summary, "kind": r.kind, "filename": r.filename, "sha256": r.sha256,
                 "counts": json.loads(r.counts or "{}"), "id": int(r.id)}
        if args.json:
            sys.stdout.write(json.dumps(entry, ensure_ascii=False) + "\n")
        else:
            print(f"{entry['at']}  {r.user}  {r.partnership or '-'}  {r.action}: {r.summary}")
    return 0
